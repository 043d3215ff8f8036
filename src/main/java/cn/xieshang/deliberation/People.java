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
 * The people of the case's community who hold the roles the model names, offered to a form as the options of a
 * select or checklist ({@code valuesKey}): the 五进 think tank stakeholders are chosen from, the researchers,
 * the responsible units, the supervisors among the beneficiaries.
 */
@Component("people")
public class People {

    private final IdentityService identityService;

    People(IdentityService identityService) {
        this.identityService = identityService;
    }

    /**
     * @param variable the variable the form's {@code valuesKey} names
     * @param roles comma-separated role group ids, as written in the model
     */
    public void offer(DelegateExecution execution, String variable, String roles) {
        List<Map<String, String>> options = Context.getCommandContext()
                .runWithoutAuthorization(() -> options(execution.getTenantId(), roles));
        execution.setVariable(variable, Spin.JSON(options));
    }

    List<Map<String, String>> options(String community, String roles) {
        List<Map<String, String>> options = new ArrayList<>();
        for (String roleId : roles.split(",")) {
            Role role = Role.byGroupId(roleId.trim())
                    .orElseThrow(() -> new IllegalArgumentException("Unknown role in the model: " + roleId));
            for (User user : identityService.createUserQuery().memberOfGroup(role.groupId()).memberOfTenant(community)
                    .orderByUserLastName().asc().orderByUserFirstName().asc().list()) {
                if (options.stream().noneMatch(o -> o.get("value").equals(user.getId()))) {
                    Map<String, String> option = new LinkedHashMap<>();
                    option.put("label", displayName(user) + "(" + role.chineseName() + ")");
                    option.put("value", user.getId());
                    options.add(option);
                }
            }
        }
        return options;
    }

    /** "老军营三社区 政协委员": family name first, as Chinese names are written. */
    public static String displayName(User user) {
        String last = user.getLastName() == null ? "" : user.getLastName();
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        return (last + " " + first).trim();
    }

    /** The display name of a user id, or the id itself when the user is unknown. */
    /**
     * Technical users the application acts as, which are no accounts: {@code residents-door} completes a resident's own
     * steps from the public pages ({@code cn.xieshang.residents.ResidentsDoor}).
     */
    private static final Map<String, String> TECHNICAL = Map.of("residents-door", "居民(网上自助)");

    public String nameOf(String userId) {
        User user = Context.getCommandContext() == null
                ? identityService.createUserQuery().userId(userId).singleResult()
                : Context.getCommandContext().runWithoutAuthorization(
                        () -> identityService.createUserQuery().userId(userId).singleResult());
        return user == null ? TECHNICAL.getOrDefault(userId, userId) : displayName(user);
    }
}
