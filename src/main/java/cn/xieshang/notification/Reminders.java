package cn.xieshang.notification;

import cn.xieshang.system.StepInputs;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Reminders to those who have not yet done an open task; the model's timers decide when. */
@Component("reminders")
public class Reminders {

    private final CaseMails caseMails;

    Reminders(CaseMails caseMails) {
        this.caseMails = caseMails;
    }

    /** The step "提醒待办人" (element template {@code xieshang.reminder}): its input {@code remindTask}. */
    public void remind(DelegateExecution execution) {
        caseMails.remind(execution, StepInputs.required(execution, "remindTask"));
    }

    /** As the models called it before the element templates; cases on those versions still do. */
    public void remind(DelegateExecution execution, String activityId) {
        caseMails.remind(execution, activityId);
    }
}
