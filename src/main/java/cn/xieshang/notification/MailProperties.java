package cn.xieshang.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from the sender of every notification
 * @param baseUrl where people reach the application, for links in mails
 * @param localPort the port of the SMTP server the application starts itself when no spring.mail.host is set
 *        (0 picks a free one)
 * @param localMailbox the folder where that server's received mails are written as .eml files
 */
@ConfigurationProperties("xieshang.mail")
public record MailProperties(
        @DefaultValue("协商议事 <noreply@xieshang.local>") String from,
        @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("2525") int localPort,
        @DefaultValue("data/mailbox") String localMailbox) {
}
