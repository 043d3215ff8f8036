package cn.xieshang.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from the sender of every notification
 * @param baseUrl where people reach the application, for links in mails; when not set, this server's own address
 *        (server.address, else localhost, and the port it listens on), and start-up says to set it
 * @param localPort the port of the SMTP server the application starts itself when no spring.mail.host is set
 *        (0 picks a free one)
 * @param localMailbox the folder where that server's received mails are written as .eml files
 */
@ConfigurationProperties("xieshang.mail")
public record MailProperties(
        @DefaultValue("协商议事 <noreply@xieshang.local>") String from,
        @DefaultValue("") String baseUrl,
        @DefaultValue("2525") int localPort,
        @DefaultValue("data/mailbox") String localMailbox) {
}
