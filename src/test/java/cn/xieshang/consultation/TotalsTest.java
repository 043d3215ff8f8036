package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

/**
 * The running totals against cases this test creates. They all happen in March 2031 on the engine clock, a month no
 * other test touches, so the figures for 2031 are exactly this test's cases; each manager counts only their
 * communities.
 */
class TotalsTest extends ConsultationSupport {

    static final String YEAR = "from=2031-01-01&to=2031-12-31";

    private final List<String> cases = new ArrayList<>();

    @Test
    void figuresPerLevelAndPeriodFromTheCasesOfTheTest_eachManagerSeeingOnlyTheirCommunities() {
        ClockUtil.setCurrentTime(Date.from(LocalDateTime.of(2031, 3, 14, 10, 0).atZone(ZoneId.systemDefault()).toInstant()));

        // a deliberation accepted, with 3 opinions, one consultation round, voted, carried out and done: settled
        String done = deliberationDone();
        // a deliberation not accepted counts nothing
        String rejected = raiseTopic("小区门口卖菜摊位占道");
        completeAs(COMMITTEE, rejected, "Task_ReviewTopic", Map.of("decision", "reject", "rejectionReason", "属城管执法事项"));
        // a community consultation held with 19 attendees and 2 items, one answered
        String held = toMeeting("加强社区养老工程建设");
        complete(COMMITTEE, held, "Task_RecordMeeting", meeting(List.of(
                item("居家养老模式较为单一", "居民", "ljy3-responsible-unit", today().plusDays(10)),
                item("助餐点太少", "居民", "ljy3-responsible-unit-2", today().plusDays(10)))));
        cases.add(held);
        Rest.Reply answered = submitAs("ljy3-responsible-unit", taskOf(held, "Task_ReportItemHandling", "ljy3-responsible-unit"),
                Map.of("handlingResult", "resolved", "handlingNotes", "已开设助餐点"));
        assertThat(answered.status()).as(answered.body()).isEqualTo(204);
        // a street sub-platform consultation in research
        Map<String, Object> street = proposal("老旧小区加装电梯", "street");
        street.put("communityId", "laojunying-3");
        String researching = proposed("laojunying-street", street);
        cases.add(researching);
        confirm(researching, MEMBER, "yes", null);
        confirm(researching, MEMBER_2, "no", "外出");
        // a consultation in shangmajie-2 in research, and one in laojunying-3 nobody came to
        String smj2 = proposed("smj2-party-committee", proposal("上马街二社区环境整治", "community"));
        cases.add(smj2);
        confirm(smj2, "smj2-cppcc-member", "yes", null);
        confirm(smj2, "smj2-cppcc-member-2", "yes", null);
        String notHeld = proposed(COMMITTEE, proposal("无人报到的协商", "community"));
        cases.add(notHeld);
        confirm(notHeld, MEMBER, "no", "外出");
        confirm(notHeld, MEMBER_2, "no", "外出");
        assertThat(endedAt(notHeld)).isEqualTo("EndEvent_NoMemberReported");
        // two concerns from the tea room: one settled to the requester's satisfaction, one referred elsewhere
        String settledConcern = concern("农场小区下水井异味");
        completeAs("ljy3-residents-committee", settledConcern, "Task_DispatchConcern",
                Map.of("dispatchDecision", "assign", "handler", "ljy3-grid-worker"));
        completeAs("ljy3-grid-worker", settledConcern, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        completeAs("ljy3-grid-worker", settledConcern, "Task_HandleConcern",
                Map.of("handlingOutcome", "settled", "handlingNotes", "市政公司已清掏下水井"));
        completeAs("ljy3-residents-committee", settledConcern, "Task_RateSatisfaction", Map.of("satisfied", "yes"));
        String referredConcern = concern("电信宽带经常断网");
        completeAs("ljy3-residents-committee", referredConcern, "Task_DispatchConcern", Map.of("dispatchDecision", "refer",
                "referredTo", "电信公司客服", "referralNote", "属于企业服务事项, 请拨打客服电话"));
        assertThat(endedAt(settledConcern)).isEqualTo("EndEvent_ConcernSettled");
        assertThat(endedAt(referredConcern)).isEqualTo("EndEvent_ConcernReferred");
        assertThat(endedAt(done)).isEqualTo("EndEvent_DeliberationCompleted");

        // the district office sees all of it
        JsonNode district = totals("district", YEAR + "&period=month");
        assertThat(district.get("communities").asInt()).isEqualTo(71);
        assertThat(figures(byLevel(district, "community"))).isEqualTo(List.of(3L, 2L, 2L, 3L + 19L, 3L));
        assertThat(figures(byLevel(district, "street"))).isEqualTo(List.of(1L, 0L, 0L, 0L, 0L));
        assertThat(figures(byLevel(district, "district"))).isEqualTo(List.of(0L, 0L, 0L, 0L, 0L));
        assertThat(figures(district.get("total"))).isEqualTo(List.of(4L, 2L, 2L, 22L, 3L));
        assertThat(rows(district)).containsExactly("2031-03/street", "2031-03/community");
        assertThat(rows(totals("district", YEAR + "&period=quarter"))).containsExactly("2031-Q1/street", "2031-Q1/community");
        assertThat(rows(totals("district", YEAR + "&period=year"))).containsExactly("2031/street", "2031/community");
        assertThat(figures(totals("district", "from=2031-04-01&to=2031-12-31&period=all").get("total")))
                .isEqualTo(List.of(0L, 0L, 0L, 0L, 0L));

        // a street office and a community party committee: only their communities
        List<Long> laojunying = figures(totals("laojunying-street", YEAR + "&period=all").get("total"));
        assertThat(laojunying).isEqualTo(List.of(3L, 2L, 2L, 22L, 3L));
        assertThat(figures(totals(COMMITTEE, YEAR).get("total"))).isEqualTo(laojunying);
        assertThat(figures(totals("yingze-street", YEAR).get("total"))).isEqualTo(List.of(1L, 0L, 0L, 0L, 0L));
        assertThat(figures(totals("smj2-party-committee", YEAR).get("total"))).isEqualTo(List.of(1L, 0L, 0L, 0L, 0L));
        assertThat(figures(totals("admin", YEAR).get("total"))).isEqualTo(List.of(4L, 2L, 2L, 22L, 3L));

        // CSV, for spreadsheets
        Rest.Reply csv = as("district").get("/api/totals.csv?" + YEAR + "&period=month");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFF期间(period),平台层级(platformLevel),重点协商议题(keyTopics),微课题(microTopics),"
                + "协商活动(场)(activities),参与人次(participants),办结事项(settled)");
        assertThat(lines).contains("2031-03,社区协商微平台,3,2,2,22,3", "2031-03,街道协商分平台,1,0,0,0,0",
                "合计,区级协商总平台,0,0,0,0,0", "合计,全部,4,2,2,22,3");

        // the managers' page
        Rest.Reply page = as("laojunying-street").get("/api/totals/page?" + YEAR + "&period=month");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("协商工作统计", "统计范围:您所在的 " + tenantsOf("laojunying-street") + " 个社区",
                "<td>2031-03</td><td class=\"l\">社区协商微平台</td><td>2</td><td>2</td><td>2</td><td>22</td><td>3</td>",
                "<td>2031-03</td><td class=\"l\">街道协商分平台</td><td>1</td>");
    }

