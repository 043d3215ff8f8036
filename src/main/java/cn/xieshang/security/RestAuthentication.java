package cn.xieshang.security;

import java.util.Map;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every call to {@code /engine-rest} and to the application's own JSON endpoints under {@code /api} authenticates
 * with HTTP Basic against the engine's identity service (reads under {@code /api} also with a webapp's session) and then runs with that user's groups and tenants, so
 * authorizations and community isolation apply.
 */
@Configuration
class RestAuthentication {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addUrlPatterns("/engine-rest/*");
        registration.setInitParameters(Map.of(
                ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName()));
        registration.setOrder(1);
        return registration;
    }

    /**
     * Xieshang's own API (concerns, running totals) authenticates the same way and runs with the same groups and
     * tenants; a person logged in to a Camunda webapp may also read it with that session ({@link WebappSessionOrBasic}).
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> apiAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("api-authentication");
        registration.addUrlPatterns("/api/*");
        registration.setInitParameters(Map.of(
                ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                WebappSessionOrBasic.class.getName()));
        registration.setOrder(1);
        return registration;
    }
}
