package cn.xieshang.notification;

import cn.xieshang.deliberation.Lists;
import cn.xieshang.security.RequesterPrivacyPlugin;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Mails about a case, sent by the asynchronous service tasks of the models ({@code camunda:asyncBefore}): a
 * failed send fails the job, which is retried on the engine's cycle and then becomes an incident on that task,
 * so a case never moves on with its mail lost.
 */
@Component("caseMails")
public class CaseMails {

    private final Mailer mailer;
    private final IdentityService identityService;
    private final TaskService taskService;
    private final Lists lists;

    CaseMails(Mailer mailer, IdentityService identityService, TaskService taskService, Lists lists) {
        this.mailer = mailer;
        this.identityService = identityService;
        this.taskService = taskService;
        this.lists = lists;
    }

    /** To the people whose user ids the named list variables hold (e.g. stakeholders, supervisors). */
    public void sendToPeople(DelegateExecution execution, String template, String... listVariables) {
        Set<String> users = new LinkedHashSet<>();
        for (String variable : listVariables) {
            users.addAll(lists.of(execution.getVariable(variable)));
        }
        sendToUsers(execution, template, users, Map.of());
    }

    /** To the requester, when they left a mail address and are not anonymous. */
    public void sendToRequester(DelegateExecution execution, String template) {
        sendToRequester(execution, template, Map.of());
    }

    /** As {@link #sendToRequester(DelegateExecution, String)}, with more values for the template. */
    public void sendToRequester(DelegateExecution execution, String template, Map<String, ?> extra) {
        Object email = execution.getVariable("requesterEmail");
        if (RequesterPrivacyPlugin.isAnonymous(execution) || !(email instanceof String address) || address.isBlank()) {
            return;
        }
        Map<String, Object> values = caseValues(execution);
        values.putAll(extra);
        Object name = execution.getVariable("requesterName");
        values.put("recipientName", name == null ? "居民" : name);
        mailer.send(address, template, values);
    }

    /**
     * To the members of roles (comma-separated group ids, as in the models) who belong to the case's community,
     * directly or through a unit group (a street office).
     */
    public void sendToRoles(DelegateExecution execution, String template, String roles, Map<String, ?> extra) {
        Set<String> users = new LinkedHashSet<>();
        for (String role : lists.of(roles)) {
            users.addAll(Context.getCommandContext().runWithoutAuthorization(
                    () -> membersInCommunity(role, execution.getTenantId())));
        }
        sendToUsers(execution, template, users, new HashMap<>(extra));
    }

    /** A reminder to everyone who may still act on the open tasks of one activity of the case. */
    public void remind(DelegateExecution execution, String activityId) {
        List<Task> open = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(activityId).list();
        for (Task task : open) {
            Map<String, Object> extra = new HashMap<>();
            extra.put("taskName", task.getName());
            extra.put("dueDate", TaskMailPlugin.format(task.getDueDate()));
            extra.put("taskLink", mailer.baseUrl() + "/camunda/app/tasklist/default/#/?task=" + task.getId());
            sendToUsers(execution, "reminder", people(task, execution.getTenantId()), extra);
        }
    }

    private Set<String> people(Task task, String tenant) {
        Set<String> users = new LinkedHashSet<>();
        if (task.getAssignee() != null) {
            users.add(task.getAssignee());
            return users;
        }
        for (IdentityLink link : taskService.getIdentityLinksForTask(task.getId())) {
            if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
                continue;
            }
            if (link.getUserId() != null) {
                users.add(link.getUserId());
            } else if (link.getGroupId() != null) {
                users.addAll(membersInCommunity(link.getGroupId(), tenant));
            }
        }
        return users;
    }

    private Set<String> membersInCommunity(String groupId, String tenant) {
        Set<String> users = new LinkedHashSet<>();
        identityService.createUserQuery().memberOfGroup(groupId).memberOfTenant(tenant).list()
                .forEach(u -> users.add(u.getId()));
        for (Group unit : identityService.createGroupQuery().memberOfTenant(tenant).list()) {
            for (User user : identityService.createUserQuery().memberOfGroup(unit.getId()).list()) {
                if (identityService.createUserQuery().userId(user.getId()).memberOfGroup(groupId).count() > 0) {
                    users.add(user.getId());
                }
            }
        }
        return users;
    }

    private void sendToUsers(DelegateExecution execution, String template, Set<String> userIds, Map<String, Object> extra) {
        for (String userId : userIds) {
            User user = Context.getCommandContext().runWithoutAuthorization(
                    () -> identityService.createUserQuery().userId(userId).singleResult());
            if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
                continue; // cannot be reached by mail
            }
            Map<String, Object> values = caseValues(execution);
            values.putAll(extra);
            values.put("recipientName", ((user.getLastName() == null ? "" : user.getLastName()) + " "
                    + (user.getFirstName() == null ? "" : user.getFirstName())).trim());
            mailer.send(user.getEmail(), template, values);
        }
    }

    private Map<String, Object> caseValues(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        Map<String, Object> values = new HashMap<>();
        for (String name : List.of("title", "communityName", "voteResult", "planContent", "implementationDeadline",
                "progressPercent", "rejectionReason", "seatedRepresentatives", "presentRepresentatives", "votesFor",
                "votesAgainst", "votesAbstain")) {
            values.put(name, instance.getVariable(name));
        }
        values.put("caseNumber", instance.getProcessBusinessKey());
        values.put("noticeLink", mailer.baseUrl() + "/notices/" + instance.getTenantId());
        return values;
    }
}
