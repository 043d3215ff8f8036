package cn.xieshang.notification;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Reminders to those who have not yet done an open task; the model's timers decide when. */
@Component("reminders")
public class Reminders {

    private final CaseMails caseMails;

    Reminders(CaseMails caseMails) {
        this.caseMails = caseMails;
    }

    public void remind(DelegateExecution execution, String activityId) {
        caseMails.remind(execution, activityId);
    }
}
