package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database connection cut and restored (a TCP proxy between the node and PostgreSQL): while it is cut, requests
 * fail quickly with a server error instead of hanging; afterwards the node serves again by itself, and no case is
 * lost or doubled, no mail lost or sent twice.
 */
class DatabaseCutTest extends FaultSuite {

    private static final Duration CUT = Duration.ofSeconds(12);
    /** A request during the cut waits at most for a connection (spring.datasource.hikari.connection-timeout). */
    private static final Duration QUICKLY = Duration.ofSeconds(15);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void requestsFailQuicklyWhileTheDatabaseIsGoneAndTheNodeRecovers() throws Exception {
        try (Postgres db = Postgres.freshDatabase("db_cut"); TcpProxy proxy = new TcpProxy(db.host(), db.port())) {
            Node.deleteLog("node-cut");
            try (Node node = Node.start("node-cut", Node.freePort(), db.url(proxy.address()), db, smtpPort())) {
                node.awaitReady(START);
                Http resident = node.as("ljy3-resident");
                Http committee = node.as("ljy3-party-committee");

                List<String> before = titles("断库前", 3);
                for (String title : before) {
                    assertThat(resident.raise(title).status()).isEqualTo(200);
                }

                proxy.cut();
                List<String> duringCut = new ArrayList<>();
                List<String> answers = new ArrayList<>();
                long cutEnds = System.nanoTime() + CUT.toNanos();
                int attempt = 0;
                while (System.nanoTime() < cutEnds) {
                    String title = "断库中-" + System.nanoTime() % 1_000_000 + "-" + ++attempt;
                    duringCut.add(title);
                    long asked = System.nanoTime();
                    Rest.Reply raised = resident.raise(title);
                    Rest.Reply count = committee.get("/engine-rest/task/count");
                    Duration took = Duration.ofNanos(System.nanoTime() - asked);
                    answers.add(raised.status() + "/" + count.status() + " in " + took.toMillis() + " ms");
                    assertThat(took).as("two requests while the database is cut: %s", answers).isLessThan(QUICKLY.multipliedBy(2));
                    assertThat(raised.status()).as("raise while cut: %s", raised.body()).isGreaterThanOrEqualTo(500);
                    assertThat(count.status()).as("task count while cut: %s", count.body()).isGreaterThanOrEqualTo(500);
                }
                System.out.println("While the database was cut: " + answers);
                proxy.restore();

                // the node recovers by itself: fresh connections replace the broken ones
                long recovered = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (committee.tryStatus("/engine-rest/task/count") != 200) {
                    assertThat(System.nanoTime()).as("the node answers again within 60 s of the restore").isLessThan(recovered);
                    Thread.sleep(500);
                }
                List<String> after = titles("断库后", 3);
                for (String title : after) {
                    Rest.Reply r = resident.raise(title);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                }

                List<String> answered = new ArrayList<>(before);
                answered.addAll(after);
                assertEachCaseOnce(db, answered);
                List<String> expectedMail = new ArrayList<>(answered);
                for (String title : duringCut) {
                    // refused requests made no case (a commit whose answer was lost could have made one, once)
                    List<String> cases = casesTitled(db, title);
                    assertThat(cases).as("cases titled %s", title).hasSizeLessThanOrEqualTo(1);
                    if (!cases.isEmpty()) {
                        expectedMail.add(title);
                    }
                }
                Map<String, List<String>> mails = awaitMails(expectedMail, Duration.ofMinutes(2));
                assertThat(mails.keySet()).as(describe(mails)).containsExactlyInAnyOrderElementsOf(expectedMail);
                assertNoMailTwice(mails);
            }
        } catch (IOException e) {
            throw new AssertionError("A request to the node failed without an answer (it hung or dropped)", e);
        }
    }
}
