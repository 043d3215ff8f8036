package cn.xieshang.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A district's Tasklist at full size: the task queries each kind of person makes, against an administrator reading
 * the same rows, with 100,000 open tasks across the 71 communities and 1,000,000 finished ones in history, on
 * PostgreSQL. Not a test ({@code mvn test} skips it) and never failing on speed; it fails only if a person and the
 * administrator do not count the same rows. Run by {@code .ci/benchmark} on a fresh database (see docs/benchmark.md).
 * <p>
 * The district is made the way it would fill up: cases started, escalated, accepted and claimed through the REST API
 * in two communities (the templates: every row the engine and the application write for such tasks — task,
 * candidate links, permissions, the cards' variables), then copied by SQL into every community until the district
 * holds {@code benchmark.openTasks} open tasks ({@code laojunying-3}, the demo's community, about twice the
 * average), and the templates' finished tasks copied into {@code benchmark.finishedTasks} rows of task history.
 */
class DistrictBenchmark extends IntegrationTest {

    static final int OPEN = Integer.getInteger("benchmark.openTasks", 100_000);
    static final int FINISHED = Integer.getInteger("benchmark.finishedTasks", 1_000_000);
    static final int SAMPLES = Integer.getInteger("benchmark.samples", 40);
    static final String BIG = "laojunying-3";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    FilterService filterService;

    @Test
    void tasklistAtDistrictScale() throws IOException {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).as("a PostgreSQL database").contains("PostgreSQL");
        long started = System.nanoTime();
        templates();
        seedOpenTasks();
        seedHistory();
        jdbc.execute("VACUUM ANALYZE");
        double seeding = (System.nanoTime() - started) / 1e9;

        List<String> lines = new ArrayList<>();
        lines.add(String.format("District: %,d open tasks in %d communities (%s: %,d), %,d finished tasks in history;"
                        + " seeded in %.0f s", count("ACT_RU_TASK"), communities().size(), BIG,
                jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_TASK WHERE TENANT_ID_ = ?", Long.class, BIG),
                count("ACT_HI_TASKINST WHERE END_TIME_ IS NOT NULL"), seeding));
        lines.add(String.format("Authorization rows: %,d", count("ACT_RU_AUTHORIZATION")));
        lines.add("");
        lines.add(String.format("%-26s %-9s %7s %9s %9s %9s %9s %7s", "person", "request", "rows", "p50 ms", "p95 ms",
                "admin p50", "admin p95", "x admin"));
        for (Person person : people()) {
            for (Request request : requests(person)) {
                long rows = rows(as(person.id).get(request.path).json());
                long adminRows = rows(asAdmin().post(request.adminPath, request.adminBody).json());
                assertThat(rows).as(person.id + " " + request.name + " counts what the administrator counts")
                        .isEqualTo(adminRows);
                double[] mine = latencies(() -> as(person.id).get(request.path));
                double[] admin = latencies(() -> asAdmin().post(request.adminPath, request.adminBody));
                lines.add(String.format("%-26s %-9s %7d %9.1f %9.1f %9.1f %9.1f %7.2f", person.id, request.name, rows,
                        mine[0], mine[1], admin[0], admin[1], mine[1] / admin[1]));
            }
        }
        print(lines);
    }

    // ---------------------------------------------------------------- who asks what

    record Person(String id, List<String> communities, List<String> groups, boolean watches) {
    }

    record Request(String name, String path, String adminPath, Map<String, Object> adminBody) {
    }

    private List<Person> people() {
        List<String> laojunying = jdbc.queryForList("SELECT TENANT_ID_ FROM ACT_ID_TENANT_MEMBER WHERE GROUP_ID_ ="
                + " 'street-laojunying'", String.class);
        return List.of(
                new Person("ljy3-party-committee", List.of(BIG), List.of("party-committee"), true),
                new Person("ljy3-residents-committee", List.of(BIG), List.of("residents-committee"), false),
                new Person("ljy3-resident", List.of(BIG), List.of("resident"), false),
                new Person("ljy3-cppcc-member", List.of(BIG), List.of("cppcc-member"), false),
                new Person("smj2-residents-committee", List.of("shangmajie-2"), List.of("residents-committee"), false),
                new Person("laojunying-street", laojunying, List.of("street-office", "street-laojunying"), true),
                new Person("district", communities(), List.of("district-office"), true));
    }

    /** The person's Tasklist requests, each with the administrator's request for exactly the same rows. */
    private List<Request> requests(Person person) {
        List<Request> requests = new ArrayList<>();
        Map<String, Object> all = tenants(person);
        if (!person.watches) {
            all.put("orQueries", List.of(Map.of("involvedUser", person.id, "candidateGroups", person.groups,
                    "includeAssignedTasks", true)));
        }
        requests.add(new Request("count", "/engine-rest/task/count", "/engine-rest/task/count", all));
        requests.add(new Request("list", "/engine-rest/task?sortBy=dueDate&sortOrder=asc&maxResults=15",
                "/engine-rest/task?maxResults=15", withSorting(all)));
        for (Filter filter : filterService.createFilterQuery().orderByFilterId().asc().list()) {
            Map<String, Object> same = tenants(person);
            String name = switch (filter.getName()) {
                case "我的待办" -> "mine";
                case "本组待办" -> "group";
                case "今日到期" -> "today";
                case "已逾期" -> "overdue";
                default -> null;
            };
            if (name == null) {
                continue;
            }
            Map<String, Object> mineOrGroups = new LinkedHashMap<>();
            mineOrGroups.put("involvedUser", person.id);
            mineOrGroups.put("candidateGroups", person.groups);
            mineOrGroups.put("includeAssignedTasks", true);
            switch (name) {
                case "mine" -> same.put("involvedUser", person.id);
                case "group" -> {
                    same.put("candidateGroups", person.groups);
                    same.put("includeAssignedTasks", true);
                }
                case "today" -> {
                    same.put("orQueries", List.of(mineOrGroups));
                    java.time.ZonedDateTime today = java.time.LocalDate.now().atStartOfDay(java.time.ZoneId.systemDefault());
                    same.put("dueAfter", restDate(today.minusNanos(1_000_000)));
                    same.put("dueBefore", restDate(today.plusDays(1)));
                }
                default -> {
                    same.put("orQueries", List.of(mineOrGroups));
                    same.put("dueBefore", restDate(java.time.ZonedDateTime.now()));
                }
            }
            requests.add(new Request(name, "/engine-rest/filter/" + filter.getId() + "/count",
                    "/engine-rest/task/count", same));
            if (name.equals("group")) {
                requests.add(new Request("group 15", "/engine-rest/filter/" + filter.getId()
                        + "/list?firstResult=0&maxResults=15", "/engine-rest/task?firstResult=0&maxResults=15",
                        withSorting(same)));
            }
        }
        return requests;
    }

    private static Map<String, Object> tenants(Person person) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenantIdIn", person.communities);
        return body;
    }

    private static Map<String, Object> withSorting(Map<String, Object> body) {
        Map<String, Object> sorted = new LinkedHashMap<>(body);
        sorted.put("sorting", List.of(Map.of("sortBy", "dueDate", "sortOrder", "asc")));
        return sorted;
    }

    private static String restDate(java.time.ZonedDateTime time) {
        return time.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
    }

    private static long rows(JsonNode reply) {
        return reply.has("count") ? reply.get("count").asLong() : reply.size();
    }

    private Rest asAdmin() {
        return new Rest(port, "admin", DEMO_PASSWORD);
    }

    /** p50 and p95 in ms of {@link #SAMPLES} requests after five unmeasured ones. */
    private static double[] latencies(java.util.function.Supplier<Rest.Reply> request) {
        for (int i = 0; i < 5; i++) {
            request.get();
        }
        double[] ms = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            Rest.Reply reply = request.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        Arrays.sort(ms);
        return new double[] {ms[SAMPLES / 2], ms[(int) Math.ceil(SAMPLES * 0.95) - 1]};
    }

    // ---------------------------------------------------------------- the district

    /** Cases as people make them, in the demo's two communities: the rows every copy is made from. */
    private void templates() {
        for (String community : List.of("ljy3", "smj2")) {
            String dispatcher = community + "-residents-committee";
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                items.add(Map.of("title", unique("楼道堆物"), "description", "楼道里堆放杂物, 影响通行。",
                        "category", "environment", "scope", "building"));
            }
            assertThat(as(dispatcher).post("/api/concerns/batch", Map.of("shared", Map.of("channel", "evening-talk",
                    "location", "3号楼", "urgency", "normal", "party", "物业", "requesterName", "赵利民",
                    "requesterContact", "13900001111"), "concerns", items)).status()).isEqualTo(200);
            executeDueSteps();
            for (int i = 0; i < 10; i++) {
                String id = start(dispatcher);
                String action = i < 6 ? "escalate" : "assign";
                Map<String, Object> values = new HashMap<>(Map.of("dispatchDecision", action));
                if (action.equals("escalate")) {
                    values.put("dispatchNote", "涉及城管执法, 社区无执法权。");
                } else {
                    values.put("handler", community + "-property-company");
                }
                submit(dispatcher, taskOf(id, "Task_DispatchConcern"), values);
                executeDueSteps();
            }
            for (int i = 0; i < 10; i++) {
                String topic = raise(community + "-resident", topic(unique("加装电梯")));
                if (i < 3) {
                    Map<String, Object> acceptance = new HashMap<>();
                    acceptance.put("decision", "accept");
                    acceptance.put("stakeholders", List.of(community + "-cppcc-member", community + "-property-company"));
                    acceptance.put("researchers", List.of(community + "-cppcc-member"));
                    submit(community + "-party-committee", task(topic).getId(), acceptance);
                    executeDueSteps();
                }
            }
            for (int i = 0; i < 10; i++) {
                String claimed = taskOf(start(dispatcher), "Task_DispatchConcern");
                assertThat(as(dispatcher).post("/engine-rest/task/" + claimed + "/claim", Map.of("userId", dispatcher))
                        .status()).isEqualTo(204);
            }
        }
    }

    /**
     * Copies the templates' open tasks — with their candidate links, permissions (a role's in the copy's community)
     * and the cards' variables — until the district holds {@link #OPEN} open tasks: {@link #BIG} gets 3 % of them,
     * the others share the rest; due dates spread from ten days overdue to ten days ahead.
     */
    private void seedOpenTasks() {
        int copies = OPEN - (int) count("ACT_RU_TASK");
        jdbc.execute("CREATE TEMP TABLE xs_template AS SELECT ID_, TENANT_ID_, ROW_NUMBER() OVER (ORDER BY ID_) - 1 AS N"
                + " FROM ACT_RU_TASK");
        jdbc.execute("CREATE TEMP TABLE xs_place AS SELECT ID_, ROW_NUMBER() OVER (ORDER BY ID_) - 1 AS N"
                + " FROM ACT_ID_TENANT WHERE ID_ <> '" + BIG + "'");
        long templates = count("xs_template");
        long others = count("xs_place");
        jdbc.execute("CREATE TEMP TABLE xs_copy AS SELECT 'seed-' || I AS ID_, T.ID_ AS TEMPLATE_, T.TENANT_ID_ AS FROM_,"
                + " CASE WHEN I % 33 = 0 THEN '" + BIG + "' ELSE P.ID_ END AS TENANT_ID_, I"
                + " FROM generate_series(1, " + copies + ") I"
                + " JOIN xs_template T ON T.N = I % " + templates
                + " JOIN xs_place P ON P.N = (I / " + templates + " + I) % " + others);
        jdbc.execute("CREATE INDEX ON xs_copy (TEMPLATE_)");
        jdbc.update("INSERT INTO ACT_RU_TASK (ID_, REV_, EXECUTION_ID_, PROC_INST_ID_, PROC_DEF_ID_, NAME_, DESCRIPTION_,"
                + " TASK_DEF_KEY_, ASSIGNEE_, PRIORITY_, CREATE_TIME_, DUE_DATE_, SUSPENSION_STATE_, TENANT_ID_, TASK_STATE_)"
                + " SELECT C.ID_, 1, T.EXECUTION_ID_, T.PROC_INST_ID_, T.PROC_DEF_ID_, T.NAME_, T.DESCRIPTION_,"
                + " T.TASK_DEF_KEY_, CASE WHEN T.ASSIGNEE_ IS NULL THEN NULL WHEN C.TENANT_ID_ = C.FROM_ THEN T.ASSIGNEE_"
                + " ELSE T.ASSIGNEE_ || '-' || C.TENANT_ID_ END, T.PRIORITY_,"
                + " T.CREATE_TIME_ - (C.I % 30) * INTERVAL '1 day',"
                + " LOCALTIMESTAMP + ((C.I % 21) - 10) * INTERVAL '1 day' + (C.I % 24) * INTERVAL '1 hour',"
                + " 1, C.TENANT_ID_, T.TASK_STATE_ FROM xs_copy C JOIN ACT_RU_TASK T ON T.ID_ = C.TEMPLATE_");
        jdbc.update("INSERT INTO ACT_RU_IDENTITYLINK (ID_, REV_, GROUP_ID_, TYPE_, USER_ID_, TASK_ID_, TENANT_ID_)"
                + " SELECT C.ID_ || '-' || L.ID_, 1, L.GROUP_ID_, L.TYPE_,"
                + " CASE WHEN L.USER_ID_ IS NULL OR C.TENANT_ID_ = C.FROM_ THEN L.USER_ID_"
                + " ELSE L.USER_ID_ || '-' || C.TENANT_ID_ END, C.ID_, C.TENANT_ID_"
                + " FROM xs_copy C JOIN ACT_RU_IDENTITYLINK L ON L.TASK_ID_ = C.TEMPLATE_");
        jdbc.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, GROUP_ID_, USER_ID_, RESOURCE_TYPE_,"
                + " RESOURCE_ID_, PERMS_) SELECT C.ID_ || '-' || A.ID_, 1, A.TYPE_,"
                + " CASE WHEN A.GROUP_ID_ IS NULL THEN NULL ELSE REPLACE(A.GROUP_ID_, '@' || C.FROM_, '@' || C.TENANT_ID_) END,"
                + " CASE WHEN A.USER_ID_ IS NULL OR C.TENANT_ID_ = C.FROM_ THEN A.USER_ID_"
                + " ELSE A.USER_ID_ || '-' || C.TENANT_ID_ END, A.RESOURCE_TYPE_, C.ID_, A.PERMS_"
                + " FROM xs_copy C JOIN ACT_RU_AUTHORIZATION A ON A.RESOURCE_TYPE_ = 7 AND A.RESOURCE_ID_ = C.TEMPLATE_");
        jdbc.update("INSERT INTO ACT_RU_VARIABLE (ID_, REV_, TYPE_, NAME_, EXECUTION_ID_, PROC_INST_ID_, TASK_ID_, TEXT_,"
                + " VAR_SCOPE_, SEQUENCE_COUNTER_, IS_CONCURRENT_LOCAL_, TENANT_ID_)"
                + " SELECT C.ID_ || '-' || V.NAME_, 1, V.TYPE_, V.NAME_, V.EXECUTION_ID_, V.PROC_INST_ID_, C.ID_, V.TEXT_,"
                + " C.ID_, 1, V.IS_CONCURRENT_LOCAL_, C.TENANT_ID_"
                + " FROM xs_copy C JOIN ACT_RU_VARIABLE V ON V.TASK_ID_ = C.TEMPLATE_ AND V.TYPE_ = 'string'");
    }

    /** Copies the templates' finished tasks into {@link #FINISHED} rows of task history across the communities. */
    private void seedHistory() {
        jdbc.execute("CREATE TEMP TABLE xs_done AS SELECT ID_, ROW_NUMBER() OVER (ORDER BY ID_) - 1 AS N"
                + " FROM ACT_HI_TASKINST WHERE END_TIME_ IS NOT NULL");
        long done = count("xs_done");
        long places = count("xs_place");
        int copies = FINISHED - (int) done;
        jdbc.update("INSERT INTO ACT_HI_TASKINST (ID_, TASK_DEF_KEY_, PROC_DEF_KEY_, PROC_DEF_ID_, ROOT_PROC_INST_ID_,"
                + " PROC_INST_ID_, EXECUTION_ID_, ACT_INST_ID_, NAME_, DESCRIPTION_, ASSIGNEE_, START_TIME_, END_TIME_,"
                + " DURATION_, DELETE_REASON_, PRIORITY_, DUE_DATE_, TENANT_ID_, TASK_STATE_)"
                + " SELECT 'seed-done-' || I, H.TASK_DEF_KEY_, H.PROC_DEF_KEY_, H.PROC_DEF_ID_, H.ROOT_PROC_INST_ID_,"
                + " H.PROC_INST_ID_, H.EXECUTION_ID_, H.ACT_INST_ID_, H.NAME_, H.DESCRIPTION_, H.ASSIGNEE_,"
                + " LOCALTIMESTAMP - (I % 700) * INTERVAL '1 day' - INTERVAL '2 day',"
                + " LOCALTIMESTAMP - (I % 700) * INTERVAL '1 day', 172800000, H.DELETE_REASON_, H.PRIORITY_,"
                + " H.DUE_DATE_, P.ID_, H.TASK_STATE_"
                + " FROM generate_series(1, " + copies + ") I JOIN xs_done D ON D.N = I % " + done
                + " JOIN ACT_HI_TASKINST H ON H.ID_ = D.ID_ JOIN xs_place P ON P.N = I % " + places);
    }

    // ---------------------------------------------------------------- helpers

    private List<String> communities() {
        return jdbc.queryForList("SELECT ID_ FROM ACT_ID_TENANT ORDER BY ID_", String.class);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private String start(String person) {
        Rest.Reply reply = as(person).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(ConcernWalk.concern(unique("占道经营"))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        executeDueSteps();
        return reply.json().get("id").asText();
    }

    private String taskOf(String caseId, String key) {
        return taskService.createTaskQuery().processInstanceId(caseId).taskDefinitionKey(key).singleResult().getId();
    }

    private void submit(String person, String taskId, Map<String, Object> values) {
        Rest.Reply reply = as(person).post("/engine-rest/task/" + taskId + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    }


    private static void print(List<String> lines) throws IOException {
        cn.xieshang.support.BenchmarkReport.print("District benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs", "district.txt", lines);
    }
}
