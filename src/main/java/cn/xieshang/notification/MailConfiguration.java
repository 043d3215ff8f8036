package cn.xieshang.notification;

import java.nio.file.Path;
import java.util.Properties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * With {@code spring.mail.host} set, Spring Boot's mail sender talks to that server. Without it, the
 * application starts its own SMTP server and sends there, so mail always really goes over SMTP. Both senders
 * take {@code spring.mail.properties}, where application.yaml sets the SMTP connect, read and write timeouts.
 */
@Configuration
class MailConfiguration {

    @Configuration
    @ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
    @EnableConfigurationProperties(org.springframework.boot.autoconfigure.mail.MailProperties.class)
    static class WithoutMailServer {

        @Bean
        LocalMailServer localMailServer(MailProperties properties) {
            return new LocalMailServer(properties.localPort(), Path.of(properties.localMailbox()));
        }

        @Bean
        JavaMailSender mailSender(LocalMailServer server, org.springframework.boot.autoconfigure.mail.MailProperties boot) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            sender.setDefaultEncoding("UTF-8");
            Properties properties = new Properties();
            properties.putAll(boot.getProperties());
            sender.setJavaMailProperties(properties);
            return sender;
        }
    }
}
