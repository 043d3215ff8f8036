package cn.xieshang.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notice.NoticeBoard;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The seven-step method end to end, with the real cases of the reports: every path a community can take, walked
 * over REST as the people who take it, with the engine clock driving deadlines, reminders and the publicity period.
 */
class SevenStepsTest extends IntegrationTest {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String COUNCIL = "ljy3-deliberation-council";
    static final String ASSEMBLY = "ljy3-representative-assembly";
    static final String RESIDENTS_COMMITTEE = "ljy3-residents-committee";
    static final String UNIT = "ljy3-responsible-unit";
    static final String SUPERVISOR = "ljy3-resident-representative-2";
    static final List<String> STAKEHOLDERS = List.of("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative");

    @Autowired
    NoticeBoard noticeBoard;

    @BeforeEach
    void emptyMailbox() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
    }

    // ---------------------------------------------------------------- whole paths

    @Test
    void shuiliDashaChargingPiles_consensusAtTheFirstRound_passedAtExactlyTwoThirds_doneAndPublished() throws Exception {
        Map<String, Object> topic = topic("水利大厦宿舍缺少车棚和充电桩");
        topic.put("requesterEmail", "du.cuiping@example.cn");
        String id = raise(RESIDENT, topic);
        accept(id);
        assertThat(mailsTo("du.cuiping@example.cn")).anyMatch(m -> subject(m).contains("已受理"));

        fileResearch(id);
        for (String stakeholder : STAKEHOLDERS) {
            giveOpinion(id, stakeholder, "建议安装两组充电桩, 费用由维修基金和第三方企业分担。");
        }
        assertThat(runtimeService.getVariable(id, "missingOpinionsText")).isEqualTo("无");
        assertThat(runtimeService.getVariable(id, "opinionsText")).asString()
                .contains("老军营三社区 政协委员: 建议安装两组充电桩").doesNotContain("null");
        assertThat(runtimeService.getVariable(id, "opinion")).as("each opinion stays in its stakeholder's branch").isNull();
        summarise(id);
        draftPlan(id, "在3号楼北侧安装两组共20个充电桩并搭建车棚");
        consult(id, "yes");
        vote(id, 30, 25, 20, 3, 2);

        assertThat(runtimeService.getVariable(id, "votePassed")).isEqualTo(true);
        assertThat(runtimeService.getVariable(id, "voteResult")).isEqualTo("通过");
        assertThat(mailsTo("du.cuiping@example.cn")).anyMatch(m -> subject(m).contains("表决结果"));
        assign(id, LocalDate.now().plusDays(30));

        NoticeBoard.Notice notice = noticeBoard.find(id).orElseThrow();
        assertThat(notice.status()).isEqualTo(NoticeBoard.Status.IMPLEMENTING);
        assertThat(notice.communityId()).isEqualTo("laojunying-3");
        assertThat(notice.content()).containsEntry("title", "水利大厦宿舍缺少车棚和充电桩")
                .containsEntry("votesFor", 20).containsEntry("seatedRepresentatives", 30);
        assertThat(notice.content().toString()).doesNotContain("杜翠萍", "13912345678", "du.cuiping");
        assertThat(mailsTo("ljy3-cppcc-member@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("张榜公示"));

        reportProgress(id, 50, "充电桩基座已完工");
        assertThat(noticeBoard.find(id).orElseThrow().content().get("progressPercent")).isEqualTo(50);
        reportProgress(id, 100, "两组充电桩已安装并通电");
        acceptResult(id, SUPERVISOR, "yes", null);
        assertThat(noticeBoard.find(id).orElseThrow().status()).isEqualTo(NoticeBoard.Status.PUBLICITY);
        assertThat(waitingAt(id)).contains("Task_RaiseObjection");
        // during the publicity period the summary is a variable of the running case, which Cockpit offers to download
        FileValue during = runtimeService.getVariableTyped(id, "caseSummaryPdf");
        assertThat(pdfText(during.getValue().readAllBytes())).contains("社区协商议事书面总结", "两组充电桩已安装并通电");

        passTime(8);
        assertThat(noticeBoard.find(id).orElseThrow().status()).isEqualTo(NoticeBoard.Status.DONE);
        assertThat(endedAt(id)).isEqualTo("EndEvent_DeliberationCompleted");
        assertThat(mailsTo("du.cuiping@example.cn")).anyMatch(m -> subject(m).contains("已办结"));

        List<Attachment> attachments = taskService.getProcessInstanceAttachments(id);
        assertThat(attachments).singleElement().satisfies(a -> assertThat(a.getName()).endsWith(".pdf"));
        // lines and table cells the PDF wraps are joined again
        String text = pdfText(taskService.getAttachmentContent(attachments.get(0).getId()).readAllBytes())
                .replaceAll("[ ]*\\R", "");
        // the record in the sections and under the labels of the case view (caseview.CaseRecordView)
        assertThat(text).contains("社区协商议事书面总结", "水利大厦宿舍缺少车棚和充电桩", "老军营小区第三社区",
                "第一步 多种渠道“提议题”", "第五步 居民表决“定结果”", "在3号楼北侧安装两组共20个充电桩并搭建车棚",
                "应到代表人数:30", "赞成:20", "表决结果:通过", "两组充电桩已安装并通电", "各方意见", "方案各稿",
                "公示期内无异议");
        assertThat(text).contains("费用由维修基金和第三方企业分担");
        assertThat(text).doesNotContain("杜翠萍").doesNotContain("13912345678");
        FileValue file = historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableName("caseSummaryPdf").singleResult().getTypedValue() instanceof FileValue f ? f : null;
        assertThat(file).isNotNull();
        assertThat(file.getMimeType()).isEqualTo("application/pdf");
    }

    @Test
    void xibeiXincunHeating_consensusAtTheThirdRound() {
        String id = toConsultation(raise(RESIDENT, topic("西北新村冬季供暖不热")));
        consult(id, "no");
        draftPlan(id, "第二稿: 更换老旧暖气片");
        consult(id, "no");
        draftPlan(id, "第三稿: 安装壁挂炉");
        consult(id, "yes");

        assertThat(waitingAt(id)).containsExactly("Task_RecordVote");
        assertThat(runtimeService.getVariable(id, "consultationRound")).isEqualTo(3);
        assertThat(runtimeService.getVariable(id, "planVersion")).isEqualTo(3);
        assertThat(runtimeService.getVariable(id, "planContent")).isEqualTo("第三稿: 安装壁挂炉");
        SpinJsonNode versions = (SpinJsonNode) runtimeService.getVariable(id, PlanVersions.VERSIONS);
        assertThat(versions.elements()).extracting(v -> v.prop("planContent").stringValue())
                .containsExactly("初稿: 西北新村冬季供暖不热", "第二稿: 更换老旧暖气片", "第三稿: 安装壁挂炉");
    }

    @Test
    void noConsensusAfterTheMaximumOfRounds_escalatedToTheStreetOffice() {
        String id = toDeadlock(raise(RESIDENT, topic("兆阳小区33号楼5单元厨房下水堵塞")));
        complete(COMMITTEE, id, "Task_DecideDeadlock", Map.of("deadlockOutcome", "escalate",
                "disagreementRecord", "一楼业主不同意在其家中施工, 四户分摊费用方案未获一致同意。"));

        // Task_StreetHandleDeadlock calls the escalation process; its first level is the street office
        Task street = escalatedTask(id);
        assertThat(taskService.getIdentityLinksForTask(street.getId())).extracting(l -> l.getGroupId())
                .containsExactly("street-office");
        assertThat(runtimeService.getVariable(street.getProcessInstanceId(), "escalationHistoryText")).asString()
                .contains("社区 交 街道", "一楼业主不同意");
        Map<String, Object> decision = Map.of("escalationAction", "settle",
                "levelNotes", "街道城建股协调一楼业主, 由物业先行改管。");
        assertThat(as("yingze-street").get("/engine-rest/task/" + street.getId()).status()).isEqualTo(404);
        assertThat(as("ljy3-party-committee").post("/engine-rest/task/" + street.getId() + "/submit-form",
                Rest.variables(decision)).status()).isIn(403, 404);
        Rest.Reply done = as("laojunying-street").post("/engine-rest/task/" + street.getId() + "/submit-form",
                Rest.variables(decision));
        assertThat(done.status()).as(done.body()).isEqualTo(204);
        executeAsyncSteps(id);
        assertThat(endedAt(id)).isEqualTo("EndEvent_EscalatedToStreet");
        assertThat(historicValue(id, "streetDecision")).isEqualTo("街道城建股协调一楼业主, 由物业先行改管。");
    }

    @Test
    void noConsensusAfterTheMaximumOfRounds_closedWithTheDisagreementRecorded() {
        String id = toDeadlock(raise(RESIDENT, topic("小区是否统一更换物业公司")));
        Rest.Reply withoutRecord = submit(COMMITTEE, id, "Task_DecideDeadlock", Map.of("deadlockOutcome", "close"));
        assertThat(withoutRecord.status()).isEqualTo(400);
        assertThat(withoutRecord.body()).contains("disagreementRecord");

        complete(COMMITTEE, id, "Task_DecideDeadlock", Map.of("deadlockOutcome", "close",
                "disagreementRecord", "多数业主支持续聘, 少数业主坚持更换, 三轮协商未达成一致, 记录在案。"));
        assertThat(endedAt(id)).isEqualTo("EndEvent_ClosedWithoutConsensus");
        assertThat(historicValue(id, "disagreementRecord")).asString().contains("记录在案");
    }

    @Test
    void voteOneBelowTwoThirdsFails_thenTheCommitteeRedraftsAndTheNewPlanPasses() {
        String id = toVote(raise(RESIDENT, topic("翠屏小学门口设置减速带和电动车停放区")));
        vote(id, 30, 28, 19, 6, 3);
        assertThat(runtimeService.getVariable(id, "votePassed")).isEqualTo(false);
        assertThat(runtimeService.getVariable(id, "voteResult")).asString().startsWith("未通过");

        complete(COMMITTEE, id, "Task_DecideAfterFailedVote",
                Map.of("afterFailedVote", "redraft", "failedVoteNote", "调整停放区位置后重新表决"));
        draftPlan(id, "第二稿: 停放区移到校门东侧");
        consult(id, "yes");
        vote(id, 30, 28, 20, 5, 3);

        assertThat(runtimeService.getVariable(id, "votePassed")).isEqualTo(true);
        assertThat(waitingAt(id)).containsExactly("Task_AssignImplementation");
    }

    @Test
    void aFailedVoteCanEndTheMatter() {
        String id = toVote(raise(RESIDENT, topic("在小区中心花园建停车位")));
        vote(id, 30, 30, 8, 20, 2);
        complete(COMMITTEE, id, "Task_DecideAfterFailedVote",
                Map.of("afterFailedVote", "end", "failedVoteNote", "多数代表反对占用绿地"));
        assertThat(endedAt(id)).isEqualTo("EndEvent_PlanRejectedByVote");
    }

    @Test
    void withoutAQuorumTheVoteFails() {
        String id = toVote(raise(RESIDENT, topic("楼道加装声控灯")));
        vote(id, 30, 19, 19, 0, 0);
        assertThat(runtimeService.getVariable(id, "votePassed")).isEqualTo(false);
        assertThat(runtimeService.getVariable(id, "voteResult")).asString().contains("实到代表不足");
    }

    // ---------------------------------------------------------------- deadlines, reminders, escalation

    @Test
    void missingOpinionsAreRemindedThenTheStepGoesOnWithoutThem() throws Exception {
        String id = raise(RESIDENT, topic("小区垃圾清运不及时"));
        accept(id);
        fileResearch(id);
        giveOpinion(id, "ljy3-cppcc-member", "建议增加清运频次");

        passTime(2.1);
        assertThat(mailsTo("ljy3-property-company@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        assertThat(mailsTo("ljy3-cppcc-member@demo.xieshang.cn")).noneMatch(m -> subject(m).contains("提醒"));
        assertThat(waitingAt(id)).containsOnly("Task_GiveOpinion");

        passTime(1);
        assertThat(waitingAt(id)).containsExactly("Task_SummariseSuggestions");
        SpinJsonNode missing = (SpinJsonNode) runtimeService.getVariable(id, Opinions.MISSING);
        assertThat(missing.elements()).extracting(SpinJsonNode::stringValue)
                .containsExactlyInAnyOrder("ljy3-property-company", "ljy3-resident-representative");
        assertThat(runtimeService.getVariable(id, "missingOpinionsText")).asString().contains("未等待");
    }

    @Test
    void implementationOverdue_theStreetOfficeSupervisesWhileTheWorkGoesOn() throws Exception {
        String id = toImplementation(raise(RESIDENT, topic("机电小区地下室管道漏水")), LocalDate.now().plusDays(3));
        reportProgress(id, 40, "已安排工人进场");

        passTime(7.1);
        assertThat(mailsTo(UNIT + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        assertThat(waitingAt(id)).containsExactly("Task_ReportProgress");
        // Task_SuperviseOverdue calls the escalation process: the street office supervises while the work goes on
        Task supervise = escalatedTask(id);
        assertThat(taskService.getIdentityLinksForTask(supervise.getId())).anyMatch(l -> "street-office".equals(l.getGroupId()));
        assertThat(mailsTo("laojunying-street@demo.xieshang.cn")).isEmpty(); // task mails are jobs of their own
        Rest.Reply supervised = as("laojunying-street").post("/engine-rest/task/" + supervise.getId() + "/submit-form",
                Rest.variables(Map.of("escalationAction", "settle", "levelNotes", "请物业三日内完成维修")));
        assertThat(supervised.status()).as(supervised.body()).isEqualTo(204);
        assertThat(runtimeService.getVariable(id, "superviseNotes")).isEqualTo("请物业三日内完成维修");
        reportProgress(id, 100, "管道已更换, 不再漏水");
        assertThat(waitingAt(id)).containsExactly("Task_AcceptResult");
    }

    @Test
    void supervisorsSendTheResultBackWithReasonsThenAcceptIt() {
        String id = toImplementation(raise(RESIDENT, topic("茂悦府西门口安全隐患")), LocalDate.now().plusDays(20));
        reportProgress(id, 100, "西门口已改造");

        Rest.Reply noReason = submit(SUPERVISOR, id, "Task_AcceptResult", Map.of("resultAccepted", "no"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("acceptanceNotes");
        Rest.Reply stranger = submit("ljy3-npc-deputy", id, "Task_AcceptResult", Map.of("resultAccepted", "yes"));
        assertThat(stranger.status()).isIn(403, 404);

        acceptResult(id, SUPERVISOR, "no", "护栏尚未安装");
        assertThat(waitingAt(id)).containsExactly("Task_ReportProgress");
        assertThat(runtimeService.getVariable(id, "acceptanceNotes")).isEqualTo("护栏尚未安装");
        reportProgress(id, 100, "护栏已安装");
        acceptResult(id, "ljy3-resident", "yes", null);

        assertThat(waitingAt(id)).containsExactly("Task_RaiseObjection");
        SpinJsonNode verdicts = (SpinJsonNode) runtimeService.getVariable(id, Progress.ACCEPTANCES);
        assertThat(verdicts.elements()).extracting(v -> v.prop("accepted").stringValue()).containsExactly("no", "yes");
    }

    @Test
    void anObjectionDuringPublicityGoesBackToTheCommittee() {
        String id = toPublicity(raise(RESIDENT, topic("农场社区下水道异味")));

        complete("ljy3-resident-representative", id, "Task_RaiseObjection", Map.of("objection", "异味在雨天仍然存在"));
        complete(COMMITTEE, id, "Task_HandleObjection", Map.of("objectionResponse", "市政公司已复查, 雨天异味来自雨水井, 已一并清淤。",
                "objectionUpheld", "no"));
        NoticeBoard.Notice notice = noticeBoard.find(id).orElseThrow();
        assertThat(notice.status()).isEqualTo(NoticeBoard.Status.PUBLICITY);
        assertThat(notice.content().toString()).contains("异味在雨天仍然存在", "已一并清淤");
        assertThat(waitingAt(id)).containsExactly("Task_RaiseObjection");

        complete(RESIDENT, id, "Task_RaiseObjection", Map.of("objection", "3号楼旁的井盖仍有异味"));
        complete(COMMITTEE, id, "Task_HandleObjection", Map.of("objectionResponse", "情况属实, 重新落实。",
                "objectionUpheld", "yes"));
        executeAsyncSteps(id);
        assertThat(waitingAt(id)).containsExactly("Task_ReportProgress");
        assertThat(noticeBoard.find(id).orElseThrow().status()).isEqualTo(NoticeBoard.Status.IMPLEMENTING);
        // both objections and their answers in the case's record, as the managers read it in Cockpit
        com.fasterxml.jackson.databind.JsonNode record = as("laojunying-street").get("/api/cases/" + id).json().path("record");
        String objections = null;
        for (com.fasterxml.jackson.databind.JsonNode section : record) {
            for (com.fasterxml.jackson.databind.JsonNode table : section.path("lists")) {
                if (table.path("label").asText().equals("异议")) {
                    objections = table.toString();
                }
            }
        }
        assertThat(objections).as("the objections' table in " + record).isNotNull()
                .contains("异味在雨天仍然存在", "已一并清淤", "3号楼旁的井盖仍有异味", "情况属实, 重新落实。");
    }

    // ---------------------------------------------------------------- the public notice board

    @Test
    void thePublicBoardShowsPublishedNoticesInABrowserAndNeverTheRequester() throws Exception {
        cn.xieshang.support.Chromium.assumeInstalled();
        String named = toImplementation(raise(RESIDENT, topic("单元楼道堆放杂物")), LocalDate.now().plusDays(15));
        Map<String, Object> secret = topic("物业公司长期不维修公共设施");
        secret.put("channel", "back-to-back");
        String anonymous = toImplementation(raise("ljy3-grid-worker", secret), LocalDate.now().plusDays(15));
        reportProgress(anonymous, 30, "物业&业委会已制定维修计划");

        String page = cn.xieshang.support.Chromium.dumpDom("http://localhost:" + port + "/notices/laojunying-3");
        cn.xieshang.support.Chromium.screenshot("http://localhost:" + port + "/notices/laojunying-3", "notices-laojunying-3");

        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(anonymous).singleResult()
                .getBusinessKey();
        assertThat(page).contains("老军营小区第三社区协商公示栏", "单元楼道堆放杂物", "物业公司长期不维修公共设施", caseNumber,
                "赞成 22", "应到 30 人", "落实中", "30%");
        assertThat(page).doesNotContain("杜翠萍").doesNotContain("13912345678").doesNotContain("ljy3-grid-worker")
                .doesNotContain(RESIDENT);
        assertThat(page).contains("物业&amp;业委会已制定维修计划");
        // the board's open data carries the same notices, and the same nobody
        for (String feed : List.of("/notices/laojunying-3.json", "/notices/laojunying-3.atom")) {
            assertThat(anonymousClient().get(feed).body()).as(feed).contains(caseNumber, "单元楼道堆放杂物", "物业公司长期不维修公共设施")
                    .doesNotContain("杜翠萍").doesNotContain("13912345678").doesNotContain("ljy3-grid-worker")
                    .doesNotContain(RESIDENT);
        }
        String otherCommunity = cn.xieshang.support.Chromium.dumpDom("http://localhost:" + port + "/notices/shangmajie-2");
        assertThat(otherCommunity).contains("上马街二社区协商公示栏").doesNotContain("单元楼道堆放杂物");
        String index = cn.xieshang.support.Chromium.dumpDom("http://localhost:" + port + "/notices");
        assertThat(index).contains("迎泽区社区协商公示栏", "老军营街道", "老军营小区第三社区");
        assertThat(anonymousClient().get("/notices/atlantis").status()).isEqualTo(404);
        assertThat(named).isNotBlank();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void inconsistentVoteCountsAreRejectedAndChangeNothing() {
        String id = toVote(raise(RESIDENT, topic("小区健身器材更新")));
        assertRejected(id, votes(30, 31, 20, 5, 5), "presentRepresentatives", "不能多于应到");
        assertRejected(id, votes(30, 25, 20, 5, 1), "votesFor+votesAgainst+votesAbstain", "不能多于实到");
        assertRejected(id, votes(30, 25, -1, 5, 1), "votesFor", "不能小于 0");
        assertRejected(id, votes(0, 0, 0, 0, 0), "seatedRepresentatives", "不能小于 1");
        Map<String, Object> fraction = new HashMap<>(votes(30, 25, 20, 2, 1));
        fraction.put("votesFor", 20.5);
        assertRejected(id, fraction, "votesFor", "应为整数");
        Map<String, Object> text = new HashMap<>(votes(30, 25, 20, 2, 1));
        text.put("votesFor", "二十");
        assertRejected(id, text, "votesFor", "应为数字");
        assertThat(runtimeService.getVariable(id, "votesFor")).isNull();
        assertThat(runtimeService.getVariable(id, "votePassed")).isNull();
    }

    @Test
    void aDeadlineInThePastIsRejected() {
        String id = toVote(raise(RESIDENT, topic("单元门禁维修")));
        vote(id, 30, 25, 21, 2, 2);
        Map<String, Object> values = assignment(LocalDate.now().minusDays(1));
        Rest.Reply reply = submit(RESIDENTS_COMMITTEE, id, "Task_AssignImplementation", values);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("implementationDeadline").contains("晚于今天");
        Map<String, Object> stranger = assignment(LocalDate.now().plusDays(5));
        stranger.put("implementer", "smj2-responsible-unit");
        assertThat(submit(RESIDENTS_COMMITTEE, id, "Task_AssignImplementation", stranger).body())
                .contains("implementer").contains("smj2-responsible-unit");
        assertThat(waitingAt(id)).containsExactly("Task_AssignImplementation");
        assertThat(noticeBoard.find(id)).isEmpty();
    }

    @Test
    void researchNeedsItsNotes() {
        String id = raise(RESIDENT, topic("楼顶防水层老化"));
        accept(id);
        Rest.Reply reply = submit("ljy3-cppcc-member", id, "Task_FileResearch",
                Map.of("researchMethods", List.of("site-visit", "questionnaire")));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("siteVisitNotes").contains("questionnaireSummary").contains("respondents");
        assertThat(submit("ljy3-npc-deputy", id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "未被指定的人")).status()).isIn(403, 404);
    }

    // ---------------------------------------------------------------- steps

    private void accept(String id) {
        complete(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", STAKEHOLDERS,
                "researchers", List.of("ljy3-cppcc-member")));
    }

    private void fileResearch(String id) {
        complete("ljy3-cppcc-member", id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit", "questionnaire"),
                "siteVisitNotes", "实地查看3幢楼, 楼道内有飞线充电", "respondents", 54,
                "questionnaireSummary", "54户中49户支持安装充电桩"));
    }

    private void giveOpinion(String id, String stakeholder, String opinion) {
        Task task = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_GiveOpinion")
                .taskAssignee(stakeholder).singleResult();
        Rest.Reply reply = as(stakeholder).post("/engine-rest/task/" + task.getId() + "/submit-form",
                Rest.variables(Map.of("opinion", opinion)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    private void summarise(String id) {
        complete(COMMITTEE, id, "Task_SummariseSuggestions", Map.of("suggestions", "安装充电桩, 费用多方分担"));
    }

    private void draftPlan(String id, String content) {
        complete(COUNCIL, id, "Task_DraftPlan", Map.of("planContent", content, "costBearer", "维修基金与第三方企业",
                "planImplementer", "第三方充电桩企业", "plannedCompletion", LocalDate.now().plusDays(60).toString()));
    }

    private void consult(String id, String consensus) {
        complete(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "区政协委员、街道城建股、小区党支部书记、居民代表、第三方企业",
                "discussion", "各方就方案逐条讨论", "consensus", consensus));
    }

    private static Map<String, Object> votes(int seated, int present, int inFavour, int against, int abstain) {
        Map<String, Object> votes = new LinkedHashMap<>();
        votes.put("seatedRepresentatives", seated);
        votes.put("presentRepresentatives", present);
        votes.put("votesFor", inFavour);
        votes.put("votesAgainst", against);
        votes.put("votesAbstain", abstain);
        return votes;
    }

    private void vote(String id, int seated, int present, int inFavour, int against, int abstain) {
        complete(ASSEMBLY, id, "Task_RecordVote", votes(seated, present, inFavour, against, abstain));
    }

    private Map<String, Object> assignment(LocalDate deadline) {
        Map<String, Object> values = new HashMap<>();
        values.put("implementer", UNIT);
        values.put("implementationDeadline", deadline.toString());
        values.put("supervisors", List.of(SUPERVISOR, "ljy3-resident"));
        return values;
    }

    private void assign(String id, LocalDate deadline) {
        complete(RESIDENTS_COMMITTEE, id, "Task_AssignImplementation", assignment(deadline));
    }

    private void reportProgress(String id, int percent, String notes) {
        complete(UNIT, id, "Task_ReportProgress", Map.of("progressPercent", percent, "progressNotes", notes));
    }

    private void acceptResult(String id, String supervisor, String accepted, String notes) {
        Map<String, Object> values = new HashMap<>();
        values.put("resultAccepted", accepted);
        if (notes != null) {
            values.put("acceptanceNotes", notes);
        }
        complete(supervisor, id, "Task_AcceptResult", values);
    }

    private String toConsultation(String id) {
        accept(id);
        fileResearch(id);
        STAKEHOLDERS.forEach(s -> giveOpinion(id, s, "同意"));
        summarise(id);
        draftPlan(id, "初稿: " + runtimeService.getVariable(id, "title"));
        return id;
    }

    private String toDeadlock(String id) {
        toConsultation(id);
        consult(id, "no");
        draftPlan(id, "第二稿");
        consult(id, "no");
        draftPlan(id, "第三稿");
        consult(id, "no");
        assertThat(waitingAt(id)).containsExactly("Task_DecideDeadlock");
        return id;
    }

    private String toVote(String id) {
        toConsultation(id);
        consult(id, "yes");
        return id;
    }

    private String toImplementation(String id, LocalDate deadline) {
        toVote(id);
        vote(id, 30, 27, 22, 3, 2);
        assign(id, deadline);
        assertThat(waitingAt(id)).containsExactly("Task_ReportProgress");
        return id;
    }

    private String toPublicity(String id) {
        toImplementation(id, LocalDate.now().plusDays(10));
        reportProgress(id, 100, "已完成");
        acceptResult(id, SUPERVISOR, "yes", null);
        return id;
    }

    // ---------------------------------------------------------------- engine helpers

    private Rest.Reply submit(String user, String id, String taskKey, Map<String, ?> values) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).list();
        assertThat(tasks).as("open " + taskKey + " in " + waitingAt(id)).hasSize(1);
        return as(user).post("/engine-rest/task/" + tasks.get(0).getId() + "/submit-form", Rest.variables(values));
    }

    private void complete(String user, String id, String taskKey, Map<String, ?> values) {
        Rest.Reply reply = submit(user, id, taskKey, values);
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    private void assertRejected(String id, Map<String, Object> values, String field, String problem) {
        Rest.Reply reply = submit(ASSEMBLY, id, "Task_RecordVote", values);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains(field).contains(problem);
        assertThat(waitingAt(id)).containsExactly("Task_RecordVote");
    }

    /** The task of the escalation a step of this case called (its level's task), once its first steps ran. */
    private Task escalatedTask(String id) {
        String escalation = runtimeService.createProcessInstanceQuery().superProcessInstanceId(id)
                .processDefinitionKey("escalation").singleResult().getId();
        executeAsyncSteps(escalation);
        return taskService.createTaskQuery().processInstanceId(escalation).taskDefinitionKey("Task_HandleEscalation")
                .singleResult();
    }

    private List<String> waitingAt(String id) {
        return taskService.createTaskQuery().processInstanceId(id).list().stream().map(Task::getTaskDefinitionKey)
                .distinct().toList();
    }

    private String endedAt(String id) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).as("case ended").isZero();
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(id).activityType("noneEndEvent")
                .list().stream().filter(a -> a.getActivityId().startsWith("EndEvent_"))
                .map(HistoricActivityInstance::getActivityId)
                .filter(a -> !Arrays.asList("EndEvent_OpinionsGiven", "EndEvent_ImplementationAccepted",
                        "EndEvent_OpinionsReminded", "EndEvent_ProgressReminded", "EndEvent_OverdueSupervised",
                        "EndEvent_ObjectionUpheld").contains(a))
                .findFirst().orElseThrow();
    }

    private Object historicValue(String id, String name) {
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(id).variableName(name)
                .singleResult().getValue();
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @SuppressWarnings("unused")
    private static LocalDate today() {
        return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
    }
}
