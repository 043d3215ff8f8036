package cn.xieshang.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * The 1+7+X dashboard ({@code /api/dashboard}, {@code /api/dashboard/cases}) for each manager level: the numbers move
 * by exactly what the test's own cases produce — a topic waiting for review, one gathering opinions, a concern handed
 * to the street — and each number lists those cases; another community's and another street's managers see nothing
 * of them. The cases of all tests share one database, so each number is compared before and after, at the same
 * engine time (11 days on, when the deliberations' and the street's deadlines have passed; no timer is run).
 */
class DashboardTest extends IntegrationTest {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String STREET = "laojunying-street";
    static final String DISTRICT = "district";
    static final List<String> MANAGERS = List.of(COMMITTEE, STREET, DISTRICT);
    static final List<String> OUTSIDERS = List.of("smj2-party-committee", "yingze-street");
    static final List<String> STAKEHOLDERS = List.of("ljy3-cppcc-member", "ljy3-property-company",
            "ljy3-resident-representative");

    @Test
    void eachManagerLevelCountsWhatItsCommunitysCasesProduce_andEachNumberListsThem() {
        Date start = ClockUtil.getCurrentTime();
        Date later = new Date(start.getTime() + 11L * 24 * 3600 * 1000);
        Map<String, Map<String, Long>> before = new LinkedHashMap<>();
        ClockUtil.setCurrentTime(later);
        for (String user : concat(MANAGERS, OUTSIDERS)) {
            before.put(user, numbers(as(user).get(dashboardUrl(""))));
        }
        ClockUtil.setCurrentTime(start);

        String waiting = raise(RESIDENT, topic(unique("看板: 楼道堆放杂物")));
        String gathering = raise(RESIDENT, topic(unique("看板: 3幢楼没有车棚")));
        complete(COMMITTEE, gathering, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", STAKEHOLDERS,
                "researchers", List.of("ljy3-cppcc-member")));
        complete("ljy3-cppcc-member", gathering, "Task_FileResearch", Map.of("researchMethods",
                List.of("site-visit", "questionnaire"), "siteVisitNotes", "实地查看3幢楼, 楼道内有飞线充电",
                "respondents", 54, "questionnaireSummary", "54户中49户支持安装充电桩"));
        String concern = raiseConcern(unique("看板: 小区门口占道经营"));
        complete("ljy3-residents-committee", concern, "Task_DispatchConcern", Map.of("dispatchDecision", "escalate",
                "dispatchNote", "涉及城管执法, 社区无执法权。"));
        String escalation = runtimeService.createProcessInstanceQuery().superProcessInstanceId(concern).singleResult()
                .getId();

