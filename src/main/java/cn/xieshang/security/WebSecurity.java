package cn.xieshang.security;

import jakarta.servlet.Filter;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Login throttling for every way to log in, and browser security headers on the application's own pages and API
 * (the Camunda webapps have their own, camunda.bpm.webapp.header-security).
 */
@Configuration
class WebSecurity {

    /** Our pages carry their styles inline and no script; nobody may frame them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    FilterRegistrationBean<LoginThrottle> loginThrottle() {
        FilterRegistrationBean<LoginThrottle> registration = new FilterRegistrationBean<>(new LoginThrottle(Clock.systemUTC()));
        registration.setName("login-throttle");
        registration.addUrlPatterns("/engine-rest/*", "/api/*", "/camunda/api/admin/auth/user/*", "/actuator/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before the authentication filters (order 1)
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> securityHeaders() {
        Filter headers = (request, response, chain) -> {
            jakarta.servlet.http.HttpServletResponse http = (jakarta.servlet.http.HttpServletResponse) response;
            http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Referrer-Policy", "same-origin");
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(headers);
        registration.setName("security-headers");
        registration.addUrlPatterns("/notices", "/notices/*", "/api/*", "/open311/*", "/raise", "/follow/*", "/online/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
