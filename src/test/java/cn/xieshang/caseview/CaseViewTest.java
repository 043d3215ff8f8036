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
        for (JsonNode section : as("laojunying-street").get("/api/cases/" + id).json().path("record")) {
            for (JsonNode r : section.path("fields")) {
                if (r.path("name").asText().equals("caseSummaryPdf")) {
                    row = r;
                }
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

    // ---------------------------------------------------------------- the record in sections

    static final List<String> STAKEHOLDERS = List.of("ljy3-cppcc-member", "ljy3-property-company",
            "ljy3-resident-representative");

    @Test
    void aDeliberationsRecordReadsStepByStep_opinionsPlansRoundsTheVoteAsTheModelJudgedItAssignmentProgressAcceptance() {
        String id = raise(RESIDENT, topic("案件视图: 水利大厦宿舍缺少车棚和充电桩"));
        complete(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", STAKEHOLDERS,
                "researchers", List.of("ljy3-cppcc-member")));
        complete("ljy3-cppcc-member", id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "实地查看3幢楼, 楼道内有飞线充电"));
        for (String stakeholder : STAKEHOLDERS) {
            complete(stakeholder, id, "Task_GiveOpinion", Map.of("opinion", "建议安装两组充电桩(" + stakeholder.length() + ")"));
        }
        complete(COMMITTEE, id, "Task_SummariseSuggestions", Map.of("suggestions", "安装充电桩, 费用多方分担"));
        draftPlan(id, "初稿: 安装一组充电桩");
        complete(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "政协委员、物业、居民代表",
                "discussion", "一组不够用", "consensus", "no"));
        draftPlan(id, "第二稿: 安装两组共20个充电桩并搭建车棚");
        complete(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "政协委员、物业、居民代表",
                "discussion", "各方同意第二稿", "consensus", "yes"));
        vote(id, 30, 28, 19, 6, 3);

        JsonNode failed = as("laojunying-street").get("/api/cases/" + id).json();
        JsonNode vote = section(failed, "第五步 居民表决“定结果”");
        assertThat(fields(vote)).contains("赞成: 19", "反对: 6", "弃权: 3", "应到代表人数: 30")
                .anyMatch(f -> f.startsWith("表决结果: 未通过") && f.contains("三分之二"));

        complete(COMMITTEE, id, "Task_DecideAfterFailedVote", Map.of("afterFailedVote", "redraft",
                "failedVoteNote", "调整后重新表决"));
        draftPlan(id, "第三稿: 两组充电桩, 车棚移到北侧");
        complete(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "政协委员、物业、居民代表",
                "discussion", "同意第三稿", "consensus", "yes"));
        vote(id, 30, 25, 20, 3, 2);
        Map<String, Object> assignment = new java.util.HashMap<>();
        assignment.put("implementer", "ljy3-responsible-unit");
        assignment.put("implementationDeadline", java.time.LocalDate.now().plusDays(30).toString());
        assignment.put("supervisors", List.of("ljy3-resident-representative-2"));
        complete("ljy3-residents-committee", id, "Task_AssignImplementation", assignment);
        complete("ljy3-responsible-unit", id, "Task_ReportProgress", Map.of("progressPercent", 50,
                "progressNotes", "充电桩基座已完工"));
        complete("ljy3-responsible-unit", id, "Task_ReportProgress", Map.of("progressPercent", 100,
                "progressNotes", "两组充电桩已安装并通电"));
        complete("ljy3-resident-representative-2", id, "Task_AcceptResult", Map.of("resultAccepted", "yes"));

        JsonNode view = as("laojunying-street").get("/api/cases/" + id).json();
        assertThat(headings(view)).containsSubsequence("第一步 多种渠道“提议题”", "第二步 多方恳谈“出主意”",
                "第三步 议事组织“出方案”", "第四步 多方协商“达共识”", "第五步 居民表决“定结果”", "第六步 社区督促“抓落实”");
        assertThat(fields(section(view, "第一步 多种渠道“提议题”"))).contains("类别: 电动车充电", "处理意见: 受理");

        JsonNode opinions = table(section(view, "第二步 多方恳谈“出主意”"), "各方意见");
        assertThat(opinions.path("columns").toString()).contains("相关方", "意见和建议", "提交时间").doesNotContain("您的");
        assertThat(rows(opinions)).hasSize(3).anyMatch(r -> r.contains("老军营三社区 政协委员") && r.contains("建议安装两组充电桩"));

        JsonNode plans = table(section(view, "第三步 议事组织“出方案”"), "方案各稿");
        assertThat(rows(plans)).hasSize(3);
        assertThat(rows(plans).get(2)).contains("3", "第三稿: 两组充电桩, 车棚移到北侧", "维修基金与第三方企业");
        assertThat(plans.path("columns").toString()).contains("稿次", "起草人");

        JsonNode rounds = table(section(view, "第四步 多方协商“达共识”"), "协商会议");
        assertThat(rows(rounds)).hasSize(3);
        assertThat(rows(rounds).get(0)).contains("1", "一组不够用", "否");
        assertThat(rows(rounds).get(2)).contains("3", "同意第三稿", "是");

        assertThat(fields(section(view, "第五步 居民表决“定结果”"))).contains("赞成: 20", "表决结果: 通过");
        // every vote stays in the record, the failed one with the verdict the model gave it
        JsonNode votes = table(section(view, "第五步 居民表决“定结果”"), "表决");
        assertThat(votes.path("columns").toString()).contains("第几次表决", "应到代表人数", "赞成", "表决结果");
        assertThat(rows(votes)).hasSize(2);
        assertThat(rows(votes).get(0)).startsWith("1 | 2 | 30 | 28 | 19 | 6 | 3 | 未通过").contains("三分之二");
        assertThat(rows(votes).get(1)).startsWith("2 | 3 | 30 | 25 | 20 | 3 | 2 | 通过");

        JsonNode implement = section(view, "第六步 社区督促“抓落实”");
        assertThat(fields(implement)).anyMatch(f -> f.startsWith("责任单位或责任人: " + displayName("ljy3-responsible-unit")))
                .anyMatch(f -> f.startsWith("完成期限: " + java.time.LocalDate.now().plusDays(30)));
        assertThat(rows(table(implement, "落实进展"))).hasSize(2)
                .anyMatch(r -> r.contains("100") && r.contains("两组充电桩已安装并通电"));
        assertThat(rows(table(implement, "验收"))).singleElement()
                .satisfies(r -> assertThat(r).contains("是", displayName("ljy3-resident-representative-2")));

        assertReadsInChinese(view);
    }

    @Test
    void aConcernHandedUpLevelByLevelShowsItsHandOversAndItsLog() {
        Map<String, Object> concern = new java.util.LinkedHashMap<>(Map.of("title", "案件视图: 小区门口占道经营",
                "description", "早市摊位占满人行道。", "location", "老军营小区南门", "category", "traffic",
                "scope", "estate", "urgency", "normal", "channel", "tea-room"));
        concern.put("requesterName", "路瑶");
        concern.put("requesterContact", "13812345678");
        Rest.Reply raised = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(concern));
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        String id = raised.json().path("id").asText();
        runAsync(id);
        complete("ljy3-residents-committee", id, "Task_DispatchConcern", Map.of("dispatchDecision", "escalate",
                "dispatchNote", "涉及城管执法, 社区无执法权。"));
        complete("laojunying-street", id, "Task_HandleEscalation", Map.of("escalationAction", "up",
                "levelNotes", "需区城管局统一执法"));
        complete("district", id, "Task_HandleTopEscalation", Map.of("escalationAction", "settle",
                "levelNotes", "区城管局已划定早市临时摊区"));

        JsonNode view = as("laojunying-street").get("/api/cases/" + id).json();
        JsonNode handOvers = table(section(view, "逐级上交"), "逐级上交");
        List<String> rows = rows(handOvers);
        assertThat(rows).anyMatch(r -> r.contains("上交") && r.contains("社区") && r.contains("街道")
                && r.contains("涉及城管执法"));
        assertThat(rows).anyMatch(r -> r.contains("上交上一级") && r.contains("需区城管局统一执法"));
        assertThat(rows).anyMatch(r -> r.contains("本级办结") && r.contains("区城管局已划定早市临时摊区"));
        assertThat(handOvers.path("columns").toString()).contains("从", "交至", "办理层级", "处理方式");

        List<String> log = rows(table(section(view, "诉求记录"), "诉求记录"));
        assertThat(log).anyMatch(r -> r.contains("交办") && r.contains("超出社区职权,上交街道")
                && r.contains(displayName("ljy3-residents-committee")));
        assertThat(log).anyMatch(r -> r.contains("办结") && r.contains("区城管局已划定早市临时摊区"));
        assertThat(fields(section(view, "分流诉求"))).anyMatch(f -> f.startsWith("办理层级: "));
        assertReadsInChinese(view);
    }

    @Test
    void aConsultationShowsItsItemsAndTheDepartmentsAnswers() {
        Map<String, Object> proposal = new java.util.LinkedHashMap<>();
        proposal.put("title", "案件视图: 加强社区养老工程建设");
        proposal.put("description", "居家养老模式较为单一。");
        proposal.put("platformLevel", "community");
        proposal.put("platformName", "欢迎来协商");
        proposal.put("location", "老军营小区第三社区协商议事亭");
        proposal.put("plannedMeetingDate", java.time.LocalDate.now().plusDays(20).toString());
        Rest.Reply proposed = as(COMMITTEE).post("/engine-rest/process-definition/key/consultation/submit-form",
                Rest.variables(proposal));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        String id = proposed.json().path("id").asText();
        runAsync(id);
        complete("ljy3-cppcc-member", id, "Task_ConfirmAttendance", Map.of("attending", "yes"));
        complete("ljy3-cppcc-member-2", id, "Task_ConfirmAttendance", Map.of("attending", "no",
                "absenceReason", "外地出差"));
        complete("ljy3-cppcc-member", id, "Task_FileResearch", Map.of("siteVisits", "走访12户独居老人",
                "respondents", 120, "questionnaireSummary", "86份希望就近助餐"));
        complete(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "yes"));
        Map<String, Object> item = new java.util.LinkedHashMap<>();
        item.put("issue", "居家养老模式较为单一");
        item.put("raisedBy", "政协委员 郗宝宝");
        item.put("suggestions", "打造嵌入式养老服务");
        item.put("department", "ljy3-responsible-unit");
        item.put("onSiteAnswer", "纳入今年计划");
        item.put("responseDeadline", java.time.LocalDate.now().plusDays(10).toString());
        Map<String, Object> meeting = new java.util.LinkedHashMap<>();
        meeting.put("meetingDate", java.time.LocalDate.now().toString());
        meeting.put("membersPresent", List.of("ljy3-cppcc-member"));
        meeting.put("departmentHeadsPresent", 2);
        meeting.put("residentsPresent", 15);
        meeting.put("enterprisesPresent", 1);
        meeting.put("items", List.of(item));
        complete(COMMITTEE, id, "Task_RecordMeeting", meeting);
        complete("ljy3-responsible-unit", id, "Task_ReportItemHandling", Map.of("handlingResult", "resolved",
                "handlingNotes", "已开设社区助餐点"));

        JsonNode view = as("laojunying-street").get("/api/cases/" + id).json();
        JsonNode section = section(view, "政协协商事项与答复");
        List<String> items = rows(table(section, "协商事项"));
        assertThat(items).singleElement().satisfies(r -> assertThat(r).contains("1", "居家养老模式较为单一",
                "打造嵌入式养老服务", displayName("ljy3-responsible-unit"), "纳入今年计划"));
        assertThat(rows(table(section, "部门书面答复"))).singleElement().satisfies(r -> assertThat(r)
                .contains("1", "已解决", "已开设社区助餐点", displayName("ljy3-responsible-unit")));
        assertThat(rows(table(section(view, "确认报到"), "委员报到"))).anyMatch(r -> r.contains("外地出差"));
        assertThat(fields(section(view, "记录协商会议"))).contains("参会总人数: 19")
                .anyMatch(f -> f.startsWith("到会的政协委员: ") && f.contains("政协委员"));
        assertReadsInChinese(view);
    }

    private void draftPlan(String id, String content) {
        complete("ljy3-deliberation-council", id, "Task_DraftPlan", Map.of("planContent", content,
                "costBearer", "维修基金与第三方企业", "planImplementer", "第三方充电桩企业",
                "plannedCompletion", java.time.LocalDate.now().plusDays(60).toString()));
    }

    private void vote(String id, int seated, int present, int inFavour, int against, int abstain) {
        complete("ljy3-representative-assembly", id, "Task_RecordVote", Map.of("seatedRepresentatives", seated,
                "presentRepresentatives", present, "votesFor", inFavour, "votesAgainst", against,
                "votesAbstain", abstain));
    }

    /**
     * Completes the open task with this key in the case or a case it called (the one assigned to the user where
     * there are several), as the user over REST; then runs what follows.
     */
    private void complete(String user, String id, String taskKey, Map<String, ?> values) {
        List<org.camunda.bpm.engine.task.Task> tasks = taskService.createTaskQuery()
                .processInstanceIdIn(tree(id).toArray(String[]::new)).taskDefinitionKey(taskKey).list();
        if (tasks.size() > 1) {
            tasks = tasks.stream().filter(t -> user.equals(t.getAssignee())).toList();
        }
        assertThat(tasks).as("open " + taskKey + " for " + user).hasSize(1);
        Rest.Reply reply = as(user).post("/engine-rest/task/" + tasks.get(0).getId() + "/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        runAsync(id);
    }

    /** Runs the due asynchronous steps of the case and the cases it called. */
    private void runAsync(String id) {
        for (int round = 0; round < 5; round++) {
            tree(id).forEach(this::executeAsyncSteps);
        }
    }

    private List<String> tree(String id) {
        List<String> tree = new ArrayList<>(List.of(id));
        for (int i = 0; i < tree.size(); i++) {
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(tree.get(i)).list()
                    .forEach(p -> tree.add(p.getId()));
        }
        return tree;
    }

    private String displayName(String userId) {
        return cn.xieshang.deliberation.People.displayName(identityService.createUserQuery().userId(userId).singleResult());
    }

    /**
     * Everything a person reads has a Chinese label: no heading, label or column with a Latin letter (a variable
     * name), no user id, no option code.
     */
    private static void assertReadsInChinese(JsonNode view) {
        List<String> labels = new ArrayList<>();
        for (JsonNode section : view.path("record")) {
            labels.add(section.path("section").asText());
            section.path("fields").forEach(f -> labels.add(f.path("label").asText()));
            section.path("lists").forEach(l -> {
                labels.add(l.path("label").asText());
                l.path("columns").forEach(c -> labels.add(c.asText()));
            });
        }
        assertThat(labels).isNotEmpty().allSatisfy(label -> assertThat(label).isNotBlank().doesNotContainPattern("[A-Za-z]"));
        String record = view.path("record").toString();
        assertThat(record).doesNotContain("ljy3-", "\"yes\"", "\"no\"", "\"accept\"", "\"escalate\"",
                "\"settle\"", "\"hand-over\"", "\"community\"", "\"resolved\"", "\"true\"", "\"false\"");
    }

    private static JsonNode section(JsonNode view, String heading) {
        for (JsonNode section : view.path("record")) {
            if (heading.equals(section.path("section").asText())) {
                return section;
            }
        }
        throw new AssertionError("no section " + heading + " in " + headings(view));
    }

    private static List<String> headings(JsonNode view) {
        List<String> headings = new ArrayList<>();
        view.path("record").forEach(s -> headings.add(s.path("section").asText()));
        return headings;
    }

    private static List<String> fields(JsonNode section) {
        List<String> lines = new ArrayList<>();
        section.path("fields").forEach(f -> lines.add(f.path("label").asText() + ": " + f.path("value").asText()));
        return lines;
    }

    private static JsonNode table(JsonNode section, String label) {
        for (JsonNode list : section.path("lists")) {
            if (label.equals(list.path("label").asText())) {
                return list;
            }
        }
        throw new AssertionError("no list " + label + " in " + section);
    }

    /** Each row's cells joined by " | ". */
    private static List<String> rows(JsonNode table) {
        List<String> rows = new ArrayList<>();
        table.path("rows").forEach(r -> {
            List<String> cells = new ArrayList<>();
            r.forEach(c -> cells.add(c.asText()));
            rows.add(String.join(" | ", cells));
        });
        return rows;
    }

    /** The record's fields, every section, as "label: value". */
    private static List<String> record(JsonNode view) {
        List<String> lines = new ArrayList<>();
        view.path("record").forEach(section -> section.path("fields")
                .forEach(r -> lines.add(r.path("label").asText() + ": " + r.path("value").asText())));
        return lines;
    }
}
