package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The application as processes on PostgreSQL, measured against a bare Camunda application and against itself on two
 * nodes: start-up time and idle memory of {@code bare.BareCamundaApplication} and of Xieshang (each the first start
 * on an empty database, the same JVM flags), then cases per second on one node and on two nodes sharing one
 * database. A case here is step 1 of the deliberation over REST: a resident raises a topic, the committee finds the
 * review task and accepts it (the mails go out from the nodes' job executors). Not a test ({@code mvn test} skips
 * it); run by {@code .ci/benchmark}. It fails only if a case is refused.
 */
class ClusterBenchmark {

    static final int CASES = Integer.getInteger("benchmark.clusterCases", 200);
    static final int WARMUP = Integer.getInteger("benchmark.clusterWarmup", 40);
    static final int CLIENTS = Integer.getInteger("benchmark.clusterClients", 4);
    static final Duration START = Duration.ofMinutes(4);

    @Test
    void startUpMemoryAndOneNodeAgainstTwo() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        List<String> lines = new ArrayList<>();
        try (Postgres bareDb = Postgres.freshDatabase("bench_bare"); Postgres db = Postgres.freshDatabase("bench_cluster")) {
            int barePort = Node.freePort();
            long bareStart = System.nanoTime();
            double bareSeconds;
            long bareRss;
            try (Node bare = Node.launch("bare-camunda", barePort, "bare.BareCamundaApplication", List.of(
                    "--spring.datasource.url=" + bareDb.url(), "--spring.datasource.username=" + bareDb.user,
                    "--spring.datasource.password=" + bareDb.password, "--server.port=" + barePort,
                    "--spring.main.banner-mode=off",
                    // our readiness group names our mail server's health, which a bare application has not
                    "--management.endpoint.health.group.readiness.include=readinessState,db",
                    // our start-up guard is registered on the classpath (spring.factories) and would stop it
                    "--xieshang.admin.password=bare"))) {
                awaitAnswer(bare);
                bareSeconds = (System.nanoTime() - bareStart) / 1e9;
                bareRss = idleRss(bare);
            }

            long ourStart = System.nanoTime();
            try (Node a = Node.start("bench-a", Node.freePort(), db.url(), db, mail.getSmtp().getPort())) {
                a.awaitReady(START);
                double ourSeconds = (System.nanoTime() - ourStart) / 1e9;
                long ourRss = idleRss(a);
                lines.add(String.format("%-34s %10s %12s", "", "start-up s", "idle RSS MB"));
                lines.add(String.format("%-34s %10.1f %12d", "bare Camunda 7.24 application", bareSeconds, bareRss / 1024));
                lines.add(String.format("%-34s %10.1f %12d", "Xieshang", ourSeconds, ourRss / 1024));
                lines.add(String.format("%-34s %10.2f %12.2f", "x bare", ourSeconds / bareSeconds,
                        (double) ourRss / bareRss));
                lines.add("");

                AtomicInteger titles = new AtomicInteger();
                run(List.of(a), WARMUP, titles);
                double one = run(List.of(a), CASES, titles);
                try (Node b = Node.start("bench-b", Node.freePort(), db.url(), db, mail.getSmtp().getPort())) {
                    b.awaitReady(START);
                    run(List.of(b), WARMUP, titles);
                    double two = run(List.of(a, b), CASES, titles);
                    lines.add(String.format("%-34s %10s", "", "cases/s"));
                    lines.add(String.format("%-34s %10.1f", "one node, " + CLIENTS + " clients", one));
                    lines.add(String.format("%-34s %10.1f", "two nodes, " + CLIENTS + " clients", two));
                    lines.add(String.format("%-34s %10.2f", "two / one", two / one));
                    lines.add(String.format("(a case: raise a topic, find the review task, accept it; %d cases each,"
                            + " after %d unmeasured per node)", CASES, WARMUP));
                }
            }
        } finally {
            mail.stop();
        }
        print(lines);
    }

    /** Cases per second of {@code cases} cases, {@link #CLIENTS} clients spread over the nodes. */
    private static double run(List<Node> nodes, int cases, AtomicInteger titles) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Node node = nodes.get(c % nodes.size());
                done.add(clients.submit(() -> {
                    while (next.getAndIncrement() < cases) {
                        oneCase(node, "集群测试议题" + titles.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        return cases / ((System.nanoTime() - start) / 1e9);
    }

    private static void oneCase(Node node, String title) throws IOException, InterruptedException {
        Rest.Reply raised = node.as("ljy3-resident").raise(title);
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        String id = raised.json().get("id").asText();
        Http committee = node.as("ljy3-party-committee");
        Rest.Reply tasks = committee.get("/engine-rest/task?processInstanceId=" + id);
        assertThat(tasks.json().size()).as(tasks.body()).isEqualTo(1);
        Map<String, Object> acceptance = new HashMap<>();
        acceptance.put("decision", "accept");
        acceptance.put("stakeholders", List.of("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative"));
        acceptance.put("researchers", List.of("ljy3-cppcc-member"));
        Rest.Reply accepted = committee.post("/engine-rest/task/" + tasks.json().get(0).get("id").asText()
                + "/submit-form", Rest.variables(acceptance));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
    }

    /** Until the application answers HTTP at all (the bare one has no login). */
    private static void awaitAnswer(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(node.alive()).as("node " + node.name + " alive:\n" + node.tail()).isTrue();
            if (node.as("nobody").tryStatus("/engine-rest/engine") > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(node.name + " did not answer:\n" + node.tail());
    }

    /** Resident memory (kB) after 20 s of idling and a full collection, as the operating system counts it. */
    private static long idleRss(Node node) throws IOException, InterruptedException {
        Thread.sleep(20_000);
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(node.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(2_000);
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(node.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + node.name);
    }

    private static void print(List<String> lines) throws IOException {
        cn.xieshang.support.BenchmarkReport.print("Cluster benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs (nodes, PostgreSQL and clients on this one machine)", "cluster.txt", lines);
    }
}
