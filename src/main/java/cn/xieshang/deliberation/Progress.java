package cn.xieshang.deliberation;

import cn.xieshang.notice.NoticeBoard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * Step 6, 社区督促"抓落实": progress reports ({@code progressReports}) and the supervisors' verdicts
 * ({@code acceptances}); each report also updates the public notice.
 */
@Component("progress")
public class Progress {

    public static final String REPORTS = "progressReports";
    public static final String ACCEPTANCES = "acceptances";

    private final People people;
    private final NoticeBoard noticeBoard;

    Progress(People people, NoticeBoard noticeBoard) {
        this.people = people;
        this.noticeBoard = noticeBoard;
    }

    public void record(DelegateTask task) {
        var instance = task.getExecution().getProcessInstance();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("percent", task.getVariable("progressPercent"));
        report.put("notes", task.getVariable("progressNotes"));
        report.put("by", task.getAssignee() == null ? null : people.nameOf(task.getAssignee()));
        CaseRecord.append(instance, REPORTS, report);
        noticeBoard.update(instance);
    }

    public void recordAcceptance(DelegateTask task) {
        var instance = task.getExecution().getProcessInstance();
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("accepted", task.getVariable("resultAccepted"));
        verdict.put("notes", "no".equals(task.getVariable("resultAccepted")) ? task.getVariable("acceptanceNotes") : null);
        String by = org.camunda.bpm.engine.impl.context.Context.getCommandContext().getAuthenticatedUserId();
        verdict.put("by", by == null ? null : people.nameOf(by));
        CaseRecord.append(instance, ACCEPTANCES, verdict);
    }
}
