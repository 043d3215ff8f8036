package cn.xieshang.concern;

import cn.xieshang.notification.CaseMails;
import cn.xieshang.residents.FollowUpLinks;
import cn.xieshang.security.RequesterPrivacyPlugin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Every voice answered" (事事有回音): the requester hears the result, or where the matter was referred. */
@Component("concernMails")
public class ConcernMails {

    private final CaseMails caseMails;
    private final FollowUpLinks links;

    ConcernMails(CaseMails caseMails, FollowUpLinks links) {
        this.caseMails = caseMails;
        this.links = links;
    }

    public void toRequester(DelegateExecution execution, String template) {
        Map<String, Object> values = new HashMap<>();
        for (String name : List.of("concernResult", "resolvedBy", "referredTo", "referralNote")) {
            values.put(name, execution.getVariable(name));
        }
        if (Boolean.TRUE.equals(execution.getVariable(FollowUpLinks.VARIABLE)) && !RequesterPrivacyPlugin.isAnonymous(execution)
                && execution.getVariable("requesterEmail") instanceof String address && !address.isBlank()) {
            // each mail carries a token of its own: none is ever stored where it could be read back
            values.put("followUpLink", links.mintForMail(execution.getProcessInstanceId()));
        }
        caseMails.sendToRequester(execution, template, values);
    }
}
