package cn.xieshang.consultation;

import cn.xieshang.organisation.Role;
import cn.xieshang.validation.InputRejectedException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The 1+7+X platform a consultation runs on. The decision table {@code consultation-platform} names, for each
 * platform level, the role that organises it ({@code organiserGroup}); only that role may propose a consultation of
 * that level: the district office on the district platform, a street office on its street's sub-platform, a
 * community party committee on its micro-platform. Where the case belongs (its community) is checked by the tenancy.
 */
@Component("consultationPlatform")
public class ConsultationPlatform {

    public void checkProposer(DelegateExecution execution) {
        Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (user == null || user.getGroupIds() == null || user.getGroupIds().contains(Groups.CAMUNDA_ADMIN)) {
            return; // started by the engine itself or by an administrator
        }
        String organiser = (String) execution.getVariable("organiserGroup");
        if (!user.getGroupIds().contains(organiser)) {
            String role = Role.byGroupId(organiser).map(Role::chineseName).orElse(organiser);
            throw new InputRejectedException("字段「协商平台层级(platformLevel)」: " + execution.getVariable("platformLevelName")
                    + "的协商只能由" + role + "发起");
        }
    }
}
