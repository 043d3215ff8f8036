package cn.xieshang.notice;

import cn.xieshang.validation.FormLabels;
import cn.xieshang.deliberation.CaseRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * A consultation's public follow-up on the notice board (办理结果公示): the theme, the platform, attendance by type,
 * and every item with the members' suggestions, the department's answer on the spot, its deadline and its written
 * answer once given. Who raised an issue is in the written report to the district, never on the public board.
 */
@Component("consultationNotices")
public class ConsultationNotices {

    public static final String KIND = "consultation";

    private final NoticeBoard board;
    private final Map<String, String> resultLabels;

    ConsultationNotices(NoticeBoard board) {
        this.board = board;
        this.resultLabels = FormLabels.of("forms/report-item-handling.form", "handlingResult");
    }

    /** After the meeting: the items and their answers on the spot, being handled. */
    public void publish(DelegateExecution execution) {
        board.saveContent(execution, NoticeBoard.Status.FOLLOWING_UP, content(execution.getProcessInstance()));
    }

    /** After a department's written answer. */
    public void update(DelegateExecution execution) {
        board.saveContent(execution, NoticeBoard.Status.FOLLOWING_UP, content(execution.getProcessInstance()));
    }

    /** Every item answered and the report signed for. */
    public void close(DelegateExecution execution) {
        board.saveContent(execution, NoticeBoard.Status.DONE, content(execution.getProcessInstance()));
    }

    /** Only public facts: the whitelist of what residents may read. */
    Map<String, Object> content(DelegateExecution instance) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", KIND);
        c.put("title", instance.getVariable("title"));
        c.put("platformLevelName", instance.getVariable("platformLevelName"));
        c.put("platformName", instance.getVariable("platformName"));
        c.put("location", instance.getVariable("location"));
        c.put("meetingDate", instance.getVariable("meetingDate"));
        c.put("membersPresentCount", instance.getVariable("membersPresentCount"));
        c.put("departmentHeadsPresent", instance.getVariable("departmentHeadsPresent"));
        c.put("residentsPresent", instance.getVariable("residentsPresent"));
        c.put("enterprisesPresent", instance.getVariable("enterprisesPresent"));
        Map<String, Map<String, Object>> answers = new HashMap<>();
        for (Map<String, Object> response : CaseRecord.entries(instance.getVariable("itemResponses"))) {
            answers.put(CaseRecord.text(response.get("number")), response);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> item : CaseRecord.entries(instance.getVariable("items"))) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("number", item.get("number"));
            v.put("issue", CaseRecord.text(item.get("issue")));
            v.put("suggestions", CaseRecord.text(item.get("suggestions")));
            v.put("departmentName", CaseRecord.text(item.get("departmentName")));
            v.put("onSiteAnswer", CaseRecord.text(item.get("onSiteAnswer")));
            v.put("responseDeadline", CaseRecord.text(item.get("responseDeadline")));
            Map<String, Object> answer = answers.get(CaseRecord.text(item.get("number")));
            v.put("answered", answer != null);
            if (answer != null) {
                v.put("resultLabel", resultLabels.getOrDefault(CaseRecord.text(answer.get("result")), ""));
                v.put("notes", CaseRecord.text(answer.get("notes")));
                v.put("answeredAt", CaseRecord.text(answer.get("at")));
                v.put("onTime", !Boolean.FALSE.equals(answer.get("onTime")));
            }
            items.add(v);
        }
        c.put("items", items);
        c.put("itemCount", items.size());
        c.put("answeredCount", answers.size());
        return c;
    }
}