        ClockUtil.setCurrentTime(later);
        String month = LocalDate.ofInstant(start.toInstant(), ZoneId.systemDefault()).toString().substring(0, 7);
        Map<String, Long> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("open:deliberation:Group_RaiseTopics", 1L),
                Map.entry("open:deliberation:Group_GatherIdeas", 1L),
                Map.entry("open:concern:Call_Escalation", 1L),
                Map.entry("open:escalation:Task_HandleEscalation", 1L),
                // the running cases: the two topics and the concern (the escalation it called is part of it)
                Map.entry("laojunying-3:open", 3L), Map.entry("total:open", 3L),
                // the topic's review (5 days) and the three opinions (3 days) are the community's, the street's 10 days
                Map.entry("laojunying-3:overdue:community", 4L), Map.entry("laojunying-3:overdue:street", 1L),
                Map.entry("laojunying-3:overdue", 5L), Map.entry("total:overdue:community", 4L),
                Map.entry("total:overdue:street", 1L), Map.entry("total:overdue", 5L),
                // a key topic once researched, a micro-topic from the concern's start
                Map.entry(month + ":keyTopics", 1L), Map.entry("total:keyTopics", 1L),
                Map.entry(month + ":microTopics", 1L), Map.entry("total:microTopics", 1L)));
        for (String user : MANAGERS) {
            Rest.Reply reply = as(user).get(dashboardUrl(""));
            assertThat(changes(before.get(user), numbers(reply))).as(user).isEqualTo(expected);
            JsonNode deliberation = process(reply.json(), "deliberation");
            assertThat(deliberation.path("name").asText()).isEqualTo("社区协商议事(七步工作法)");
            assertThat(deliberation.path("steps").get(0).path("name").asText()).isEqualTo("第一步 多种渠道“提议题”");
            assertThat(deliberation.path("steps")).hasSize(7);
            assertThat(reply.json().path("overdue").path("levels").toString()).contains("社区", "街道", "区职能部门");

            assertThat(cases(user, "open=" + enc("deliberation:Group_RaiseTopics"))).contains(waiting)
                    .doesNotContain(gathering, concern);
            assertThat(cases(user, "open=" + enc("deliberation:Group_GatherIdeas"))).contains(gathering)
                    .doesNotContain(waiting);
            assertThat(cases(user, "open=all&community=laojunying-3")).contains(waiting, gathering, concern)
                    .doesNotContain(escalation);
            assertThat(cases(user, "overdue=street")).contains(escalation).doesNotContain(waiting, gathering);
            assertThat(cases(user, "overdue=community&community=laojunying-3")).contains(waiting, gathering)
                    .doesNotContain(escalation);
            String period = "&from=" + LocalDate.ofInstant(start.toInstant(), ZoneId.systemDefault()).minusDays(40)
                    + "&to=" + LocalDate.ofInstant(start.toInstant(), ZoneId.systemDefault()).plusDays(40);
            assertThat(cases(user, "figure=keyTopics" + period)).contains(gathering).doesNotContain(waiting);
            assertThat(cases(user, "figure=microTopics" + period)).contains(concern);
        }
        // the street and the district see the community among theirs; the committee only its own
        assertThat(communities(as(COMMITTEE).get(dashboardUrl("")))).containsExactly("laojunying-3");
        assertThat(communities(as(STREET).get(dashboardUrl("")))).contains("laojunying-3").doesNotContain("shangmajie-2")
                .hasSizeGreaterThan(1);
        assertThat(communities(as(DISTRICT).get(dashboardUrl("")))).contains("laojunying-3", "shangmajie-2");
        // narrowed to one community, the district's numbers are that community's
        Map<String, Long> narrowed = numbers(as(DISTRICT).get(dashboardUrl("community=laojunying-3")));
        assertThat(narrowed.get("total:open")).isEqualTo(numbers(as(COMMITTEE).get(dashboardUrl(""))).get("total:open"));

        // the walls: nothing of it counts or lists for another community or street
        for (String outsider : OUTSIDERS) {
            assertThat(changes(before.get(outsider), numbers(as(outsider).get(dashboardUrl(""))))).as(outsider).isEmpty();
            assertThat(cases(outsider, "overdue=all")).as(outsider).doesNotContain(waiting, gathering, escalation);
            assertThat(cases(outsider, "open=all")).as(outsider).doesNotContain(waiting, gathering, concern);
            Rest.Reply foreign = as(outsider).get("/api/dashboard?community=laojunying-3");
            assertThat(foreign.status()).isEqualTo(400);
            assertThat(foreign.json().path("message").asText()).contains("(community)");
        }
    }

    @Test
    void badParametersAreNamedInChinese_residentsAndStrangersAreRefused() {
        for (String[] bad : new String[][] {{"/api/dashboard?period=weekly", "(period)"},
                {"/api/dashboard?from=2031-13-01", "(from)"}, {"/api/dashboard?from=2031-02-01&to=2031-01-01", "(from)"},
                {"/api/dashboard/cases", "(open)"}, {"/api/dashboard/cases?open=nowhere", "(open)"},
                {"/api/dashboard/cases?open=all&overdue=all", "(overdue)"},
                {"/api/dashboard/cases?overdue=planet", "(overdue)"}, {"/api/dashboard/cases?figure=votes", "(figure)"},
                {"/api/dashboard/cases?figure=settled&to=tomorrow", "(to)"},
                {"/api/dashboard/cases?open=all&max=5000", "(max)"}, {"/api/dashboard/cases?open=all&max=x", "(max)"}}) {
            Rest.Reply reply = as(DISTRICT).get(bad[0]);
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.json().path("message").asText()).as(bad[0]).contains(bad[1]).containsPattern("[\\u4e00-\\u9fa5]");
        }
        assertThat(as(RESIDENT).get("/api/dashboard").status()).isEqualTo(403);
        assertThat(as(RESIDENT).get("/api/dashboard/cases?open=all").status()).isEqualTo(403);
        assertThat(anonymousClient().get("/api/dashboard").status()).isEqualTo(401);
    }

    @Test
    void cockpitsSessionReadsIt() {
        String id = raise(RESIDENT, topic(unique("看板: 驾驶舱会话")));
        WebappSession cockpit = new WebappSession(port, COMMITTEE, DEMO_PASSWORD, "cockpit");

        Rest.Reply reply = cockpit.atRoot("GET", "/api/dashboard", null);
        assertThat(reply.status()).isEqualTo(200);
        Rest.Reply listed = cockpit.atRoot("GET", "/api/dashboard/cases?open=" + enc("deliberation:Group_RaiseTopics"),
                null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(id);
    }

    // ---------------------------------------------------------------- the numbers as a flat map

    static String dashboardUrl(String query) {
        LocalDate today = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
        // a fixed window around the test's days, so that moving the clock does not move the totals' period
        return "/api/dashboard?from=" + today.minusDays(60) + "&to=" + today.plusDays(60) + "&period=month"
                + (query.isEmpty() ? "" : "&" + query);
    }

    /** Every number of the dashboard under a readable key. */
    static Map<String, Long> numbers(Rest.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        Map<String, Long> numbers = new TreeMap<>();
        body.path("processes").forEach(p -> p.path("steps").forEach(s -> numbers.put(
                "open:" + p.path("key").asText() + ":" + s.path("id").asText(), s.path("open").asLong())));
        JsonNode overdue = body.path("overdue");
        overdue.path("communities").forEach(c -> cells(numbers, c.path("id").asText(), c));
        cells(numbers, "total", overdue.path("total"));
        body.path("totals").path("rows").forEach(r -> r.path("figures").fields().forEachRemaining(f -> numbers.put(
                r.path("period").asText() + ":" + f.getKey(), f.getValue().path("count").asLong())));
        body.path("totals").path("total").fields().forEachRemaining(f -> numbers.put("total:" + f.getKey(),
                f.getValue().path("count").asLong()));
        return numbers;
    }

    private static void cells(Map<String, Long> numbers, String prefix, JsonNode row) {
        numbers.put(prefix + ":open", row.path("open").path("count").asLong());
        numbers.put(prefix + ":overdue", row.path("overdue").path("count").asLong());
        row.path("levels").fields().forEachRemaining(l -> numbers.put(prefix + ":overdue:" + l.getKey(),
                l.getValue().path("count").asLong()));
    }

    /** The numbers that changed, by how much. */
    static Map<String, Long> changes(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> changes = new TreeMap<>();
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            long change = after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
            if (change != 0) {
                changes.put(key, change);
            }
        }
        return changes;
    }

    private static JsonNode process(JsonNode body, String key) {
        for (JsonNode p : body.path("processes")) {
            if (p.path("key").asText().equals(key)) {
                return p;
            }
        }
        throw new AssertionError("no process " + key + " on the dashboard");
    }

    private static List<String> communities(Rest.Reply reply) {
        List<String> ids = new ArrayList<>();
        reply.json().path("communities").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private List<String> cases(String user, String query) {
        // as many as the API lists: the suite's other tests leave more than a page's worth in these communities
        Rest.Reply reply = as(user).get("/api/dashboard/cases?" + query + "&max=1000");
        assertThat(reply.status()).as(query + ": " + reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("cases").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    // ---------------------------------------------------------------- the cases

    private String raiseConcern(String title) {
        Map<String, Object> values = new LinkedHashMap<>(cn.xieshang.concern.ConcernWalk.concern(title));
        values.remove("requesterEmail"); // no mail to the requester: the dashboard's cases need none
        Rest.Reply reply = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as("raising the concern: " + reply.body()).isEqualTo(200);
        String id = reply.json().get("id").asText();
        runAsync(id);
        return id;
    }

    private void complete(String user, String id, String taskKey, Map<String, ?> values) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).list();
        assertThat(tasks).as("open " + taskKey).hasSize(1);
        Rest.Reply reply = as(user).post("/engine-rest/task/" + tasks.get(0).getId() + "/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        runAsync(id);
    }

    /** The case's due asynchronous steps, and those of the cases it called. */
    private void runAsync(String id) {
        List<String> tree = new ArrayList<>(List.of(id));
        for (int i = 0; i < tree.size(); i++) {
            executeAsyncSteps(tree.get(i));
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(tree.get(i)).list()
                    .forEach(p -> tree.add(p.getId()));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
