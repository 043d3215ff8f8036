package cn.xieshang.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's backup and restore, done as an operator would: a node runs on PostgreSQL, a concern is raised and
 * taken up, {@code pg_dump -Fc} backs the database up while the node runs, the node stops, {@code pg_restore} puts
 * the dump into a fresh database, the engine's job locks of the old node are released, and a node started on the
 * restored database finishes the concern that was open when the dump was taken.
 */
class BackupRestoreTest extends FaultSuite {

    private static final String RESIDENT = "ljy3-resident";
    private static final String DISPATCHER = "ljy3-residents-committee";
    private static final String GRID_WORKER = "ljy3-grid-worker";
    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aCaseOpenAtTheBackupFinishesOnTheRestoredDatabase() throws Exception {
        for (String tool : List.of("pg_dump", "pg_restore", "psql")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (PostgreSQL client tools, e.g. Debian's "
                    + "postgresql-client): the backup and restore test cannot run without it");
        }
        Path dump = Path.of("target", "faults", "backup.dump");
        Node.deleteLog("node-backed-up");
        Node.deleteLog("node-restored");
        try (Postgres original = Postgres.freshDatabase("backup"); Postgres restored = Postgres.freshDatabase("restored")) {
            String title = titles("备份", 1).get(0);
            String id;
            try (Node node = Node.start("node-backed-up", Node.freePort(), original.url(), original, smtpPort())) {
                node.awaitReady(START);
                Rest.Reply raised = node.as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                        Rest.variables(ConcernWalk.concern(title)));
                assertThat(raised.status()).as(raised.body()).isEqualTo(200);
                id = raised.json().get("id").asText();
                complete(node, DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
                complete(node, GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
                awaitTask(node, GRID_WORKER, id, "Task_HandleConcern");

                // the backup, taken while the node runs: pg_dump reads one consistent snapshot
                Files.deleteIfExists(dump);
                run(original, "pg_dump", "-Fc", "--no-owner", "-f", dump.toString(), original.database);
            }
            run(restored, "pg_restore", "--no-owner", "--exit-on-error", "-d", restored.database, dump.toString());
            // jobs the old node had locked would wait out their lock (45 s) on the restored database
            run(restored, "psql", "-v", "ON_ERROR_STOP=1", "-d", restored.database, "-c",
                    "UPDATE act_ru_job SET lock_owner_ = NULL, lock_exp_time_ = NULL WHERE lock_owner_ IS NOT NULL");
            assertThat(restored.count("SELECT count(*) FROM act_ru_task WHERE proc_inst_id_ = ? AND task_def_key_ = ?",
                    id, "Task_HandleConcern")).as("the open task, restored").isEqualTo(1);

            // the restored node logs JSON lines (profile json-logs, as a log collector would read them)
            try (Node node = Node.start("node-restored", Node.freePort(), restored.url(), restored, smtpPort(),
                    "--spring.profiles.active=demo,postgres,json-logs")) {
                node.awaitReady(START);
                assertThat(node.logLines("Started XieshangApplication")).singleElement().satisfies(line ->
                        assertThat(Rest.JSON.readTree(line).get("message").asText()).startsWith("Started XieshangApplication"));
                complete(node, GRID_WORKER, id, "Task_HandleConcern", Map.of("handlingOutcome", "settled",
                        "handlingNotes", "已疏通下水井并更换井盖, 异味已消除。"));
                complete(node, DISPATCHER, id, "Task_RateSatisfaction", Map.of("satisfied", "yes"));
                long deadline = System.nanoTime() + STEP.toNanos();
                while (ended(restored, id).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(300); // the steps after the rating run on the job executor
                }
                assertThat(ended(restored, id)).as("how the case ended:\n" + node.tail())
                        .containsExactly("COMPLETED EndEvent_ConcernSettled");
            }
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static List<String> ended(Postgres db, String id) {
        return db.column("SELECT state_ || ' ' || end_act_id_ FROM act_hi_procinst WHERE id_ = ? AND end_time_ IS NOT NULL", id);
    }

    /** Submits the task's form once the task is there (the job executor runs the steps in between). */
    private static void complete(Node node, String user, String id, String taskKey, Map<String, ?> values) throws Exception {
        String task = awaitTask(node, user, id, taskKey);
        Rest.Reply reply = node.as(user).post("/engine-rest/task/" + task + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
    }

    private static String awaitTask(Node node, String user, String id, String taskKey) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        String query = "/engine-rest/task?processInstanceId=" + id + "&taskDefinitionKey="
                + URLEncoder.encode(taskKey, StandardCharsets.UTF_8);
        while (true) {
            JsonNode tasks = node.as(user).get(query).json();
            if (tasks.isArray() && !tasks.isEmpty()) {
                return tasks.get(0).get("id").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(taskKey + " did not open for " + user + " within " + STEP + ":\n" + node.tail());
            }
            Thread.sleep(300);
        }
    }

    /** A PostgreSQL client tool against the test's server, as the README runs it. */
    private static void run(Postgres db, String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool, "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", db.password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(tool + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    }

    private static boolean onPath(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
