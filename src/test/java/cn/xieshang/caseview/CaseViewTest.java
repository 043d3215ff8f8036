package cn.xieshang.caseview;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The case view behind Cockpit's 案件 tab ({@code GET /api/cases/{id}}): the case in Chinese for each manager level,
 * running and finished, behind the same community walls as REST.
 */
class CaseViewTest extends IntegrationTest {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";

    @Test
    void aRunningTopicReadsInChineseForItsCommunityItsStreetAndTheDistrict() {
        String id = raise(RESIDENT, topic("案件视图: 3幢楼没有车棚和充电桩"));

        for (String manager : List.of(COMMITTEE, "laojunying-street", "district")) {
            Rest.Reply reply = as(manager).get("/api/cases/" + id);
            assertThat(reply.status()).as(manager + ": " + reply.body()).isEqualTo(200);
            JsonNode view = reply.json();
            assertThat(view.path("title").asText()).isEqualTo("案件视图: 3幢楼没有车棚和充电桩");
            assertThat(view.path("caseNumber").asText()).matches("YT-\\d{8}-[A-Z0-9]{6}");
            assertThat(view.path("community").asText()).isEqualTo("老军营小区第三社区");
            assertThat(view.path("state").asText()).isEqualTo("办理中");
            assertThat(view.path("requester").asText()).isEqualTo("杜翠萍(13912345678)");
            JsonNode open = view.path("open").get(0);
            assertThat(open.path("step").asText()).isEqualTo("受理议题");
            assertThat(open.path("holder").asText()).contains("社区党委");
            assertThat(open.path("due").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
            // the record under the forms' labels, options as the form names them
            assertThat(record(view)).contains("类别: 电动车充电", "提出渠道: 面对面", "议题标题: 案件视图: 3幢楼没有车棚和充电桩");
            // what the header shows is not repeated in the record under its variable name
            assertThat(record(view)).noneMatch(line -> line.startsWith("communityName") || line.startsWith("caseNumber"));
        }
    }

    @Test
    void peopleAndListsReadByName_theNamedResearcherHoldsTheResearch() {
        String id = raise(RESIDENT, topic("案件视图: 受理后调研"));
        Rest.Reply accepted = as(COMMITTEE).post("/engine-rest/task/" + task(id).getId() + "/submit-form",
                Rest.variables(Map.of("decision", "accept", "stakeholders", List.of("ljy3-cppcc-member",
                        "ljy3-property-company"), "researchers", List.of("ljy3-cppcc-member"))));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
        executeAsyncSteps(id);

        JsonNode view = as("laojunying-street").get("/api/cases/" + id).json();

        assertThat(record(view)).contains("处理意见: 受理")
                .anyMatch(line -> line.startsWith("利益相关方") && line.contains("老军营三社区 政协委员")
                        && line.contains("老军营三社区 物业公司") && !line.contains("ljy3-"));
        List<String> holders = new ArrayList<>();
        view.path("open").forEach(o -> holders.add(o.path("holder").asText()));
        assertThat(holders).anyMatch(h -> h.contains("老军营三社区 政协委员")).noneMatch(h -> h.contains("ljy3-"));
    }

    @Test
    void anotherCommunitysOrStreetsManager_aResidentAndNobodyFindNothing() {
        String id = raise(RESIDENT, topic("案件视图: 墙内的议题"));

        for (String outsider : List.of("smj2-party-committee", "yingze-street", RESIDENT)) {
            Rest.Reply reply = as(outsider).get("/api/cases/" + id);
            assertThat(reply.status()).as(outsider).isEqualTo(404);
            assertThat(reply.body()).contains("没有找到这个案件").doesNotContain("墙内的议题");
        }
        assertThat(anonymousClient().get("/api/cases/" + id).status()).isEqualTo(401);
        assertThat(as("district").get("/api/cases/no-such-case").status()).isEqualTo(404);
    }

    @Test
    void anAnonymousTopicNamesNobody_aFinishedCaseStaysReadable() {
        Map<String, Object> values = topic("案件视图: 楼上住户噪音扰民");
        values.put("anonymous", true);
        values.remove("requesterName");
        values.remove("requesterContact");
        String anonymous = raise(RESIDENT, values);
        Rest.Reply reply = as("laojunying-street").get("/api/cases/" + anonymous);
        assertThat(reply.json().path("requester").asText()).isEqualTo("匿名(背靠背)");

        String named = raise(RESIDENT, topic("案件视图: 小区门口卖菜摊位占道"));
        Rest.Reply rejected = as(COMMITTEE).post("/engine-rest/task/" + task(named).getId() + "/submit-form",
                Rest.variables(Map.of("decision", "reject", "rejectionReason", "属城管执法事项")));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(204);

        JsonNode finished = as("laojunying-street").get("/api/cases/" + named).json();
        assertThat(finished.path("state").asText()).isEqualTo("已结束");
        assertThat(finished.path("ended").asText()).isNotEmpty();
        assertThat(finished.path("open")).isEmpty();
        assertThat(finished.path("requester").asText()).isEqualTo("实名(办结后不保留提出人信息)");
        assertThat(finished.toString()).doesNotContain("杜翠萍", "13912345678");
        List<String> steps = new ArrayList<>();
        finished.path("steps").forEach(s -> steps.add(s.path("step").asText()));
        assertThat(steps).contains("受理议题");
        assertThat(record(finished)).anyMatch(line -> line.contains("属城管执法事项"));
        assertThat(as("smj2-party-committee").get("/api/cases/" + named).status()).isEqualTo(404);
    }

    @Test
    void managersFindFinishedAndRunningCasesByNumberTitleCommunityStateAndOutcome_withinTheirWalls() {
        String running = raise(RESIDENT, topic("案件查找: 楼顶漏水无人维修"));
        String finished = raise(RESIDENT, topic("案件查找: 占道经营的菜摊"));
        assertThat(as(COMMITTEE).post("/engine-rest/task/" + task(finished).getId() + "/submit-form",
                Rest.variables(Map.of("decision", "reject", "rejectionReason", "属城管执法事项"))).status()).isEqualTo(204);
        String number = historyService.createHistoricProcessInstanceQuery().processInstanceId(finished).singleResult()
                .getBusinessKey();

        JsonNode byNumber = as("laojunying-street").get("/api/cases?caseNumber=" + number).json().path("cases");
        assertThat(byNumber).hasSize(1);
        assertThat(byNumber.get(0).path("id").asText()).isEqualTo(finished);
        assertThat(byNumber.get(0).path("title").asText()).isEqualTo("案件查找: 占道经营的菜摊");
        assertThat(byNumber.get(0).path("state").asText()).isEqualTo("已结束");
        assertThat(byNumber.get(0).path("community").asText()).isEqualTo("老军营小区第三社区");
        String outcome = byNumber.get(0).path("outcome").asText();
        assertThat(outcome).isNotBlank();

        assertThat(ids(as(COMMITTEE).get("/api/cases?title=" + enc("案件查找")))).contains(running, finished);
        assertThat(ids(as(COMMITTEE).get("/api/cases?title=" + enc("案件查找") + "&state=finished")))
                .contains(finished).doesNotContain(running);
        assertThat(ids(as(COMMITTEE).get("/api/cases?title=" + enc("案件查找") + "&state=running")))
                .contains(running).doesNotContain(finished);
        assertThat(ids(as("district").get("/api/cases?community=" + enc("老军营小区第三社区") + "&title="
                + enc("案件查找") + "&outcome=" + enc(outcome)))).containsExactly(finished);
        assertThat(ids(as("district").get("/api/cases?title=" + enc("案件查找") + "&from=" + java.time.LocalDate.now()
                .plusDays(1)))).isEmpty();
        // the walls: another community's and another street's managers find nothing of it
        for (String outsider : List.of("smj2-party-committee", "yingze-street")) {
            assertThat(ids(as(outsider).get("/api/cases?title=" + enc("案件查找")))).as(outsider).isEmpty();
        }
        Rest.Reply bad = as("district").get("/api/cases?state=closed");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("(state)");
        assertThat(as("district").get("/api/cases?from=2031-13-01").status()).isEqualTo(400);
    }

    private static List<String> ids(Rest.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("cases").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aCasesFileIsALinkInTheRecordAndDownloadsWithinTheWalls() {
        String id = raise(RESIDENT, topic("案件视图: 书面总结"));
        byte[] pdf = "%PDF-1.4 案件视图测试".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // as the case summary step stores it (report.CaseSummary)
        runtimeService.setVariable(id, "caseSummaryPdf", org.camunda.bpm.engine.variable.Variables
                .fileValue("书面总结-测试.pdf").file(pdf).mimeType("application/pdf").create());

        JsonNode row = null;
        for (JsonNode r : as("laojunying-street").get("/api/cases/" + id).json().path("record")) {
            if (r.path("name").asText().equals("caseSummaryPdf")) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.path("value").asText()).isEqualTo("书面总结-测试.pdf");
        assertThat(row.path("file").asText()).isEqualTo("cases/" + id + "/files/caseSummaryPdf");

        Rest.Reply file = as("laojunying-street").get("/api/" + row.path("file").asText());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(new String(pdf, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(as("smj2-party-committee").get("/api/" + row.path("file").asText()).status()).isEqualTo(404);
        assertThat(as("laojunying-street").get("/api/cases/" + id + "/files/title").status()).as("not a file")
                .isEqualTo(404);
    }

    @Test
    void cockpitsSessionReadsIt() {
        String id = raise(RESIDENT, topic("案件视图: 驾驶舱会话"));
        WebappSession cockpit = new WebappSession(port, "laojunying-street", DEMO_PASSWORD, "cockpit");

        Rest.Reply reply = cockpit.atRoot("GET", "/api/cases/" + id, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("title").asText()).isEqualTo("案件视图: 驾驶舱会话");
    }

    private static List<String> record(JsonNode view) {
        List<String> lines = new ArrayList<>();
        view.path("record").forEach(r -> lines.add(r.path("label").asText() + ": " + r.path("value").asText()));
        return lines;
    }
}
