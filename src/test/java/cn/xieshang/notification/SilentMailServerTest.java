package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A mail server that accepts connections and never answers slows mail and nothing else: each mail job gives up
 * within the SMTP timeouts and is retried, the application keeps answering meanwhile, and once the server
 * answers again every mail goes out exactly once.
 */
class SilentMailServerTest extends IntegrationTest {

    /** More than the job executor's threads (10): all of them could be stuck on the silent server at once. */
    private static final int MAILS = 12;

    @Autowired
    JavaMailSenderImpl mailSender;
    private int smtpPort;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void silentServer() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
        smtpPort = mailSender.getPort();
        silent = new ServerSocket(0, 50);
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // accepted, never answered
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void restore() throws IOException {
        mailSender.setPort(smtpPort);
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void theMailSenderHasConnectReadAndWriteTimeouts() {
        assertThat(mailSender.getJavaMailProperties()).containsEntry("mail.smtp.connectiontimeout", "5000")
                .containsEntry("mail.smtp.timeout", "10000").containsEntry("mail.smtp.writetimeout", "10000");
    }

    @Test
    void aSilentMailServerSlowsMailAndNothingElse() throws Exception {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < MAILS; i++) {
            cases.add(raise("ljy3-resident", topic("沉默的邮件服务器第" + (i + 1) + "件")));
        }
        List<Job> mails = cases.stream().flatMap(id -> mailJobs(id).stream()).toList();
        assertThat(mails).hasSize(MAILS);
        mailSender.setPort(silent.getLocalPort());

        ExecutorService executor = Executors.newFixedThreadPool(MAILS);
        long started = System.nanoTime();
        List<Future<?>> sending = mails.stream()
                .<Future<?>>map(job -> executor.submit(() -> managementService.executeJob(job.getId()))).toList();
        try {
            Thread.sleep(1000); // every job now waits on the silent server, holding its database connection
            assertThat(held).isNotEmpty();
            for (String path : List.of("/engine-rest/task/count", "/notices")) {
                long asked = System.nanoTime();
                assertThat(as("ljy3-party-committee").get(path).status()).as(path).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as(path).isLessThan(Duration.ofSeconds(3));
            }
            for (Future<?> mail : sending) {
                try {
                    mail.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException expected) {
                    // the send failed: what we want
                }
            }
        } finally {
            executor.shutdownNow();
        }
        // the read timeout (10 s) ended them, not the test
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        for (Job mail : mails) {
            Job failed = managementService.createJobQuery().jobId(mail.getId()).singleResult();
            assertThat(failed.getRetries()).isEqualTo(2);
            assertThat(failed.getExceptionMessage()).isNotBlank();
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();

        // the server answers again: the retries (5 minutes later) send every mail, once
        mailSender.setPort(smtpPort);
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + 6 * 60_000));
        for (Job mail : mails) {
            managementService.executeJob(mail.getId());
        }
        assertThat(MAIL.getReceivedMessages()).hasSize(MAILS);
        assertThat(mailsTo("ljy3-party-committee@demo.xieshang.cn")).extracting(m -> m.getHeader("Message-ID")[0])
                .doesNotHaveDuplicates();
        cases.forEach(id -> assertThat(mailJobs(id)).isEmpty());
    }

    private List<Job> mailJobs(String processInstanceId) {
        return jobs(processInstanceId).stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).toList();
    }
}
