package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Faults injected into running applications (child JVMs on PostgreSQL): nodes that start together, a database
 * that goes away, a node killed under load. Tagged {@value #TAG}: {@code mvn test} leaves them out, {@code mvn test
 * -Pfaults} runs them (CI's stage "fault suite on PostgreSQL"). Each case a test raises has a title of its own, so
 * the test can count the case's rows and mails by title.
 */
@Tag(FaultSuite.TAG)
abstract class FaultSuite {

    static final String TAG = "faults";
    static final Duration START = Duration.ofMinutes(4);

    /** The task mail quotes the case's title on a line of its own: "  事项: <title>". */
    private static final Pattern TITLE = Pattern.compile("事项: (\\S+)");

    protected GreenMail mail;

    @BeforeEach
    void mailServer() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    @AfterEach
    void stopMailServer() {
        mail.stop();
    }

    protected int smtpPort() {
        return mail.getSmtp().getPort();
    }

    /**
     * Received mails by the case title they are about; each entry one recipient of one message. A copy delivered
     * again under the same Message-ID (the node died after the mail server accepted it, before its job ended) is
     * the same message to a mail program, which shows it once: it counts once here and is printed.
     */
    protected Map<String, List<String>> mailsByTitle() {
        Map<String, List<String>> byTitle = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                Matcher title = TITLE.matcher(String.valueOf(message.getContent()));
                String key = title.find() ? title.group(1) : "(no title) " + message.getSubject();
                for (Address to : message.getAllRecipients()) {
                    if (!seen.add(to + " " + message.getMessageID())) {
                        System.out.println("Delivered again with the same Message-ID: " + key + " to " + to);
                        continue;
                    }
                    byTitle.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(to.toString());
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return byTitle;
    }

    /** Waits until every title has a mail (or the time is up), then a little longer so that a repeat would show. */
    protected Map<String, List<String>> awaitMails(Collection<String> titles, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && !mailsByTitle().keySet().containsAll(titles)) {
            Thread.sleep(1000);
        }
        Thread.sleep(3000);
        return mailsByTitle();
    }

    /** Each title in exactly one case, each case with the one task the raise creates. */
    protected static void assertEachCaseOnce(Postgres db, Collection<String> titles) {
        for (String title : titles) {
            List<String> cases = casesTitled(db, title);
            assertThat(cases).as("cases titled %s", title).hasSize(1);
            assertThat(db.count("SELECT count(*) FROM act_ru_task WHERE proc_inst_id_ = ?", cases.get(0)))
                    .as("open tasks of the case titled %s", title).isEqualTo(1);
        }
    }

    protected static List<String> casesTitled(Postgres db, String title) {
        return db.column("SELECT DISTINCT proc_inst_id_ FROM act_hi_varinst WHERE name_ = 'title' AND text_ = ?", title);
    }

    /** No recipient got a case's mail twice. */
    protected static void assertNoMailTwice(Map<String, List<String>> mails) {
        mails.forEach((title, recipients) -> assertThat(recipients).as("recipients of the mail about %s", title)
                .doesNotHaveDuplicates());
    }

    protected static String describe(Map<String, List<String>> mails) {
        return mails.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    protected static List<String> titles(String prefix, int count) {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + run + "-" + i).toList();
    }
}
