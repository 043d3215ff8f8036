package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notice.NoticeBoard;
import cn.xieshang.support.Chromium;
import cn.xieshang.support.Rest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A CPPCC consultation (请你来协商) end to end on the real engine, walked over REST as the people who act: members
 * summoned by home address, research sent back and accepted, a meeting with several items, the written report as a
 * PDF to the district office, items answered on time and overdue, and the follow-up on the public notice board.
 */
class ConsultationTest extends ConsultationSupport {

    static final String UNIT = "ljy3-responsible-unit";
    static final String UNIT_2 = "ljy3-responsible-unit-2";
    static final String PROPERTY = "ljy3-property-company";

    @Autowired
    NoticeBoard noticeBoard;

    @BeforeEach
    void emptyMailbox() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
    }

    @Test
    void elderlyCare_summonedResearchedSentBackMeetingReportedItemsAnsweredOnTimeAndOverdue_published() throws Exception {
        String id = proposed(COMMITTEE, proposal("加强社区养老工程建设, 构建幸福养老服务体系", "community"));

        // 社区吹哨, 委员报到: exactly the two members assigned to laojunying-3, one task each
        assertThat(runtimeService.getVariable(id, "platformLevelName")).isEqualTo("社区协商微平台");
        assertThat(runtimeService.getVariable(id, "organiserGroup")).isEqualTo("party-committee");
        List<Task> summons = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_ConfirmAttendance").list();
        assertThat(summons).extracting(Task::getAssignee).containsExactlyInAnyOrder(MEMBER, MEMBER_2);
        assertThat(summons).allSatisfy(t -> assertThat(t.getTenantId()).isEqualTo("laojunying-3"));
        sendTaskMails(id);
        assertThat(mailsTo(MEMBER + "@demo.xieshang.cn")).singleElement().satisfies(m -> assertThat(subject(m)).contains("确认报到"));
        assertThat(mailsTo(MEMBER_2 + "@demo.xieshang.cn")).hasSize(1);
        assertThat(mailsTo("smj2-cppcc-member@demo.xieshang.cn")).isEmpty();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult().getBusinessKey())
                .startsWith("XS-");

        // one reports for duty, the other cannot come; only the one who came researches
        Rest.Reply noReason = submitAs(MEMBER_2, taskOf(id, "Task_ConfirmAttendance", MEMBER_2), Map.of("attending", "no"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("absenceReason");
        assertThat(submitAs(MEMBER, taskOf(id, "Task_ConfirmAttendance", MEMBER_2), Map.of("attending", "yes")).status())
                .isIn(403, 404);
        confirm(id, MEMBER, "yes", null);
        confirm(id, MEMBER_2, "no", "出差在外");
        assertThat(waitingAt(id)).containsExactly("Task_FileResearch");
        assertThat(runtimeService.getVariable(id, "confirmedCount")).isEqualTo(1);
        assertThat(runtimeService.getVariable(id, "attendanceText")).asString().contains("出差在外");
        Task research = taskService.createTaskQuery().processInstanceId(id).singleResult();
        assertThat(taskService.getIdentityLinksForTask(research.getId())).extracting(IdentityLink::getUserId)
                .containsExactly(MEMBER);
        assertThat(submit(MEMBER_2, id, "Task_FileResearch", research("未报到的委员")).status()).isIn(403, 404);

        // 调研不透不协商: sent back once, then accepted
        complete(MEMBER, id, "Task_FileResearch", research("走访了3户独居老人"));
        assertThat(submit(MEMBER, id, "Task_ReviewResearch", Map.of("researchSufficient", "yes")).status()).isIn(403, 404);
        Rest.Reply noFeedback = submit(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "no"));
        assertThat(noFeedback.status()).isEqualTo(400);
        assertThat(noFeedback.body()).contains("researchFeedback");
        complete(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "no",
                "researchFeedback", "走访户数太少, 请覆盖全部12户独居老人并走访日间照料中心"));
        assertThat(waitingAt(id)).containsExactly("Task_FileResearch");
        assertThat(runtimeService.getVariable(id, "researchFeedback")).asString().contains("12户");
        complete(MEMBER, id, "Task_FileResearch", research("走访全部12户独居老人和日间照料中心"));
        complete(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "yes"));
        SpinJsonNode reviews = (SpinJsonNode) runtimeService.getVariable(id, ConsultationResearch.REVIEWS);
        assertThat(reviews.elements()).extracting(r -> r.prop("sufficient").stringValue()).containsExactly("no", "yes");
        assertThat(runtimeService.getVariable(id, "researchRound")).isEqualTo(2);

        // the meeting: three items to three departments
        LocalDate today = today();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("居家养老模式较为单一", "政协委员 郗宝宝", UNIT, today.plusDays(10)));
        items.add(item("院内建筑垃圾和旧家具乱扔, 影响环境", "居民 李丽峰", UNIT_2, today.plusDays(5)));
        items.add(item("一户居民未接通天然气, 使用煤气罐存在隐患", "政协委员 任丽红", PROPERTY, today.plusDays(30)));
        assertThat(runtimeService.getVariable(id, "departmentPool").toString()).contains(UNIT, UNIT_2, PROPERTY);
        complete(COMMITTEE, id, "Task_RecordMeeting", meeting(items));
        assertThat(waitingAt(id)).containsExactly("Task_AcknowledgeReport", "Task_ReportItemHandling");
        assertThat(runtimeService.getVariable(id, "participantCount")).isEqualTo(1 + 2 + 15 + 1);
        assertThat(runtimeService.getVariable(id, "itemCount")).isEqualTo(3);
        assertThat(taskOf(id, "Task_ReportItemHandling", UNIT_2).getDueDate()).isNotNull();
        assertThat(taskService.getVariable(taskOf(id, "Task_ReportItemHandling", PROPERTY).getId(), "itemIssue"))
                .isEqualTo("一户居民未接通天然气, 使用煤气罐存在隐患");

        // the written report: a Chinese PDF attached to the case and mailed to the district office
        List<Attachment> attachments = taskService.getProcessInstanceAttachments(id);
        assertThat(attachments).singleElement().satisfies(a -> assertThat(a.getName()).endsWith(".pdf"));
        // lines the PDF wraps are joined again
        String text = pdfText(taskService.getAttachmentContent(attachments.get(0).getId()).readAllBytes())
                .replaceAll("[ ]*\\R", "");
        assertThat(text).contains("关于“加强社区养老工程建设", "协商情况报告", "报送:区委、区政府", "社区协商微平台",
                "欢迎来协商", "老军营小区第三社区", today.toString(), "政协委员(按住址划分到老军营小区第三社区,社区吹哨、委员报到):1 人", "居民:15 人", "企业代表:1 人",
                "参会合计:19 人", "居家养老模式较为单一", "居民 李丽峰", "一户居民未接通天然气", "打造嵌入式养老服务",
                "部门负责人当场回应", "责任单位二", "走访全部12户独居老人",
                "事项 2:院内建筑垃圾和旧家具乱扔", "办理答复期限:" + today.plusDays(5), "逾期未答复的,由街道办督办");
        List<MimeMessage> toDistrict = mailsTo("district@demo.xieshang.cn");
        assertThat(toDistrict).singleElement().satisfies(m -> assertThat(subject(m)).contains("书面报告"));
        byte[] mailed = pdfAttachment(toDistrict.get(0));
        assertThat(pdfText(mailed)).contains("居家养老模式较为单一");
        assertThat(mailsTo("laojunying-street@demo.xieshang.cn")).noneMatch(m -> subject(m).contains("书面报告"));

        // published with the answers on the spot
        NoticeBoard.Notice notice = noticeBoard.find(id).orElseThrow();
        assertThat(notice.status()).isEqualTo(NoticeBoard.Status.FOLLOWING_UP);
        assertThat(notice.content().toString()).contains("居家养老模式较为单一").doesNotContain("李丽峰");

        // item 1 answered on time
        passTime(3);
        answer(id, UNIT, "resolved", "已在社区开设助餐点&日间照料室");
        // item 2 passes its deadline: reminded, overdue notice, and the street office supervises; item 3 reminded weekly
        passTime(6.5);
        assertThat(mailsTo(UNIT_2 + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("已逾期"));
        assertThat(mailsTo(PROPERTY + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"))
                .noneMatch(m -> subject(m).contains("已逾期"));
        assertThat(mailsTo(UNIT + "@demo.xieshang.cn")).noneMatch(m -> subject(m).contains("已逾期"));
        Task supervise = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_SuperviseOverdueItem")
                .singleResult();
        assertThat(taskService.getIdentityLinksForTask(supervise.getId())).anyMatch(l -> "street-office".equals(l.getGroupId()));
        assertThat(taskService.getVariable(supervise.getId(), "itemNumber")).isEqualTo(2);
        assertThat(as("yingze-street").get("/engine-rest/task/" + supervise.getId()).status()).isEqualTo(404);
        complete("laojunying-street", id, "Task_SuperviseOverdueItem", Map.of("superviseNotes", "请三日内清运并答复"));
        answer(id, UNIT_2, "in-progress", "已联系城管局, 每周二集中清运大件垃圾");

        // the district office signs for the report; the last item is answered; the case ends and is published
        complete("district", id, "Task_AcknowledgeReport", Map.of("acknowledgementNote", "请民政局牵头落实"));
        assertThat(runtimeService.getVariable(id, "reportAcknowledgedBy")).asString().contains("区委区政府");
        answer(id, PROPERTY, "resolved", "天然气已接通");
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConsultationCompleted");

        notice = noticeBoard.find(id).orElseThrow();
        assertThat(notice.status()).isEqualTo(NoticeBoard.Status.DONE);
        List<?> published = (List<?>) notice.content().get("items");
        assertThat(published).hasSize(3);
        assertThat(published.get(1).toString()).contains("onTime=false", "每周二集中清运大件垃圾");
        assertThat(published.get(0).toString()).contains("onTime=true");
        SpinJsonNode responses = (SpinJsonNode) historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableName(MeetingRecord.RESPONSES).singleResult().getValue();
        assertThat(responses.elements()).extracting(r -> r.prop("number").numberValue().intValue()).containsExactly(1, 2, 3);

        // the public page, in a browser: every item with its answer, HTML-escaped, no resident's name
        Chromium.assumeInstalled();
        String caseNumber = notice.caseNumber();
        String page = Chromium.dumpDom("http://localhost:" + port + "/notices/laojunying-3");
        Chromium.screenshot("http://localhost:" + port + "/notices/laojunying-3#" + caseNumber, "consultation-follow-up");
        assertThat(page).contains("加强社区养老工程建设", "政协协商 · 社区协商微平台「欢迎来协商」", caseNumber,
                "3 / 3 个事项已书面答复", "已办结", "居家养老模式较为单一", "已在社区开设助餐点&amp;日间照料室",
                "已纳入计划, 正在办理", "逾期答复", "天然气已接通", "政协委员 1 人");
        assertThat(page).doesNotContain("李丽峰").doesNotContain("助餐点&日间");
    }

    @Test
    void nobodyConfirmsInTime_remindedThenTheConsultationIsNotHeld() {
        String id = proposed(COMMITTEE, proposal("小区加装电梯", "community"));
        confirm(id, MEMBER_2, "no", "身体原因");

        passTime(2.1);
        assertThat(mailsTo(MEMBER + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        assertThat(mailsTo(MEMBER_2 + "@demo.xieshang.cn")).noneMatch(m -> subject(m).contains("提醒"));
        assertThat(waitingAt(id)).containsExactly("Task_ConfirmAttendance");

        passTime(1);
        assertThat(endedAt(id)).isEqualTo("EndEvent_NoMemberReported");
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id).variableName("unansweredMembers")
                .singleResult().getValue().toString()).contains(MEMBER).doesNotContain(MEMBER_2);
        assertThat(noticeBoard.find(id)).isEmpty();
    }

    private void answer(String id, String department, String result, String notes) {
        Rest.Reply reply = submitAs(department, taskOf(id, "Task_ReportItemHandling", department),
                Map.of("handlingResult", result, "handlingNotes", notes));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static byte[] pdfAttachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                assertThat(jakarta.mail.internet.MimeUtility.decodeText(part.getFileName())).startsWith("协商书面报告-XS-");
                try (InputStream in = part.getInputStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no attachment");
    }
}
