package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notice.NoticeBoard;
import cn.xieshang.support.Rest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bad input to the consultation over REST: 400 naming the field (and the item), nothing stored. */
class ConsultationBadInputTest extends ConsultationSupport {

    @Autowired
    NoticeBoard noticeBoard;

    @Test
    void aBadProposalIsRejectedAndStartsNothing() {
        rejected(v -> v.remove("title"), "(title)", "必填");
        rejected(v -> v.put("title", "<b>养老</b>服务"), "(title)", "格式不正确");
        rejected(v -> v.put("platformLevel", "province"), "(platformLevel)", "不是可选的值");
        rejected(v -> v.put("plannedMeetingDate", today().toString()), "(plannedMeetingDate)", "必须晚于今天");
        rejected(v -> v.put("plannedMeetingDate", "下个月"), "(plannedMeetingDate)", "应为日期");
        rejected(v -> v.put("organiserGroup", "resident"), "(organiserGroup)", "未知字段");
        rejected(v -> v.put("description", "长".repeat(2001)), "(description)", "最多 2000 个字");
    }

    @Test
    void aBadMeetingRecordIsRejectedItemByItemAndChangesNothing() {
        String id = toMeeting("助力“双减”政策落实");
        LocalDate today = today();

        assertRecordRejected(id, meeting(List.of()), "事项(items)至少记录一项");
        assertRecordRejected(id, meeting(List.of(item("科学教育谁来教", "居民", "ljy3-responsible-unit", today.plusDays(10)),
                        item("课后服务场地不足", "居民", "ljy3-responsible-unit", today))),
                "事项(items)第 2 项: 办理答复期限(responseDeadline)必须晚于今天");
        Map<String, Object> future = meeting(List.of(item("课后服务场地不足", "居民", "ljy3-responsible-unit", today.plusDays(9))));
        future.put("meetingDate", today.plusDays(1).toString());
        assertRecordRejected(id, future, "会议日期(meetingDate)不能晚于今天");
        // the form offers ten item groups and asks how many it shows: the count, where given, is the items'
        Map<String, Object> miscounted = meeting(List.of(item("科学教育谁来教", "居民", "ljy3-responsible-unit", today.plusDays(10))));
        miscounted.put("itemCount", 3);
        assertRecordRejected(id, miscounted, "事项数(itemCount)是 3, 记录的事项(items)却有 1 项");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(item("事项" + i, "居民", "ljy3-responsible-unit", today.plusDays(10)));
        }
        assertRecordRejected(id, meeting(eleven), "事项(items)」最多 10 项");

        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("科学教育谁来教", "居民", "ljy3-responsible-unit", today.plusDays(10)));
        Map<String, Object> bad = item("<img src=x onerror=alert(1)>", "居民", "smj2-responsible-unit", today.plusDays(10));
        bad.remove("onSiteAnswer");
        items.add(bad);
        Rest.Reply reply = submit(COMMITTEE, id, "Task_RecordMeeting", meeting(items));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains(
                "事项 第 2 项 · 提出的问题(items[2].issue)」格式不正确",
                "事项 第 2 项 · 责任部门(items[2].department)」不是可选的值: smj2-responsible-unit",
                "事项 第 2 项 · 责任部门现场答复(items[2].onSiteAnswer)」为必填项");

        Map<String, Object> stranger = meeting(List.of(item("科学教育谁来教", "居民", "ljy3-responsible-unit", today.plusDays(10))));
        stranger.put("membersPresent", List.of("smj2-cppcc-member"));
        stranger.put("residentsPresent", -3);
        Rest.Reply people = submit(COMMITTEE, id, "Task_RecordMeeting", stranger);
        assertThat(people.status()).isEqualTo(400);
        assertThat(people.json().get("message").asText()).contains("(membersPresent)", "smj2-cppcc-member",
                "(residentsPresent)", "不能小于 0");

        assertThat(waitingAt(id)).containsExactly("Task_RecordMeeting");
        assertThat(runtimeService.getVariable(id, "items")).isNull();
        assertThat(runtimeService.getVariable(id, "participantCount")).isNull();
        assertThat(noticeBoard.find(id)).isEmpty();
        assertThat(taskService.getProcessInstanceAttachments(id)).isEmpty();
    }

    @Test
    void researchNeedsBothTheSiteVisitsAndTheQuestionnaire() {
        String id = proposed(COMMITTEE, proposal("社区食堂", "community"));
        confirm(id, MEMBER, "yes", null);
        confirm(id, MEMBER_2, "no", "外出");
        Rest.Reply reply = submit(MEMBER, id, "Task_FileResearch", Map.of("siteVisits", "走访了社区食堂"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains("(respondents)", "(questionnaireSummary)");
        assertThat(waitingAt(id)).containsExactly("Task_FileResearch");
        assertThat(runtimeService.getVariable(id, "researchRounds")).isNull();
    }

    private void rejected(Consumer<Map<String, Object>> spoil, String field, String problem) {
        Map<String, Object> values = proposal("加强社区养老工程建设", "community");
        spoil.accept(values);
        long instances = historyService.createHistoricProcessInstanceQuery().count();
        long variables = historyService.createHistoricVariableInstanceQuery().count();
        long tasks = taskService.createTaskQuery().count();

        Rest.Reply reply = propose(COMMITTEE, values);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains(field).contains(problem);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
        assertThat(historyService.createHistoricVariableInstanceQuery().count()).isEqualTo(variables);
        assertThat(taskService.createTaskQuery().count()).isEqualTo(tasks);
    }

    private void assertRecordRejected(String id, Map<String, Object> values, String problem) {
        Rest.Reply reply = submit(COMMITTEE, id, "Task_RecordMeeting", values);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains(problem);
    }
}
