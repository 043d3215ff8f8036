package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.Rest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of the node while residents raise cases, then a restart on the same database: every case whose raise was
 * answered 200 exists once and its mail goes out once (or still waits as a mail job); a raise cut off by the kill
 * made its case at most once.
 */
class KillTest extends FaultSuite {

    private static final int CLIENTS = 3;
    private static final int ANSWERED_BEFORE_KILL = 8;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nothingIsLostOrDoubledWhenTheNodeIsKilledUnderLoad() throws Exception {
        try (Postgres db = Postgres.freshDatabase("kill")) {
            Node.deleteLog("node-killed");
            Node.deleteLog("node-restarted");
            int port = Node.freePort();
            Map<String, String> outcome = new ConcurrentHashMap<>(); // title -> "200" or what happened
            Node first = Node.start("node-killed", port, db.url(), db, smtpPort());
            try {
                first.awaitReady(START);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger answered = new AtomicInteger();
                AtomicInteger serial = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    clients.submit(() -> {
                        Http resident = first.as("ljy3-resident");
                        while (!stop.get()) {
                            String title = "强杀-" + port + "-" + serial.incrementAndGet();
                            outcome.put(title, "in flight");
                            try {
                                Rest.Reply reply = resident.raise(title);
                                outcome.put(title, Integer.toString(reply.status()));
                                if (reply.status() == 200) {
                                    answered.incrementAndGet();
                                }
                            } catch (Exception e) {
                                outcome.put(title, e.getClass().getSimpleName());
                            }
                        }
                    });
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (answered.get() < ANSWERED_BEFORE_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                first.kill(); // under load: requests, transactions and mail jobs in flight
                stop.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(Http.TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)).isTrue();
                assertThat(answered.get()).as("raises answered before the kill").isGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
            } finally {
                first.close();
            }
            System.out.println("Raises around the kill: " + outcome);

            try (Node second = Node.start("node-restarted", port, db.url(), db, smtpPort())) {
                second.awaitReady(START);
                List<String> ok = outcome.entrySet().stream().filter(e -> e.getValue().equals("200")).map(Map.Entry::getKey).toList();
                assertEachCaseOnce(db, ok);
                List<String> exist = new ArrayList<>(ok);
                outcome.forEach((title, what) -> {
                    if (!what.equals("200")) {
                        List<String> cases = casesTitled(db, title);
                        assertThat(cases).as("cases titled %s (%s)", title, what).hasSizeLessThanOrEqualTo(1);
                        if (!cases.isEmpty()) {
                            exist.add(title);
                        }
                    }
                });

                // the dead node's locked mail jobs are taken up once their lock (45 s) has expired
                Map<String, List<String>> mails = awaitMails(exist, Duration.ofMinutes(3));
                assertNoMailTwice(mails);
                assertThat(mails.keySet()).as("mails about cases that do not exist").isSubsetOf(exist);
                for (String title : exist) {
                    if (!mails.containsKey(title)) {
                        String caseId = casesTitled(db, title).get(0);
                        assertThat(db.count("SELECT count(*) FROM act_ru_job WHERE proc_inst_id_ = ? AND handler_type_ = ?",
                                caseId, TaskMailPlugin.JOB_TYPE)).as("the mail about %s: neither sent nor waiting", title)
                                .isEqualTo(1);
                    }
                }
                assertThat(second.alive()).isTrue();
            }
        }
    }
}
