package cn.xieshang.consultation;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.Lists;
import cn.xieshang.deliberation.People;
import cn.xieshang.notice.ConsultationNotices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.spin.Spin;
import org.springframework.stereotype.Component;

/**
 * The meeting record (会议记录): who attended by type, and the {@code items} — each issue with who raised it, the
 * members' suggestions, the responsible department and its answer on the spot, and the deadline for its written
 * answer. The record is numbered and kept on the case; each item then goes to its department
 * ({@code SubProcess_ItemFollowUp}), whose answers are kept in {@code itemResponses}.
 */
@Component("meetingRecord")
public class MeetingRecord {

    public static final String ITEMS = "items";
    public static final String RESPONSES = "itemResponses";

    private final People people;
    private final Lists lists;
    private final ConsultationNotices notices;

    MeetingRecord(People people, Lists lists, ConsultationNotices notices) {
        this.people = people;
        this.lists = lists;
        this.notices = notices;
    }

    /** On completing the record (its values were checked against the form and {@code record-meeting-rules}). */
    public void record(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        List<Map<String, Object>> numbered = new ArrayList<>();
        int number = 0;
        for (Map<String, Object> item : CaseRecord.entries(task.getVariable(ITEMS))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", ++number);
            for (String field : List.of("issue", "raisedBy", "suggestions", "department", "onSiteAnswer", "responseDeadline")) {
                entry.put(field, item.get(field));
            }
            entry.put("departmentName", people.nameOf(String.valueOf(item.get("department"))));
            numbered.add(entry);
        }
        instance.setVariable(ITEMS, Spin.JSON(numbered));
        instance.setVariable("itemCount", numbered.size());
        List<String> members = lists.of(task.getVariable("membersPresent"));
        instance.setVariable("membersPresentText", members.stream().map(people::nameOf).collect(Collectors.joining("、")));
        instance.setVariable("membersPresentCount", members.size());
        int participants = members.size() + whole(task.getVariable("departmentHeadsPresent"))
                + whole(task.getVariable("residentsPresent")) + whole(task.getVariable("enterprisesPresent"));
        instance.setVariable("participantCount", participants);
        String by = Context.getCommandContext().getAuthenticatedUserId();
        instance.setVariable("meetingRecordedBy", by == null ? "" : people.nameOf(by));
    }

    /** The multi-instance collection: one entry per item, as plain values the model's expressions read. */
    public List<Map<String, Object>> items(DelegateExecution execution) {
        return CaseRecord.entries(execution.getVariable(ITEMS));
    }

    /** A department's written answer to its item (fields local to its task); updates the public follow-up. */
    public void recordResponse(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("number", task.getVariable("itemNumber"));
        response.put("department", task.getAssignee());
        response.put("departmentName", task.getAssignee() == null ? null : people.nameOf(task.getAssignee()));
        response.put("result", task.getVariable("handlingResult"));
        response.put("notes", task.getVariable("handlingNotes"));
        response.put("onTime", task.getDueDate() == null || !ClockUtil.now().after(task.getDueDate()));
        CaseRecord.append(instance, RESPONSES, response);
        instance.setVariable("answeredCount", CaseRecord.read(instance.getVariable(RESPONSES)).size());
        notices.update(instance);
    }

    /** The district office signed for the written report. */
    public void acknowledge(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        String by = Context.getCommandContext().getAuthenticatedUserId();
        instance.setVariable("reportAcknowledgedBy", by == null ? "" : people.nameOf(by));
        instance.setVariable("reportAcknowledgedAt", CaseRecord.now());
    }

    private static int whole(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
