package cn.xieshang.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** Sends one templated mail. Failures propagate, so the job that calls this is retried and then an incident. */
@Component
public class Mailer {

    private final JavaMailSender sender;
    private final MailTemplates templates;
    private final MailProperties properties;

    Mailer(JavaMailSender sender, MailTemplates templates, MailProperties properties) {
        this.sender = sender;
        this.templates = templates;
        this.properties = properties;
    }

    /** A file sent along, e.g. a written report. */
    public record Attachment(String name, byte[] content, String mimeType) {
    }

    public void send(String to, String template, Map<String, ?> values, Attachment... attachments) {
        MailTemplates.Rendered mail = templates.render(template, values);
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, attachments.length > 0, "UTF-8");
            helper.setEncodeFilenames(true); // Chinese file names
            helper.setFrom(properties.from());
            helper.setTo(to);
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            for (Attachment attachment : attachments) {
                helper.addAttachment(attachment.name(), new ByteArrayResource(attachment.content()), attachment.mimeType());
            }
            sender.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not build mail to " + to, e);
        }
    }

    public String baseUrl() {
        return properties.baseUrl();
    }
}
