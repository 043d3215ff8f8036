package cn.xieshang.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one templated mail. Failures propagate, so the job that calls this is retried and then an incident.
 * Counts every attempt for Prometheus: {@code xieshang.mails{outcome=sent|failed, attempt=first|retry}}, a retry
 * being a send by a job that failed before.
 */
@Component
public class Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender;
    private final MailTemplates templates;
    private final MailProperties properties;
    private final String serverAddress;
    private final MeterRegistry meters;
    private volatile String baseUrl;

    Mailer(JavaMailSender sender, MailTemplates templates, MailProperties properties,
            @Value("${server.address:}") String serverAddress, MeterRegistry meters) {
        this.sender = sender;
        this.meters = meters;
        for (String outcome : new String[] {"sent", "failed"}) {
            count(outcome, "first", 0); // from zero: Prometheus sees the counters before they move
            count(outcome, "retry", 0);
        }
        this.templates = templates;
        this.properties = properties;
        this.serverAddress = serverAddress;
        this.baseUrl = properties.baseUrl().isBlank() ? "http://localhost:8080" : properties.baseUrl().replaceAll("/+$", "");
    }

    /** Without xieshang.mail.base-url, links point at this server's own address, and the log says what to set. */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (!properties.baseUrl().isBlank() || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        String host = serverAddress.isBlank() || serverAddress.equals("0.0.0.0") ? "localhost" : serverAddress;
        baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + event.getWebServer().getPort();
        LOG.warn("xieshang.mail.base-url is not set: links in mails point at {}. Set it (env XIESHANG_MAIL_BASEURL) "
                + "to the address people reach the application at", baseUrl);
    }

    /** A file sent along, e.g. a written report. */
    public record Attachment(String name, byte[] content, String mimeType) {
    }

    public void send(String to, String template, Map<String, ?> values, Attachment... attachments) {
        sendAs(null, to, template, values, attachments);
    }

    /**
     * Sends with a Message-ID of the caller's (e.g. {@code <task-mail.<task>.<user>@xieshang>}), the same on every
     * attempt: should a node die after the mail server accepted a mail and before its job ended, the repeat is the
     * same message to mail programs, which show it once.
     */
    public void sendAs(String messageId, String to, String template, Map<String, ?> values, Attachment... attachments) {
        String attempt = retry() ? "retry" : "first";
        try {
            send(messageId, to, template, values, attachments);
        } catch (RuntimeException e) {
            count("failed", attempt, 1);
            throw e;
        }
        count("sent", attempt, 1);
    }

    private void count(String outcome, String attempt, int mails) {
        Counter.builder("xieshang.mails").description("mails handed to the mail server, by outcome and attempt")
                .tags("outcome", outcome, "attempt", attempt).register(meters).increment(mails);
    }

    /** Whether this send is a job's run after it failed before. */
    private static boolean retry() {
        CommandContext command = Context.getCommandContext();
        JobEntity job = command == null ? null : command.getCurrentJob();
        return job != null && (job.getExceptionMessage() != null || job.getExceptionByteArrayId() != null);
    }

    private void send(String messageId, String to, String template, Map<String, ?> values, Attachment... attachments) {
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
            if (messageId != null) {
                message.setHeader("Message-ID", messageId); // JavaMailSenderImpl keeps a Message-ID set before sending
            }
            sender.send(message);
        } catch (org.springframework.mail.MailException e) {
            // the mail server's answer may quote the recipient in full, and the failed job's log line and incident
            // would keep it: they get the reasons with every address masked, not the exception chain
            throw new IllegalStateException("Could not send mail to " + LocalMailServer.masked(to) + ": " + reasons(e));
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not build mail to " + LocalMailServer.masked(to), e);
        }
    }

    /** What went wrong, from the exception chain and each failed message, with every address masked. */
    static String reasons(Exception failure) {
        java.util.List<Throwable> causes = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null && causes.size() < 5; t = t.getCause()) {
            causes.add(t);
        }
        if (failure instanceof org.springframework.mail.MailSendException send) {
            causes.addAll(send.getFailedMessages().values());
        }
        return causes.stream().map(t -> t.getClass().getSimpleName() + " " + LocalMailServer.maskedIn(t.getMessage()))
                .distinct().collect(java.util.stream.Collectors.joining("; "));
    }

    public String baseUrl() {
        return baseUrl;
    }
}
