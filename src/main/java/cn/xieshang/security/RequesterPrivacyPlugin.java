package cn.xieshang.security;

import cn.xieshang.deliberation.CaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricIdentityLinkLogEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Who raised a matter is personal data, and an anonymous requester (背靠背) must never be identifiable.
 * <ul>
 *   <li>The requester's name and contact are never written to history: they live on the running case only,
 *       for the staff who must answer.</li>
 *   <li>A case is anonymous when {@code anonymous} is true or the channel is {@code back-to-back}. Then the
 *       requester's name and contact are dropped at the start, and the history does not record which user
 *       started the case: not as start user, and not as the user of anything recorded while the case starts
 *       (the operation log's entries, the assigner of the first task's candidates in the identity link log).</li>
 * </ul>
 */
@Component
public class RequesterPrivacyPlugin extends AbstractProcessEnginePlugin {

    public static final String ANONYMOUS = "anonymous";
    public static final String CHANNEL = "channel";
    public static final String ANONYMOUS_CHANNEL = "back-to-back";
    public static final Set<String> IDENTITY = Set.of("requesterName", "requesterContact", "requesterEmail");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new PrivateHistory(new RecordsOnce()));
        configuration.setCustomHistoryEventHandlers(handlers);
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, new AnonymityAtStart());
            }
        });
    }

    public static boolean isAnonymous(DelegateExecution execution) {
        return Boolean.TRUE.equals(execution.getVariable(ANONYMOUS))
                || ANONYMOUS_CHANNEL.equals(execution.getVariable(CHANNEL));
    }

    static class AnonymityAtStart implements ExecutionListener {

        @Override
        public void notify(DelegateExecution execution) {
            if (execution.getParentId() != null || !isAnonymous(execution)) {
                return;
            }
            execution.setVariable(ANONYMOUS, true);
            IDENTITY.forEach(execution::removeVariable);
            HistoricProcessInstanceEventEntity started = Context.getCommandContext().getDbEntityManager()
                    .getCachedEntity(HistoricProcessInstanceEventEntity.class, execution.getProcessInstanceId());
            if (started != null) {
                started.setStartUserId(null);
            }
        }
    }

    /** The engine's history writer, without a copy of every version of a case's record (see {@link CaseRecord#RECORDS}). */
    static class RecordsOnce extends DbHistoryEventHandler {

        @Override
        protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
            return !CaseRecord.RECORDS.contains(event.getVariableName()) && super.shouldWriteHistoricDetail(event);
        }
    }

    /**
     * Writes history as usual, minus the requester's identity, the Tasklist cards' copies of case variables and the
     * form-field events (copies of the submitted variables).
     */
    static class PrivateHistory implements HistoryEventHandler {

        private final HistoryEventHandler delegate;

        PrivateHistory(HistoryEventHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity variable
                    && (IDENTITY.contains(variable.getVariableName())
                    || TaskCardPlugin.COPIES.containsKey(variable.getVariableName()))) {
                return; // the requester's identity; a card's copies of case variables (history has the originals)
            }
            if (event instanceof HistoricFormPropertyEventEntity) {
                // a copy of each submitted field, which the variable history holds already (the requester's identity
                // among them); no webapp of Community Edition shows them
                return;
            }
            if (event instanceof HistoricProcessInstanceEventEntity instance && instance.getStartUserId() != null
                    && startedAnonymously(instance.getProcessInstanceId())) {
                instance.setStartUserId(null);
            }
            if (event instanceof UserOperationLogEntryEventEntity operation && operation.getUserId() != null
                    && startingAnonymously(operation.getProcessInstanceId())) {
                operation.setUserId(null); // the log keeps that the case was created, not by whom
            }
            if (event instanceof HistoricIdentityLinkLogEventEntity link && link.getAssignerId() != null
                    && startingAnonymously(processInstanceOf(link))) {
                link.setAssignerId(null); // the first task's candidates were added by the case's start, not by a person
            }
            delegate.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }

        /** Whether the command now running starts this case, anonymously. */
        private static boolean startingAnonymously(String processInstanceId) {
            CommandContext context = Context.getCommandContext();
            if (!startedAnonymously(processInstanceId)) {
                return false;
            }
            ExecutionEntity instance = context.getDbEntityManager().getCachedEntity(ExecutionEntity.class, processInstanceId);
            return context.getDbEntityManager().getDbEntityCache().isTransient(instance);
        }

        private static String processInstanceOf(HistoricIdentityLinkLogEventEntity link) {
            if (link.getProcessInstanceId() != null || link.getTaskId() == null) {
                return link.getProcessInstanceId();
            }
            TaskEntity task = Context.getCommandContext().getDbEntityManager().getCachedEntity(TaskEntity.class, link.getTaskId());
            return task == null ? null : task.getProcessInstanceId();
        }

        private static boolean startedAnonymously(String processInstanceId) {
            CommandContext context = Context.getCommandContext();
            if (context == null || processInstanceId == null) {
                return false;
            }
            ExecutionEntity instance = context.getDbEntityManager().getCachedEntity(ExecutionEntity.class, processInstanceId);
            return instance != null && isAnonymous(instance);
        }
    }
}
