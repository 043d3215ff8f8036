package cn.xieshang.deliberation;

import cn.xieshang.organisation.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.spin.Spin;
import org.springframework.stereotype.Component;

/**
 * The think tank (五进 智库) a topic's stakeholders are chosen from: the people of the case's community who
 * hold one of the roles the model names. Offered to the review form as {@code stakeholderPool}
 * (the options of its stakeholders checklist).
 */
@Component("stakeholderPool")
public class StakeholderPool {

    public static final String VARIABLE = "stakeholderPool";

    private final IdentityService identityService;

    StakeholderPool(IdentityService identityService) {
        this.identityService = identityService;
    }

    /** @param roles comma-separated role group ids, as written in the model */
    public void offer(DelegateExecution execution, String roles) {
        List<Map<String, String>> options = Context.getCommandContext()
                .runWithoutAuthorization(() -> options(execution.getTenantId(), roles));
        execution.setVariable(VARIABLE, Spin.JSON(options));
    }

    List<Map<String, String>> options(String community, String roles) {
        List<Map<String, String>> options = new ArrayList<>();
        for (String roleId : roles.split(",")) {
            Role role = Role.byGroupId(roleId.trim())
                    .orElseThrow(() -> new IllegalArgumentException("Unknown role in stakeholder pool: " + roleId));
            for (User user : identityService.createUserQuery().memberOfGroup(role.groupId()).memberOfTenant(community)
                    .orderByUserLastName().asc().orderByUserFirstName().asc().list()) {
                Map<String, String> option = new LinkedHashMap<>();
                option.put("label", (nullToEmpty(user.getLastName()) + " " + nullToEmpty(user.getFirstName())).trim()
                        + "(" + role.chineseName() + ")");
                option.put("value", user.getId());
                if (options.stream().noneMatch(o -> o.get("value").equals(user.getId()))) {
                    options.add(option);
                }
            }
        }
        return options;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
