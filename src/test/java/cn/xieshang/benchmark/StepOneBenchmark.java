package cn.xieshang.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.SqlStatements;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How much step 1 of the deliberation (raise a topic, the committee accepts it) costs, as a ratio against a bare
 * user-task process measured in the same run on the same engine and database. Not a test: the name does not end
 * in {@code Test}, so {@code mvn test} skips it, and it never fails on speed (only when a scenario stops doing
 * what it should). Run it with
 *
 * <pre>
 * mvn -q test -Dtest=StepOneBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and add {@code -Dspring.datasource.url=jdbc:postgresql://127.0.0.1:5432/<fresh db>
 * -Dspring.datasource.username=postgres -Dspring.datasource.password=} for PostgreSQL (a throwaway database: the
 * run leaves thousands of cases behind). Knobs: {@code -Dbenchmark.instances} (N per Java scenario),
 * {@code -Dbenchmark.rounds}, {@code -Dbenchmark.warmup}, {@code -Dbenchmark.rest}, {@code -Dbenchmark.mails}.
 * The table goes to stdout and to {@code target/benchmark/step-one.txt}; see {@code docs/benchmark.md}.
 *
 * <p>Scenarios, all on this one thread, each instance started and its task completed back to back:
 * <ul>
 *   <li><b>plain engine</b> (reference): the bare process on a second, plain Camunda engine built on the same
 *       DataSource with full history and none of the application's plugins: the engine's own floor;</li>
 *   <li><b>baseline</b>: the bare process "start → user task → end" (no form, no candidate group), deployed by
 *       this class without tenant, started with {@code communityId} through the Java API without authentication
 *       and completed with {@code taskService.complete}. The application's engine-wide plugins still apply
 *       (tenant, case variables, privacy history filter, the task-mail listener finding nobody to mail);</li>
 *   <li><b>step 1</b>: {@code formService.submitStartForm} of a valid topic authenticated as {@code ljy3-resident}
 *       (authorization, tenant, case number, start-form rules, privacy filter, the stakeholder and researcher
 *       pools, the committee's mail job), then the committee's task query and {@code formService.submitTaskForm}
 *       with {@code decision=accept}, three stakeholders and a researcher as {@code ljy3-party-committee}
 *       (task-form rules). The accepted case then waits, as in production, at the asynchronous continuation
 *       before {@code Task_NotifyRequesterAccepted} (step 2 is not measured), so unlike the baseline it stays in
 *       the runtime tables;</li>
 *   <li><b>step 1 over REST</b> (smaller sample): the same through {@code /engine-rest} with HTTP Basic, as
 *       integrators call it: submit-form, task query, submit-form;</li>
 *   <li><b>mail job</b>: executing one scheduled task mail job ({@code managementService.executeJob}: render and
 *       send over SMTP to the GreenMail server of {@link IntegrationTest}); the instances that scheduled them are
 *       not timed.</li>
 * </ul>
 * The Java scenarios are interleaved in rounds (order rotated each round) so that a growing history, garbage
 * collection and JIT affect all of them alike. Per-instance SQL statement counts come from one extra instance of
 * each scenario with MyBatis' statement loggers at DEBUG (not timed).
 */
class StepOneBenchmark extends IntegrationTest {

    static final String BARE = "benchmark-bare";
    static final String COMMUNITY = "laojunying-3";
    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final List<String> STAKEHOLDERS =
            List.of("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative");
    static final List<String> RESEARCHERS = List.of("ljy3-cppcc-member");
    /** Where an accepted topic waits for the job executor: telling the requester, then step 2 (research). */
    static final String AFTER_ACCEPT = "Task_NotifyRequesterAccepted";
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    FormService formService;
    @Autowired
    DataSource dataSource;

    private ProcessEngine plain;
    private String deliberationId;
    private int sequence;
    private String loadAtStart;

    /** One kind of instance: how it starts (returning the process instance id) and how it is completed. */
    interface Scenario {
        String name();

        String start(int i);

        void complete(String processInstanceId);
    }

    /** Nanoseconds per instance of one scenario, start and complete apart. */
    static final class Timings {
        final String name;
        final List<long[]> samples = new ArrayList<>(); // {start, complete, CPU time of this thread}

        Timings(String name) {
            this.name = name;
        }

        int n() {
            return samples.size();
        }

        double totalMs() {
            return samples.stream().mapToLong(s -> s[0] + s[1]).sum() / 1e6;
        }

        double meanMs() {
            return totalMs() / n();
        }

        double perSecond() {
            return n() / (totalMs() / 1000);
        }

        double meanMs(int part) {
            return samples.stream().mapToLong(s -> s[part]).sum() / 1e6 / n();
        }

        double percentileMs(double p) {
            long[] all = samples.stream().mapToLong(s -> s[0] + s[1]).sorted().toArray();
            int at = (int) Math.min(all.length - 1, Math.max(0, Math.ceil(p * all.length) - 1));
            return all[at] / 1e6;
        }
    }

    @Test
    void stepOneAgainstABareUserTask() throws Exception {
        int n = Integer.getInteger("benchmark.instances", 600);
        int rounds = Integer.getInteger("benchmark.rounds", 5);
        int warmup = Integer.getInteger("benchmark.warmup", 300);
        int restN = Integer.getInteger("benchmark.rest", Math.max(rounds, n / 10));
        int mailN = Integer.getInteger("benchmark.mails", Math.max(rounds, n / 10));
        long began = System.nanoTime();
        loadAtStart = load();

        deployBareProcess();
        deliberationId = repositoryService.createProcessDefinitionQuery().processDefinitionKey("deliberation")
                .withoutTenantId().latestVersion().singleResult().getId();
        plain = plainEngine();
        try {
            List<Scenario> java = List.of(plainScenario(), baselineScenario(), stepOneScenario());
            Scenario rest = restScenario();

            // warm-up: JIT, caches (deployment, forms, FEEL), connection pool; not counted
            for (Scenario s : java) {
                repeat(s, warmup, null);
            }
            repeat(rest, Math.max(20, warmup / 5), null);
            mails(Math.max(10, warmup / 10), null, false);

            Map<String, Timings> timings = new LinkedHashMap<>();
            java.forEach(s -> timings.put(s.name(), new Timings(s.name())));
            timings.put(rest.name(), new Timings(rest.name()));
            Timings mail = new Timings("mail job: execute (SMTP send)");
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < java.size(); k++) {
                    Scenario s = java.get((k + r) % java.size());
                    System.gc();
                    repeat(s, share(n, rounds, r), timings.get(s.name()));
                }
                System.gc();
                repeat(rest, share(restN, rounds, r), timings.get(rest.name()));
                System.gc();
                mails(share(mailN, rounds, r), mail, false);
            }
            timings.put(mail.name, mail);

            Map<String, Map<String, Integer>> statements = new LinkedHashMap<>();
            for (Scenario s : java) {
                statements.put(s.name(), SqlStatements.count(() -> repeat(s, 1, null)));
            }
            statements.put(mail.name, mails(1, null, true));
            checkStepOneDidItsWork();

            String report = report(n, rounds, warmup, timings, statements, (System.nanoTime() - began) / 1e9);
            System.out.println(report);
            Path file = Paths.get(System.getProperty("basedir", "."), "target", "benchmark", "step-one.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            System.out.println("(written to " + file.toAbsolutePath().normalize() + ")");
        } finally {
            identityService.clearAuthentication();
            plain.close();
        }
    }

    private static int share(int total, int rounds, int round) {
        return total / rounds + (round < total % rounds ? 1 : 0);
    }

    private void repeat(Scenario scenario, int times, Timings into) {
        for (int i = 0; i < times; i++) {
            long cpu = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            String id = scenario.start(sequence++);
            long t1 = System.nanoTime();
            scenario.complete(id);
            long t2 = System.nanoTime();
            if (into != null) {
                into.samples.add(new long[] {t1 - t0, t2 - t1, CPU.getCurrentThreadCpuTime() - cpu});
            }
        }
    }

    // --- the scenarios ------------------------------------------------------------------------------------------

    private void deployBareProcess() {
        BpmnModelInstance bare = Bpmn.createExecutableProcess(BARE)
                .name("Benchmark: bare user task")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Bare")
                .userTask("Task_Bare").name("Bare task")
                .endEvent("EndEvent_Bare")
                .done();
        repositoryService.createDeployment().name("benchmark").addModelInstance(BARE + ".bpmn", bare).deploy();
    }

    /** The same database, full history, none of the application's plugins or parse listeners. */
    private ProcessEngine plainEngine() {
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("benchmark-plain");
        configuration.setDataSource(dataSource);
        configuration.setDatabaseSchemaUpdate("false");
        configuration.setHistory("full");
        configuration.setJobExecutorActivate(false);
        configuration.setIdGenerator(new StrongUuidGenerator()); // as the Spring Boot starter's engine
        configuration.setHistoryCleanupEnabled(false); // leave the application's history cleanup job alone
        configuration.setMetricsEnabled(false);
        configuration.setDbMetricsReporterActivate(false);
        return configuration.buildProcessEngine();
    }

    private Scenario plainScenario() {
        return new Scenario() {
            public String name() {
                return "plain engine: bare task (reference)";
            }

            public String start(int i) {
                return plain.getRuntimeService().createProcessInstanceByKey(BARE).processDefinitionWithoutTenantId()
                        .execute().getId();
            }

            public void complete(String id) {
                Task task = plain.getTaskService().createTaskQuery().processInstanceId(id).singleResult();
                plain.getTaskService().complete(task.getId());
            }
        };
    }

    private Scenario baselineScenario() {
        return new Scenario() {
            public String name() {
                return "baseline: bare task";
            }

            public String start(int i) {
                return runtimeService.createProcessInstanceByKey(BARE).processDefinitionWithoutTenantId()
                        .setVariable("communityId", COMMUNITY).execute().getId();
            }

            public void complete(String id) {
                Task task = taskService.createTaskQuery().processInstanceId(id).singleResult();
                taskService.complete(task.getId());
            }
        };
    }

    private Scenario stepOneScenario() {
        String[] resident = groupsAndTenants(RESIDENT);
        String[] committee = groupsAndTenants(COMMITTEE);
        return new Scenario() {
            public String name() {
                return "step 1: raise + accept";
            }

            public String start(int i) {
                authenticate(RESIDENT, resident);
                try {
                    return formService.submitStartForm(deliberationId, topic("基准测试议题 第" + i + "号")).getId();
                } finally {
                    identityService.clearAuthentication();
                }
            }

            public void complete(String id) {
                authenticate(COMMITTEE, committee);
                try {
                    Task task = taskService.createTaskQuery().processInstanceId(id).singleResult();
                    formService.submitTaskForm(task.getId(), review());
                } finally {
                    identityService.clearAuthentication();
                }
            }
        };
    }

    private Scenario restScenario() {
        Rest resident = as(RESIDENT);
        Rest committee = as(COMMITTEE);
        return new Scenario() {
            public String name() {
                return "step 1 over REST (sample)";
            }

            public String start(int i) {
                Rest.Reply reply = resident.post("/engine-rest/process-definition/key/deliberation/submit-form",
                        Rest.variables(topic("基准测试议题 第" + i + "号")));
                expect(reply, 200);
                return reply.json().get("id").asText();
            }

            public void complete(String id) {
                Rest.Reply tasks = committee.get("/engine-rest/task?processInstanceId=" + id);
                expect(tasks, 200);
                String taskId = tasks.json().get(0).get("id").asText();
                expect(committee.post("/engine-rest/task/" + taskId + "/submit-form", Rest.variables(Map.of(
                        "decision", "accept", "stakeholders", STAKEHOLDERS, "researchers", RESEARCHERS))), 204);
            }
        };
    }

    /**
     * Raises {@code count} topics (not timed), then times executing their mail jobs, then closes the cases.
     * Returns the statements the job executions ran when {@code countSql} is set (else an empty map).
     */
    private Map<String, Integer> mails(int count, Timings into, boolean countSql) {
        Scenario step = stepOneScenario();
        List<String> instances = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = step.start(sequence++);
            instances.add(id);
            for (Job job : managementService.createJobQuery().processInstanceId(id).list()) {
                if (TaskMailPlugin.JOB_TYPE.equals(((JobEntity) job).getJobHandlerType())) {
                    jobIds.add(job.getId());
                }
            }
        }
        assertThat(jobIds).as("one mail job (to %s) per raised topic", COMMITTEE).hasSize(count);
        int before = MAIL.getReceivedMessages().length;
        Runnable execute = () -> {
            for (String jobId : jobIds) {
                long cpu = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                managementService.executeJob(jobId);
                long t1 = System.nanoTime();
                if (into != null) {
                    into.samples.add(new long[] {t1 - t0, 0, CPU.getCurrentThreadCpuTime() - cpu});
                }
            }
        };
        Map<String, Integer> statements = new TreeMap<>();
        if (countSql) {
            statements = SqlStatements.count(execute);
        } else {
            execute.run();
        }
        assertThat(MAIL.getReceivedMessages().length - before).as("mails received").isEqualTo(count);
        try {
            MAIL.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        instances.forEach(step::complete);
        return statements;
    }

    /** The committee's acceptance as Tasklist submits it: lists as Json variables. */
    private static Map<String, Object> review() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("decision", "accept");
        values.put("stakeholders", json(STAKEHOLDERS));
        values.put("researchers", json(RESEARCHERS));
        return values;
    }

    private static Object json(List<String> list) {
        return SpinValues.jsonValue(list.stream().map(s -> '"' + s + '"').collect(Collectors.joining(",", "[", "]")))
                .create();
    }

    private String[] groupsAndTenants(String userId) {
        String groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId)
                .collect(Collectors.joining(","));
        String tenants = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()
                .stream().map(Tenant::getId).collect(Collectors.joining(","));
        return new String[] {groups, tenants};
    }

    private void authenticate(String userId, String[] groupsAndTenants) {
        identityService.setAuthentication(userId, split(groupsAndTenants[0]), split(groupsAndTenants[1]));
    }

    private static List<String> split(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static void expect(Rest.Reply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("Expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
    }

    /** The last step-1 instance did what step 1 does: a failed scenario must not pass as a fast one. */
    private void checkStepOneDidItsWork() {
        Scenario step = stepOneScenario();
        String id = step.start(sequence++);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getTenantId()).isEqualTo(COMMUNITY);
        assertThat(jobs(id)).extracting(j -> ((JobEntity) j).getJobHandlerType()).containsExactly(TaskMailPlugin.JOB_TYPE);
        step.complete(id);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(id)
                .activityId("Task_ReviewTopic").finished().count()).isOne();
        assertThat(managementService.createJobQuery().processInstanceId(id).activityId(AFTER_ACCEPT).count()).isOne();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableName("stakeholders").singleResult().getValue().toString()).contains(STAKEHOLDERS.get(0));
    }

    // --- the report ---------------------------------------------------------------------------------------------

    private String report(int n, int rounds, int warmup, Map<String, Timings> timings,
            Map<String, Map<String, Integer>> statements, double seconds) throws SQLException {
        Timings baseline = timings.get("baseline: bare task");
        Timings step = timings.get("step 1: raise + accept");
        StringBuilder out = new StringBuilder();
        String rule = "-".repeat(118) + "\n";
        out.append("\n").append("=".repeat(118)).append("\n");
        out.append("Xieshang benchmark: deliberation step 1 against a bare user task (one thread)\n");
        out.append(String.format(Locale.ROOT, "database  %s%n", database()));
        out.append(String.format(Locale.ROOT, "machine   %d cores (%s), %s, Java %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        out.append(String.format(Locale.ROOT, "run       %s; N = %d per Java scenario in %d interleaved rounds after "
                + "%d warm-up instances each; %.0f s in all%n", OffsetDateTime.now().withNano(0), n, rounds, warmup,
                seconds));
        out.append(String.format(Locale.ROOT, "load      1/5/15-min load average at start %s, at end %s (other "
                + "processes on the machine skew the figures; the ratios less so)%n", loadAtStart, load()));
        out.append(rule);
        out.append(String.format(Locale.ROOT, "%-38s %5s %8s %8s %7s %7s %8s %8s %7s %7s %7s%n",
                "scenario (start + complete)", "N", "inst/s", "ms/inst", "p50 ms", "p95 ms", "start ms", "compl ms",
                "cpu ms", "x base", "x p50"));
        out.append(rule);
        for (Timings t : timings.values()) {
            boolean isMail = t.name.startsWith("mail");
            out.append(String.format(Locale.ROOT, "%-38s %5d %8.1f %8.2f %7.2f %7.2f %8s %8s %7s %7.2f %7.2f%n",
                    t.name, t.n(), t.perSecond(), t.meanMs(), t.percentileMs(0.5), t.percentileMs(0.95),
                    isMail ? "-" : String.format(Locale.ROOT, "%.2f", t.meanMs(0)),
                    isMail ? "-" : String.format(Locale.ROOT, "%.2f", t.meanMs(1)),
                    t.name.contains("REST") ? "-" : String.format(Locale.ROOT, "%.2f", t.meanMs(2)),
                    t.meanMs() / baseline.meanMs(), t.percentileMs(0.5) / baseline.percentileMs(0.5)));
        }
        out.append(rule);
        Timings reference = timings.get("plain engine: bare task (reference)");
        out.append(String.format(Locale.ROOT, "RATIO step 1 / baseline = %.2f (of medians %.2f); step 1 %.1f inst/s, "
                + "baseline %.1f inst/s; baseline / plain engine = %.2f (of medians %.2f)%n",
                step.meanMs() / baseline.meanMs(), step.percentileMs(0.5) / baseline.percentileMs(0.5),
                step.perSecond(), baseline.perSecond(), baseline.meanMs() / reference.meanMs(),
                baseline.percentileMs(0.5) / reference.percentileMs(0.5)));
        out.append("inst/s = N / summed time; cpu ms = CPU time of the benchmark thread (the rest is waiting: on the "
                + "database server, on commits, on SMTP);\n'x base' = ms per instance / the baseline's, 'x p50' = the "
                + "same for medians; mail job: per job\n");
        out.append(rule);
        out.append("SQL statements per instance (one extra instance each, MyBatis statement log; batched rows count "
                + "one each):\n");
        for (Map.Entry<String, Map<String, Integer>> e : statements.entrySet()) {
            Map<String, Integer> c = e.getValue();
            out.append(String.format(Locale.ROOT, "  %-38s %4d  (%d selects, %d inserts/updates/deletes)%n",
                    e.getKey(), SqlStatements.total(c, null), SqlStatements.total(c, true), SqlStatements.total(c, false)));
        }
        out.append("by statement id where plain, baseline and step 1 differ (start + task query + complete; mail: the job):\n");
        List<String> names = new ArrayList<>(statements.keySet());
        out.append(String.format(Locale.ROOT, "  %-84s", "statement"));
        names.forEach(name -> out.append(String.format(Locale.ROOT, " %7s", abbreviation(name))));
        out.append("\n");
        TreeMap<String, Integer> all = new TreeMap<>();
        statements.values().forEach(c -> c.forEach((k, v) -> all.merge(k, v, Integer::sum)));
        all.keySet().stream()
                .filter(id -> names.stream().limit(3).map(name -> statements.get(name).getOrDefault(id, 0))
                        .distinct().count() > 1)
                .sorted(java.util.Comparator.comparing((String id) -> -statements.get(names.get(2))
                        .getOrDefault(id, 0)).thenComparing(id -> id))
                .forEach(id -> {
                    out.append(String.format(Locale.ROOT, "  %-84s", id));
                    names.forEach(name -> out.append(String.format(Locale.ROOT, " %7d",
                            statements.get(name).getOrDefault(id, 0))));
                    out.append("\n");
                });
        out.append("=".repeat(118)).append("\n");
        return out.toString();
    }

    private static String abbreviation(String scenario) {
        return scenario.startsWith("plain") ? "plain" : scenario.startsWith("baseline") ? "base"
                : scenario.startsWith("step") ? "step1" : "mail";
    }

    private static String load() {
        try {
            String[] avg = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return avg[0] + " " + avg[1] + " " + avg[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private String database() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " (" + meta.getURL()
                    + ", engine type " + engine.getProcessEngineConfiguration().getDatabaseType() + ")";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu unknown");
        } catch (IOException | RuntimeException e) {
            return "cpu unknown";
        }
    }
}
