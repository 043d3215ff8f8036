package cn.xieshang.notification;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.Lists;
import cn.xieshang.residents.FollowUpLinks;
import cn.xieshang.security.RequesterPrivacyPlugin;
import cn.xieshang.system.StepInputs;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.stereotype.Component;

/**
 * Mails about a case, sent by the asynchronous service tasks of the models ({@code camunda:asyncBefore}): a
 * failed send fails the job, which is retried on the engine's cycle and then becomes an incident on that task,
 * so a case never moves on with its mail lost.
 */
@Component("caseMails")
public class CaseMails {

    /** The {@code attachmentVariable} of a mail without attachment. */
    public static final String NO_ATTACHMENT = "none";

    private final Mailer mailer;
    private final IdentityService identityService;
    private final TaskService taskService;
    private final Lists lists;
    private final FollowUpLinks links;

    CaseMails(Mailer mailer, IdentityService identityService, TaskService taskService, Lists lists, FollowUpLinks links) {
        this.mailer = mailer;
        this.identityService = identityService;
        this.taskService = taskService;
        this.lists = lists;
        this.links = links;
    }

    /**
     * The step "邮件通知角色" (element template {@code xieshang.mail-to-role}): its inputs {@code mailTemplate},
     * {@code role} and {@code attachmentVariable} ({@code none} for no attachment).
     */
    public void toRole(DelegateExecution execution) {
        String attachment = StepInputs.required(execution, "attachmentVariable");
        sendToRole(execution, StepInputs.required(execution, "mailTemplate"), StepInputs.required(execution, "role"),
                NO_ATTACHMENT.equals(attachment) ? null : attachment);
    }

    /**
     * The step "邮件通知指定人员" (element template {@code xieshang.mail-to-people}): its inputs {@code mailTemplate} and
     * {@code recipientLists}, the comma-separated names of the list variables that hold the recipients' user ids.
     */
    public void toPeople(DelegateExecution execution) {
        sendToPeople(execution, StepInputs.required(execution, "mailTemplate"),
                lists.of(StepInputs.required(execution, "recipientLists")).toArray(String[]::new));
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
        String followed = followedCase(execution);
        if (followed != null) {
            // raised on the public pages: each mail carries a follow-up token of its own, none is kept readable
            values.put("followUpLink", links.mintForMail(followed));
        }
        mailer.send(address, template, values);
    }

    /**
     * The case the requester follows through a link: this one, if raised on the public pages, or the case that called
     * it (a deliberation a concern raised there handed its matter to: the requester follows the concern, whose page
     * shows the deliberation's steps); null when the requester has no link.
     */
    private static String followedCase(DelegateExecution execution) {
        for (DelegateExecution e = execution; e != null; e = e.getProcessInstance().getSuperExecution()) {
            if (Boolean.TRUE.equals(e.getProcessInstance().getVariableLocal(FollowUpLinks.VARIABLE))) {
                return e.getProcessInstanceId();
            }
        }
        return null;
    }

    /**
     * To the members of roles (comma-separated group ids, as in the models) who belong to the case's community,
     * directly or through a unit group (a street office).
     */
    public void sendToRoles(DelegateExecution execution, String template, String roles, Map<String, ?> extra) {
        Set<String> users = new LinkedHashSet<>();
        for (String role : lists.of(roles)) {
            users.addAll(Context.getCommandContext().runWithoutAuthorization(
                    () -> Audience.membersInCommunity(identityService, role, execution.getTenantId())));
        }
        sendToUsers(execution, template, users, new HashMap<>(extra));
    }

    /** A reminder to everyone who may still act on the open tasks of one activity of the case. */
    public void remind(DelegateExecution execution, String activityId) {
        List<Task> open = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(activityId).list();
        remindTasks(execution, open, "reminder", Map.of());
    }

    /** A mail about each of the given open tasks to everyone who may still act on it. */
    public void remindTasks(DelegateExecution execution, List<Task> open, String template, Map<String, Object> values) {
        for (Task task : open) {
            Map<String, Object> extra = new HashMap<>(values);
            extra.put("taskName", task.getName());
            extra.put("dueDate", CaseRecord.minute(task.getDueDate()));
            extra.put("taskLink", mailer.baseUrl() + "/camunda/app/tasklist/default/#/?task=" + task.getId());
            sendToUsers(execution, template, people(task, execution.getTenantId()), extra);
        }
    }

    /**
     * To the members of a role who belong to the case's community (directly, through a street's unit group, or
     * as the district office, whose group belongs to every community), with a file variable of the case attached.
     */
    public void sendToRole(DelegateExecution execution, String template, String roleGroupId, String fileVariable) {
        Set<String> users = Context.getCommandContext().runWithoutAuthorization(
                () -> Audience.membersInCommunity(identityService, roleGroupId, execution.getTenantId()));
        Mailer.Attachment[] attachments = {};
        if (fileVariable != null && execution.getVariableTyped(fileVariable) instanceof FileValue file) {
            try (var in = file.getValue()) {
                attachments = new Mailer.Attachment[] {
                        new Mailer.Attachment(file.getFilename(), in.readAllBytes(), file.getMimeType())};
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (String userId : users) {
            User user = identityService.createUserQuery().userId(userId).singleResult();
            if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
                continue;
            }
            Map<String, Object> values = caseValues(execution);
            values.put("recipientName", recipientName(user));
            mailer.send(user.getEmail(), template, values, attachments);
        }
    }

    private Set<String> people(Task task, String tenant) {
        return Audience.of(identityService, task.getAssignee(), taskService.getIdentityLinksForTask(task.getId()), tenant,
                true);
    }

    private static String recipientName(User user) {
        return ((user.getLastName() == null ? "" : user.getLastName()) + " "
                + (user.getFirstName() == null ? "" : user.getFirstName())).trim();
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
            values.put("recipientName", recipientName(user));
            mailer.send(user.getEmail(), template, values);
        }
    }

    private Map<String, Object> caseValues(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        Map<String, Object> values = new HashMap<>();
        for (String name : List.of("title", "communityName", "voteResult", "planContent", "implementationDeadline",
                "progressPercent", "rejectionReason", "seatedRepresentatives", "presentRepresentatives", "votesFor",
                "votesAgainst", "votesAbstain", "platformName", "platformLevelName", "location", "meetingDate",
                "itemCount", "participantCount")) {
            values.put(name, instance.getVariable(name));
        }
        values.put("caseNumber", instance.getProcessBusinessKey());
        values.put("noticeLink", mailer.baseUrl() + "/notices/" + instance.getTenantId());
        return values;
    }
}