    @Test
    void onlyManagersWithCredentialsAndSoundParameters() {
        assertThat(anonymousClient().get("/api/totals").status()).isEqualTo(401);
        // a user no test logs in as: a wrong password delays that user's next logins
        assertThat(new Rest(port, "smj2-npc-deputy", "wrong-password").get("/api/totals.csv").status()).isEqualTo(401);
        for (String user : List.of("ljy3-resident", "ljy3-cppcc-member", "ljy3-responsible-unit")) {
            Rest.Reply refused = as(user).get("/api/totals");
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(as(user).get("/api/totals/page").status()).as(user).isEqualTo(403);
        }
        Rest.Reply period = as("district").get("/api/totals?period=weekly");
        assertThat(period.status()).isEqualTo(400);
        assertThat(period.json().get("message").asText()).contains("(period)", "weekly");
        Rest.Reply date = as("district").get("/api/totals.csv?from=2031-13-01");
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.body()).contains("(from)");
        Rest.Reply order = as("district").get("/api/totals?from=2031-05-01&to=2031-04-01");
        assertThat(order.status()).isEqualTo(400);
        assertThat(order.json().get("message").asText()).contains("(from)", "(to)");
        Rest.Reply page = as("district").get("/api/totals/page?period=%3Cscript%3E");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("&lt;script&gt;").doesNotContain("<script>");
        Rest.Reply defaults = as("district").get("/api/totals");
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("period").asText()).isEqualTo("month");
        assertThat(defaults.json().get("to").asText()).isEqualTo(today().toString());
    }

    // ---------------------------------------------------------------- a whole deliberation, briefly

    private String raiseTopic(String title) {
        Map<String, Object> values = topic(title);
        String id = raise("ljy3-resident", values);
        cases.add(id);
        return id;
    }

    private String deliberationDone() {
        String id = raiseTopic("水利大厦宿舍缺少车棚和充电桩");
        List<String> stakeholders = List.of("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative");
        completeAs(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", stakeholders,
                "researchers", List.of("ljy3-cppcc-member")));
        completeAs("ljy3-cppcc-member", id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "楼道内有飞线充电"));
        for (String stakeholder : stakeholders) {
            Rest.Reply reply = submitAs(stakeholder, taskOf(id, "Task_GiveOpinion", stakeholder), Map.of("opinion", "同意安装"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }
        executeAsyncSteps(id);
        completeAs(COMMITTEE, id, "Task_SummariseSuggestions", Map.of("suggestions", "安装充电桩"));
        completeAs("ljy3-deliberation-council", id, "Task_DraftPlan", Map.of("planContent", "安装两组充电桩",
                "costBearer", "维修基金", "planImplementer", "第三方企业", "plannedCompletion", today().plusDays(60).toString()));
        completeAs(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "委员、物业、居民代表",
                "discussion", "逐条讨论", "consensus", "yes"));
        Map<String, Object> votes = new LinkedHashMap<>();
        votes.put("seatedRepresentatives", 30);
        votes.put("presentRepresentatives", 25);
        votes.put("votesFor", 20);
        votes.put("votesAgainst", 3);
        votes.put("votesAbstain", 2);
        completeAs("ljy3-representative-assembly", id, "Task_RecordVote", votes);
        completeAs("ljy3-residents-committee", id, "Task_AssignImplementation", Map.of("implementer", "ljy3-responsible-unit",
                "implementationDeadline", today().plusDays(30).toString(), "supervisors", List.of("ljy3-resident")));
        completeAs("ljy3-responsible-unit", id, "Task_ReportProgress", Map.of("progressPercent", 100, "progressNotes", "已安装"));
        completeAs("ljy3-resident", id, "Task_AcceptResult", Map.of("resultAccepted", "yes"));
        passTimeFor(8, id);
        return id;
    }

    private String concern(String title) {
        Map<String, Object> values = cn.xieshang.concern.ConcernWalk.concern(title);
        Rest.Reply reply = as("ljy3-grid-worker").post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String id = reply.json().get("id").asText();
        executeAsyncSteps(id);
        return id;
    }

    private void completeAs(String user, String id, String taskKey, Map<String, ?> values) {
        complete(user, id, taskKey, values);
    }

    /** Days pass on the engine clock for this test's cases only (other tests' cases keep their own time). */
    private void passTimeFor(double days, String id) {
        letTimePass(days, () -> List.of(id), () -> runDueFor(id));
    }

    private void runDueFor(String id) {
        for (int round = 0; round < 20; round++) {
            List<Job> due = managementService.createJobQuery().processInstanceId(id).executable().list().stream()
                    .filter(j -> !TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).toList();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> managementService.executeJob(j.getId()));
        }
    }

    private JsonNode totals(String user, String query) {
        Rest.Reply reply = as(user).get("/api/totals?" + query);
        assertThat(reply.status()).as(user + ": " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode byLevel(JsonNode totals, String level) {
        return StreamSupport.stream(totals.get("byLevel").spliterator(), false)
                .filter(n -> level.equals(n.get("platformLevel").asText())).findFirst().orElseThrow();
    }

    private static List<Long> figures(JsonNode node) {
        return List.of(node.get("keyTopics").asLong(), node.get("microTopics").asLong(), node.get("activities").asLong(),
                node.get("participants").asLong(), node.get("settled").asLong());
    }

    private static List<String> rows(JsonNode totals) {
        return StreamSupport.stream(totals.get("rows").spliterator(), false)
                .map(n -> n.get("period").asText() + "/" + n.get("platformLevel").asText()).toList();
    }

    private long tenantsOf(String user) {
        return identityService.createTenantQuery().userMember(user).includingGroupsOfUser(true).count();
    }
}
