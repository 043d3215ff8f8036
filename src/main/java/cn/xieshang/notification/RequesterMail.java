package cn.xieshang.notification;

import cn.xieshang.system.StepInputs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Every voice answered" (事事有回音): the requester hears when the topic is accepted, decided and done. */
@Component("requesterMail")
public class RequesterMail {

    static final List<String> CONCERN_OUTCOME = List.of("concernResult", "resolvedBy", "referredTo", "referralNote");

    private final CaseMails caseMails;

    RequesterMail(CaseMails caseMails) {
        this.caseMails = caseMails;
    }

    /**
     * The step "邮件告知提出人" (element template {@code xieshang.mail-to-requester}): its input {@code mailTemplate}.
     * The concern's outcome goes along for its templates ({@code concern-result}, {@code concern-referred}); the
     * topic's templates do not name those values.
     */
    public void send(DelegateExecution execution) {
        Map<String, Object> values = new HashMap<>();
        for (String name : CONCERN_OUTCOME) {
            values.put(name, execution.getVariable(name));
        }
        caseMails.sendToRequester(execution, StepInputs.required(execution, "mailTemplate"), values);
    }

    /** As the deliberation model called it before the element templates; cases on those versions still do. */
    public void send(DelegateExecution execution, String template) {
        caseMails.sendToRequester(execution, template);
    }
}
