package cn.xieshang.consultation;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import cn.xieshang.notification.CaseMails;
import cn.xieshang.system.StepInputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * One item's follow-up: reminders and the overdue notice go to the department of this item only (not to the
 * departments of the other items, whose timers run on their own), and the supervisor's notes are kept in
 * {@code supervisions}.
 */
@Component("itemFollowUp")
public class ItemFollowUp {

    static final String TASK = "Task_ReportItemHandling";

    private final TaskService taskService;
    private final CaseMails caseMails;
    private final People people;

    ItemFollowUp(TaskService taskService, CaseMails caseMails, People people) {
        this.taskService = taskService;
        this.caseMails = caseMails;
        this.people = people;
    }

    /** The step "提醒事项责任部门" (element template {@code xieshang.item-reminder}): its input {@code mailTemplate}. */
    public void remind(DelegateExecution execution) {
        remind(execution, StepInputs.required(execution, "mailTemplate"));
    }

    /** Mails the department whose answer to this item is still open, with the given template. */
    public void remind(DelegateExecution execution, String template) {
        Map<?, ?> item = (Map<?, ?>) execution.getVariable("item");
        Object number = item.get("number");
        List<Task> open = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(TASK).list().stream()
                .filter(t -> Objects.equals(String.valueOf(number),
                        String.valueOf(taskService.getVariable(t.getId(), "itemNumber"))))
                .toList();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("itemNumber", number);
        values.put("itemIssue", item.get("issue"));
        values.put("itemDeadline", item.get("responseDeadline"));
        caseMails.remindTasks(execution, open, template, values);
    }

    public void recordSupervision(DelegateTask task) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("number", task.getVariable("itemNumber"));
        entry.put("notes", task.getVariable("superviseNotes"));
        String by = Context.getCommandContext().getAuthenticatedUserId();
        entry.put("by", by == null ? null : people.nameOf(by));
        CaseRecord.append(task.getExecution().getProcessInstance(), "supervisions", entry);
    }
}
