package cn.xieshang.notification;

import cn.xieshang.deliberation.CaseRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.DefaultFailedJobParseListener;
import org.camunda.bpm.engine.impl.util.ParseUtil;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * When a user task is created, everyone who may act on it — its assignee, its candidate users, and the members
 * of its candidate groups within the case's community — gets a mail. Each mail is its own asynchronous job:
 * the job executor sends it, a failure is retried on the engine's {@code failedJobRetryTimeCycle}
 * (R3/PT5M), and a mail that still fails becomes an incident on the task in Cockpit. The case never waits on mail.
 * <p>
 * A mail job belongs to the case (process instance, activity, tenant) but is not bound to the task's execution:
 * a job bound to an execution changes the execution's row when it ends, so a mail sent while someone submits the
 * task would make that person's submit fail (ENGINE-03005). Only the incident of a mail that keeps failing is put
 * on the task's execution, where Cockpit shows it.
 */
@Component
public class TaskMailPlugin extends AbstractProcessEnginePlugin {

    public static final String JOB_TYPE = "xieshang-task-mail";
    static final String TEMPLATE = "task-created";

    private final Mailer mailer;
    private final SentMails sentMails;

    TaskMailPlugin(@Lazy Mailer mailer, @Lazy SentMails sentMails) {
        this.mailer = mailer;
        this.sentMails = sentMails;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<JobHandler> handlers = configuration.getCustomJobHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomJobHandlers());
        handlers.add(new TaskMailJob());
        configuration.setCustomJobHandlers(handlers);
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, new ScheduleMails());
                // mail jobs belong to the task's activity; without this they would retry at once, not on the cycle
                String cycle = Context.getProcessEngineConfiguration().getFailedJobRetryTimeCycle();
                if (cycle != null && !activity.getProperties().contains(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION)) {
                    activity.getProperties().set(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION,
                            ParseUtil.parseRetryIntervals(cycle));
                }
            }
        });
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // after init: the Spring Boot starter sets its own factory while the engine is configured
        configuration.setFailedJobCommandFactory((jobId, exception) -> new MailJobRetry(jobId, exception));
        IncidentHandler failedJobs = configuration.getIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE);
        configuration.getIncidentHandlers().put(Incident.FAILED_JOB_HANDLER_TYPE, new MailIncidents(failedJobs));
    }

    /** Plans one mail job per person who may act on the new task. */
    static class ScheduleMails implements TaskListener {

        @Override
        public void notify(DelegateTask delegateTask) {
            TaskEntity task = (TaskEntity) delegateTask;
            CommandContext context = Context.getCommandContext();
            Set<String> recipients = context.runWithoutAuthorization(() -> recipients(task));
            for (String userId : recipients) {
                MessageEntity job = new MessageEntity();
                job.setJobHandlerType(JOB_TYPE);
                job.setJobHandlerConfigurationRaw(task.getId() + "|" + userId);
                // the case's, not the execution's: see the class comment
                job.setProcessInstanceId(task.getProcessInstanceId());
                job.setDeploymentId(task.getProcessDefinition().getDeploymentId());
                job.setActivityId(task.getTaskDefinitionKey());
                job.setProcessDefinitionId(task.getProcessDefinitionId());
                job.setProcessDefinitionKey(task.getProcessDefinition().getKey());
                job.setTenantId(task.getTenantId());
                // a mail touches nothing of the case: mails of one case need not wait for each other
                job.setExclusive(false);
                context.getJobManager().send(job);
            }
        }

        /** Who may act on the task and has a mail address: a job for someone who cannot be mailed would do nothing. */
        private static Set<String> recipients(TaskEntity task) {
            IdentityService identity = Context.getProcessEngineConfiguration().getIdentityService();
            Set<String> audience = Audience.of(identity, task.getAssignee(), task.getCandidates(), task.getTenantId(), false);
            if (audience.isEmpty()) {
                return audience;
            }
            Set<String> reachable = new java.util.LinkedHashSet<>();
            identity.createUserQuery().userIdIn(audience.toArray(String[]::new)).list().stream()
                    .filter(user -> user.getEmail() != null && !user.getEmail().isBlank())
                    .forEach(user -> reachable.add(user.getId()));
            audience.retainAll(reachable); // in the audience's order
            return audience;
        }
    }

    /**
     * The engine applies a retry cycle only to the job types it knows; a mail job retries on the cycle of the
     * task it belongs to (set above from the engine's failedJobRetryTimeCycle).
     */
    static class MailJobRetry extends DefaultJobRetryCmd {

        MailJobRetry(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public ActivityImpl getCurrentActivity(CommandContext commandContext, JobEntity job) {
            if (JOB_TYPE.equals(job.getJobHandlerType())) {
                // the job keeps no activity of its own (it has no execution): it is its task's
                TaskEntity task = taskOf(job, commandContext);
                return task == null ? null : Context.getProcessEngineConfiguration().getDeploymentCache()
                        .findDeployedProcessDefinitionById(task.getProcessDefinitionId())
                        .findActivity(task.getTaskDefinitionKey());
            }
            return super.getCurrentActivity(commandContext, job);
        }
    }

    /** The task a mail job is about, while it exists. */
    static TaskEntity taskOf(JobEntity job, CommandContext commandContext) {
        String taskId = job.getJobHandlerConfigurationRaw().split("\\|", 2)[0];
        return commandContext.getTaskManager().findTaskById(taskId);
    }

    /**
     * Puts the incident of a mail that keeps failing on its task's execution (or the case, when the task is done),
     * so that Cockpit shows it on the case and the activity, as for any failed job.
     */
    static class MailIncidents implements IncidentHandler {

        private final IncidentHandler delegate;

        MailIncidents(IncidentHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getIncidentHandlerType() {
            return delegate.getIncidentHandlerType();
        }

        @Override
        public Incident handleIncident(IncidentContext context, String message) {
            CommandContext commandContext = Context.getCommandContext();
            if (context.getExecutionId() == null && context.getConfiguration() != null && commandContext != null) {
                JobEntity job = commandContext.getJobManager().findJobById(context.getConfiguration());
                if (job != null && JOB_TYPE.equals(job.getJobHandlerType())) {
                    TaskEntity task = taskOf(job, commandContext);
                    if (task != null) {
                        context.setExecutionId(task.getExecutionId());
                        context.setActivityId(task.getTaskDefinitionKey());
                    } else if (job.getProcessInstanceId() != null && commandContext.getExecutionManager()
                            .findExecutionById(job.getProcessInstanceId()) != null) {
                        context.setExecutionId(job.getProcessInstanceId());
                    }
                }
            }
            return delegate.handleIncident(context, message);
        }

        @Override
        public void resolveIncident(IncidentContext context) {
            delegate.resolveIncident(context);
        }

        @Override
        public void deleteIncident(IncidentContext context) {
            delegate.deleteIncident(context);
        }
    }

    record Target(String taskId, String userId) implements JobHandlerConfiguration {

        @Override
        public String toCanonicalString() {
            return taskId + "|" + userId;
        }
    }

    /** Sends one task mail; runs on the job executor. */
    class TaskMailJob implements JobHandler<Target> {

        @Override
        public String getType() {
            return JOB_TYPE;
        }

        @Override
        public void execute(Target target, ExecutionEntity execution, CommandContext context, String tenantId) {
            TaskEntity task = context.getTaskManager().findTaskById(target.taskId());
            User user = Context.getProcessEngineConfiguration().getIdentityService().createUserQuery()
                    .userId(target.userId()).singleResult();
            if (task == null || user == null || user.getEmail() == null || user.getEmail().isBlank()) {
                return; // the task is done already, or the person cannot be reached by mail: nothing to send
            }
            String key = target.toCanonicalString();
            if (sentMails.wasSent(key)) {
                sentMails.forget(key); // an earlier run sent it and its node died before the job ended
                return;
            }
            Map<String, Object> values = new HashMap<>();
            values.put("recipientName", (nullToEmpty(user.getLastName()) + " " + nullToEmpty(user.getFirstName())).trim());
            values.put("taskName", task.getName());
            values.put("caseTitle", task.getVariable("title"));
            values.put("caseNumber", nullToEmpty(task.getProcessInstance() == null ? null
                    : task.getProcessInstance().getBusinessKey()));
            values.put("communityName", task.getVariable("communityName"));
            values.put("dueDate", CaseRecord.minute(task.getDueDate())); // null: the template leaves the line out
            values.put("taskLink", mailer.baseUrl() + "/camunda/app/tasklist/default/#/?task=" + task.getId());
            mailer.sendAs("<task-mail." + task.getId() + "." + user.getId() + "@xieshang>", user.getEmail(), TEMPLATE, values);
            sentMails.recordSent(key);
            sentMails.forget(key); // with the job's end; kept only if the job never ends
        }

        @Override
        public Target newConfiguration(String canonical) {
            String[] parts = canonical.split("\\|", 2);
            return new Target(parts[0], parts[1]);
        }

        @Override
        public void onDelete(Target configuration, JobEntity job) {
            // nothing to clean up
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
