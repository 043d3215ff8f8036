package cn.xieshang.concern;

import cn.xieshang.notification.CaseMails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * "Every voice answered" (事事有回音): the requester hears the result, or where the matter was referred. The concern
 * model now sends these through the element template "邮件告知提出人" ({@code requesterMail.send(execution)}); this
 * bean stays for the cases still running on the versions deployed before.
 */
@Component("concernMails")
public class ConcernMails {

    private final CaseMails caseMails;

    ConcernMails(CaseMails caseMails) {
        this.caseMails = caseMails;
    }

    public void toRequester(DelegateExecution execution, String template) {
        Map<String, Object> values = new HashMap<>();
        for (String name : List.of("concernResult", "resolvedBy", "referredTo", "referralNote")) {
            values.put(name, execution.getVariable(name));
        }
        caseMails.sendToRequester(execution, template, values);
    }
}
