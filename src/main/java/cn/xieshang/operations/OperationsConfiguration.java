package cn.xieshang.operations;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Health for load balancers and who may read Actuator; the metrics are {@link EngineCounters} and {@link Workload}. */
@Configuration
class OperationsConfiguration {

    @Bean
    FilterRegistrationBean<ActuatorAccess> actuatorAccess(ObjectProvider<ProcessEngine> engine,
            @Value("${xieshang.operations.scrape-group:metrics-scraper}") String scrapeGroup) {
        FilterRegistrationBean<ActuatorAccess> registration =
                new FilterRegistrationBean<>(new ActuatorAccess(engine, scrapeGroup));
        registration.setName("actuator-access");
        registration.addUrlPatterns("/actuator", "/actuator/*");
        registration.setOrder(1); // as the other authentication filters: after the login throttle
        return registration;
    }

    /** Component {@code mail} of the health endpoint, in place of Spring Boot's, which would say DOWN. */
    @Bean
    MailServerHealth mailHealthIndicator(JavaMailSender sender,
            @Value("${xieshang.operations.mail-check-interval:PT30S}") Duration interval) {
        return new MailServerHealth((JavaMailSenderImpl) sender, interval, Clock.systemUTC());
    }

    /** Component {@code jobExecutor}, in place of Camunda's (same bean name). */
    @Bean
    JobExecutorHealth jobExecutorHealthIndicator(ObjectProvider<JobExecutor> jobExecutor,
            @Value("${camunda.bpm.job-execution.enabled:true}") boolean enabled) {
        return new JobExecutorHealth(jobExecutor.getIfAvailable(), enabled);
    }
}
