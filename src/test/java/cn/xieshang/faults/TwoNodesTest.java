package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes started at the same moment on one new PostgreSQL database both come up (one sets the database up while
 * the other waits for it), and driven together they lose no task and send every mail once.
 */
class TwoNodesTest extends FaultSuite {

    private static final int CASES_PER_NODE = 8;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoNodesStartTogetherOnANewDatabaseAndShareTheWork() throws Exception {
        try (Postgres db = Postgres.freshDatabase("two_nodes")) {
            Node.deleteLog("node-a");
            Node.deleteLog("node-b");
            try (Node a = Node.start("node-a", Node.freePort(), db.url(), db, smtpPort());
                 Node b = Node.start("node-b", Node.freePort(), db.url(), db, smtpPort())) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    Future<Node> readyA = pool.submit(() -> a.awaitReady(START));
                    Future<Node> readyB = pool.submit(() -> b.awaitReady(START));
                    readyA.get(START.toSeconds() + 10, TimeUnit.SECONDS);
                    readyB.get(START.toSeconds() + 10, TimeUnit.SECONDS);

                    // one node set the database up, the other waited for it (or came after): the lock was used
                    assertThat(a.logLines("start-up lock taken").size() + b.logLines("start-up lock taken").size())
                            .isEqualTo(2);
                    // start-up ran twice and made everything once
                    assertThat(db.column("SELECT name_ FROM act_ru_filter GROUP BY name_ HAVING count(*) > 1")).isEmpty();
                    assertThat(db.column("SELECT name_ FROM act_re_procdef GROUP BY name_, key_ HAVING count(*) > 1"))
                            .isEmpty();

                    List<String> titles = titles("两节点", 2 * CASES_PER_NODE);
                    List<Future<Rest.Reply>> raised = new ArrayList<>();
                    for (int i = 0; i < titles.size(); i++) {
                        Node node = i % 2 == 0 ? a : b;
                        String title = titles.get(i);
                        raised.add(pool.submit(() -> node.as("ljy3-resident").raise(title)));
                    }
                    for (Future<Rest.Reply> reply : raised) {
                        Rest.Reply r = reply.get(2, TimeUnit.MINUTES);
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                    }
                    assertEachCaseOnce(db, titles);

                    Map<String, List<String>> mails = awaitMails(titles, Duration.ofMinutes(2));
                    assertThat(mails.keySet()).as(describe(mails)).containsAll(titles);
                    assertNoMailTwice(mails);
                    assertThat(db.count("SELECT count(*) FROM act_ru_job WHERE exception_msg_ IS NOT NULL")).isZero();
                    assertThat(a.alive() && b.alive()).isTrue();
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}
