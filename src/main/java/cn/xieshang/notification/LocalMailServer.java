package cn.xieshang.notification;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The SMTP server the application runs itself when no mail server is configured: notifications are really
 * sent over SMTP, and what arrives is written to a folder ({@code data/mailbox} by default) as .eml files a
 * newcomer can open (numbered on from the highest file already there, so a restart keeps earlier mail), and
 * logged with masked addresses.
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
    private static final Pattern EML = Pattern.compile("(\\d{1,9})\\.eml");
    private static final Pattern ADDRESS = Pattern.compile("([^<>\\s@,]+)@([^<>\\s@,]+)");

    private final Set<StoredMessage> written = Collections.newSetFromMap(new IdentityHashMap<>());
    private int number;

    public LocalMailServer(int port, Path mailbox) {
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.greenMail.start();
        this.mailbox = mailbox;
        try {
            Files.createDirectories(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.number = highestNumber(mailbox);
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

    /**
     * Writes every mail received since the last call, each exactly once: the messages are told apart by identity,
     * not by their position in GreenMail's list (which is grouped by recipient, so positions shift).
     */
    synchronized void writeNewMail() {
        List<StoredMessage> fresh = greenMail.getManagers().getImapHostManager().getAllMessages().stream()
                .filter(written::add).sorted(Comparator.comparing(StoredMessage::getReceivedDate,
                        Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        for (StoredMessage stored : fresh) {
            MimeMessage message = stored.getMimeMessage();
            try {
                Path file = write(message);
                LOG.info("Local mailbox: {} to {} — {}", file.getFileName(), masked(message.getHeader("To")),
                        message.getSubject());
            } catch (IOException | MessagingException e) {
                LOG.warn("Could not write a mail to {}", mailbox, e);
            }
        }
    }

    /** The next free number after the highest file in the folder: earlier mail is never overwritten. */
    private Path write(MimeMessage message) throws IOException, MessagingException {
        while (true) {
            Path file = mailbox.resolve(String.format("%05d.eml", ++number));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                message.writeTo(out);
                return file;
            } catch (FileAlreadyExistsException taken) {
                // written by someone else meanwhile: take the next number
            }
        }
    }

    private static int highestNumber(Path mailbox) {
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.map(f -> EML.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Addresses as l***@example.cn: the log shows where mail went without whom it went to. */
    static String masked(String[] addresses) {
        if (addresses == null) {
            return "";
        }
        return Arrays.stream(addresses).flatMap(a -> Arrays.stream(a.split(","))).map(String::trim)
                .map(LocalMailServer::masked).collect(Collectors.joining(","));
    }

    static String masked(String address) {
        Matcher m = ADDRESS.matcher(address);
        if (!m.find()) {
            return "***";
        }
        String local = m.group(1);
        return local.substring(0, Math.min(1, local.length())) + "***@" + m.group(2);
    }

    /** A text (a mail server's answer) with every address in it masked. */
    static String maskedIn(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(masked(m.group())));
    }

    @Override
    public void destroy() {
        writer.shutdownNow();
        writeNewMail();
        greenMail.stop();
    }
}
