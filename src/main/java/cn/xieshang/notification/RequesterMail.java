package cn.xieshang.notification;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Every voice answered" (事事有回音): the requester hears when the topic is accepted, decided and done. */
@Component("requesterMail")
public class RequesterMail {

    private final CaseMails caseMails;

    RequesterMail(CaseMails caseMails) {
        this.caseMails = caseMails;
    }

    public void send(DelegateExecution execution, String template) {
        caseMails.sendToRequester(execution, template);
    }
}
