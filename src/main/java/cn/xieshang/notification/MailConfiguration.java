package cn.xieshang.notification;

import java.nio.file.Path;
import java.util.Properties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * With {@code spring.mail.host} set, Spring Boot's mail sender talks to that server. Without it, the
 * application starts its own SMTP server and sends there, so mail always really goes over SMTP.
 */
@Configuration
class MailConfiguration {

    @Configuration
    @ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
    static class WithoutMailServer {

        @Bean
        LocalMailServer localMailServer(MailProperties properties) {
            return new LocalMailServer(properties.localPort(), Path.of(properties.localMailbox()));
        }

        @Bean
        JavaMailSender mailSender(LocalMailServer server) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            sender.setDefaultEncoding("UTF-8");
            Properties properties = new Properties();
            properties.put("mail.smtp.connectiontimeout", "5000");
            properties.put("mail.smtp.timeout", "10000");
            sender.setJavaMailProperties(properties);
            return sender;
        }
    }
}
