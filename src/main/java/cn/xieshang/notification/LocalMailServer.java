package cn.xieshang.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The SMTP server the application runs itself when no mail server is configured: notifications are really
 * sent over SMTP, and what arrives is written to a folder ({@code data/mailbox} by default) as .eml files a
 * newcomer can open, and logged.
 */
public class LocalMailServer implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMailServer.class);

    private final GreenMail greenMail;
    private final Path mailbox;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-mailbox");
        t.setDaemon(true);
        return t;
    });
    private int written;

    public LocalMailServer(int port, Path mailbox) {
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.greenMail.start();
        this.mailbox = mailbox;
        try {
            Files.createDirectories(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.scheduleWithFixedDelay(this::writeNewMail, 1, 1, TimeUnit.SECONDS);
        LOG.info("No spring.mail.host configured: local SMTP server on 127.0.0.1:{}, received mail goes to {}",
                port(), mailbox.toAbsolutePath());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    synchronized void writeNewMail() {
        MimeMessage[] all = greenMail.getReceivedMessages();
        for (; written < all.length; written++) {
            MimeMessage message = all[written];
            Path file = mailbox.resolve(String.format("%05d.eml", written + 1));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
                LOG.info("Local mailbox: {} to {} — {}", file.getFileName(),
                        String.join(",", List.of(message.getHeader("To"))), message.getSubject());
            } catch (IOException | MessagingException e) {
                LOG.warn("Could not write {}", file, e);
            }
        }
    }

    @Override
    public void destroy() {
        writer.shutdownNow();
        writeNewMail();
        greenMail.stop();
    }
}
