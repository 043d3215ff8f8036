package cn.xieshang.consultation;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.Lists;
import cn.xieshang.deliberation.People;
import cn.xieshang.organisation.Role;
import cn.xieshang.system.StepInputs;
import cn.xieshang.validation.InputRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.spin.Spin;
import org.springframework.stereotype.Component;

/**
 * 社区吹哨, 委员报到: the CPPCC members assigned to the host community by home address are summoned, each
 * confirms or declines, and those who confirmed research and attend. A member is assigned to a community by
 * being a member of that community's tenant (Camunda Admin → Tenants), in the role the model names.
 */
@Component("consultationMembers")
public class ConsultationMembers {

    public static final String SUMMONED = "summonedMembers";
    public static final String CONFIRMATIONS = "confirmations";
    public static final String CONFIRMED = "confirmedMembers";

    private final IdentityService identityService;
    private final People people;
    private final Lists lists;

    ConsultationMembers(IdentityService identityService, People people, Lists lists) {
        this.identityService = identityService;
        this.people = people;
        this.lists = lists;
    }

    /** The step "召集委员" (element template {@code xieshang.summons}): its input {@code role}. */
    public void summon(DelegateExecution execution) {
        summon(execution, StepInputs.required(execution, "role"));
    }

    /** Everyone of the role in the case's community gets a confirmation task; a community without any is refused. */
    public void summon(DelegateExecution execution, String roleGroupId) {
        Role role = Role.byGroupId(roleGroupId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown role in the model: " + roleGroupId));
        String community = execution.getTenantId();
        List<User> members = Context.getCommandContext().runWithoutAuthorization(() -> identityService
                .createUserQuery().memberOfGroup(role.groupId()).memberOfTenant(community).orderByUserId().asc().list());
        if (members.isEmpty()) {
            throw new InputRejectedException("字段「举办社区编号(communityId)」: " + execution.getVariable("communityName")
                    + "没有按住址划分的" + role.chineseName() + ", 无法召集");
        }
        execution.setVariable(SUMMONED, Spin.JSON(members.stream().map(User::getId).toList()));
        execution.setVariable("summonedMembersText",
                members.stream().map(People::displayName).collect(Collectors.joining("、")));
    }

    /** On a member's answer (its fields are local to the member's task). */
    public void recordConfirmation(DelegateTask task) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("member", task.getAssignee());
        entry.put("name", people.nameOf(task.getAssignee()));
        entry.put("attending", task.getVariable("attending"));
        entry.put("absenceReason", task.getVariable("absenceReason"));
        CaseRecord.append(task.getExecution().getProcessInstance(), CONFIRMATIONS, entry);
    }

    /** When the summons closes (all answered, or the deadline passed): who comes, who declined, who did not answer. */
    public void close(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        List<Map<String, Object>> answers = CaseRecord.entries(instance.getVariable(CONFIRMATIONS));
        List<String> confirmed = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        for (Map<String, Object> answer : answers) {
            if ("yes".equals(answer.get("attending"))) {
                confirmed.add(String.valueOf(answer.get("member")));
            } else {
                declined.add(answer.get("name") + "(" + CaseRecord.text(answer.get("absenceReason")) + ")");
            }
        }
        Set<String> answered = answers.stream().map(a -> String.valueOf(a.get("member"))).collect(Collectors.toSet());
        List<String> unanswered = lists.of(instance.getVariable(SUMMONED)).stream().filter(m -> !answered.contains(m))
                .toList();
        instance.setVariable(CONFIRMED, Spin.JSON(confirmed));
        instance.setVariable("confirmedCount", confirmed.size());
        instance.setVariable("unansweredMembers", Spin.JSON(unanswered));
        List<Map<String, String>> pool = new ArrayList<>();
        for (String member : confirmed) {
            Map<String, String> option = new LinkedHashMap<>();
            option.put("label", people.nameOf(member));
            option.put("value", member);
            pool.add(option);
        }
        instance.setVariable("memberPool", Spin.JSON(pool));
        instance.setVariable("attendanceText", "报到: " + names(confirmed) + "; 不能参加: "
                + (declined.isEmpty() ? "无" : String.join("、", declined)) + "; 未按期确认: " + names(unanswered));
    }

    private String names(List<String> userIds) {
        return userIds.isEmpty() ? "无" : userIds.stream().map(people::nameOf).collect(Collectors.joining("、"));
    }
}
