package cn.xieshang.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Enforces on the server what each Camunda Form declares. Every start event and user task with a
 * {@code camunda:formRef} gets a built-in listener that checks the submitted values against the deployed form:
 * on process start (before any other listener) and on task completion. A violation throws
 * {@link InputRejectedException}: 400 over REST, an error message in Tasklist, and nothing stored.
 * Rules across fields (票数之和不能多于实到人数) live in a decision table named {@code <form id>-rules}, see
 * {@link RuleDecision}.
 */
@Component
public class FormRulesPlugin extends AbstractProcessEnginePlugin {

    static final String FORM_REF = "formRef";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new FormRulesParseListener());
    }

    static class FormRulesParseListener extends AbstractBpmnParseListener {

        @Override
        public void parseStartEvent(Element startEventElement, ScopeImpl scope, ActivityImpl startEventActivity) {
            if (startEventElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, FORM_REF) != null
                    && scope == startEventActivity.getProcessDefinition()) {
                // a built-in listener at the head of the list runs before anything else sees the variables
                startEventActivity.getProcessDefinition()
                        .addBuiltInListener(ExecutionListener.EVENTNAME_START, new StartFormCheck(startEventActivity.getId()), 0);
            }
        }

        @Override
        public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
            if (userTaskElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, FORM_REF) != null) {
                TaskDefinition task = ((org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior)
                        activity.getActivityBehavior()).getTaskDefinition();
                task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, new TaskFormCheck());
            }
        }
    }

    /** Checks a process's start variables against its start form; unknown variables are refused too. */
    static class StartFormCheck implements ExecutionListener {

        private final String startEventId;

        StartFormCheck(String startEventId) {
            this.startEventId = startEventId;
        }

        @Override
        public void notify(DelegateExecution execution) {
            String current = execution.getCurrentActivityId();
            if (current != null && !startEventId.equals(current)) {
                return; // started elsewhere (a message or a call); that start is not this form's
            }
            FormService forms = execution.getProcessEngineServices().getFormService();
            FormSchema form = load(() -> forms.getDeployedStartForm(execution.getProcessDefinitionId()));
            Map<String, Object> values = new HashMap<>(execution.getVariables());
            reject(FormRules.check(form, values, execution::getVariable, true));
            reject(RuleDecision.check(form.id(), values));
        }
    }

    /** Checks the form's fields as they stand when the task completes. */
    static class TaskFormCheck implements TaskListener {

        @Override
        public void notify(DelegateTask task) {
            FormService forms = task.getProcessEngineServices().getFormService();
            FormSchema form = load(() -> forms.getDeployedTaskForm(task.getId()));
            Map<String, Object> values = new HashMap<>();
            form.fields().forEach(f -> values.put(f.key(), task.getVariable(f.key())));
            reject(FormRules.check(form, values, task::getVariable, false));
            reject(RuleDecision.check(form.id(), values));
        }
    }

    private static void reject(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InputRejectedException(problems);
        }
    }

    /** Loads the deployed form as the engine itself (the user's right to act was checked already). */
    private static FormSchema load(java.util.function.Supplier<InputStream> form) {
        return Context.getCommandContext().runWithoutAuthorization(() -> {
            try (InputStream in = form.get()) {
                return FormSchema.parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
