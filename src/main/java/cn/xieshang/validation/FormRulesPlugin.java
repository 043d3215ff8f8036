package cn.xieshang.validation;

import cn.xieshang.operations.CaseLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
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
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.form.handler.TaskFormHandler;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
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
    /** Marks a task whose submitted form was checked in this command, so the completion does not check it twice. */
    static final String CHECKED = "xieshang.formChecked";

    private final ObjectProvider<FormCheck> checks;
    private final ObjectProvider<MeterRegistry> meters;

    FormRulesPlugin(ObjectProvider<FormCheck> checks, ObjectProvider<MeterRegistry> meters) {
        this.checks = checks; // resolved when used: the checks need the engine this plugin configures
        this.meters = meters;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new FormRulesParseListener());
        configuration.setFormService(new ServedStartForms());
    }

    /** Every rule of the form: its fields, its decision table, and the Java checks registered for it. */
    void validate(FormSchema form, Map<String, Object> values, java.util.function.Function<String, Object> variables,
            boolean rejectUnknown, VariableScope scope) {
        try {
            reject(FormRules.check(form, values, variables, rejectUnknown));
            reject(RuleDecision.check(form.id(), values));
            List<String> problems = new ArrayList<>();
            checks.orderedStream().filter(c -> c.formId().equals(form.id()))
                    .forEach(c -> problems.addAll(c.check(values, scope)));
            reject(problems);
        } catch (InputRejectedException e) {
            refused(form.id());
            throw e;
        }
    }

    /** Counts a refused submission for Prometheus: {@code xieshang.form.refusals{form}} (the forms are the models'). */
    private void refused(String formId) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            refusals(registry, formId).increment();
        }
    }

    private static Counter refusals(MeterRegistry registry, String formId) {
        return Counter.builder("xieshang.form.refusals").description("form submissions refused by the form's rules")
                .tag("form", formId).register(registry);
    }

    /** Every form the application ships, from zero: Prometheus sees a form's counter before its first refusal. */
    @EventListener(ApplicationReadyEvent.class)
    void refusalsFromZero() throws IOException {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return;
        }
        for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
            String name = form.getFilename();
            if (name != null) {
                refusals(registry, name.substring(0, name.length() - ".form".length()));
            }
        }
    }

    class FormRulesParseListener extends AbstractBpmnParseListener {

        @Override
        public void parseStartEvent(Element startEventElement, ScopeImpl scope, ActivityImpl startEventActivity) {
            if (startEventElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, FORM_REF) != null
                    && scope == startEventActivity.getProcessDefinition()) {
                // a built-in listener at the head of the list runs before anything else sees the variables
                startEventActivity.getProcessDefinition().addBuiltInListener(ExecutionListener.EVENTNAME_START,
                        new StartFormCheck(startEventActivity.getId(), formOf(startEventElement)), 0);
            }
        }

        @Override
        public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
            if (userTaskElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, FORM_REF) != null) {
                TaskDefinition task = ((org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior)
                        activity.getActivityBehavior()).getTaskDefinition();
                // submitting the form (Tasklist, REST submit-form): checked before anything is set, errors unwrapped
                FormRef form = formOf(userTaskElement);
                task.setTaskFormHandler(new CheckedTaskForm(task.getTaskFormHandler(), form));
                // completing without the form (REST complete): checked as the task completes
                task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, new TaskFormCheck(form));
            }
        }
    }

    /** The form a model element names, and whether it binds the latest version. */
    record FormRef(String key, boolean latest) {
    }

    static FormRef formOf(Element element) {
        String binding = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRefBinding");
        return new FormRef(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, FORM_REF),
                binding == null || "latest".equals(binding));
    }

    /** Checks a process's start variables against its start form; unknown variables are refused too. */
    class StartFormCheck implements ExecutionListener {

        private final String startEventId;
        private final FormRef formRef;

        StartFormCheck(String startEventId, FormRef formRef) {
            this.startEventId = startEventId;
            this.formRef = formRef;
        }

        @Override
        public void notify(DelegateExecution execution) {
            String current = execution.getCurrentActivityId();
            if (current != null && !startEventId.equals(current)) {
                return; // started elsewhere (a message or a call); that start is not this form's
            }
            FormService forms = execution.getProcessEngineServices().getFormService();
            FormSchema form = DeployedForms.of(formRef.key(), formRef.latest(),
                    () -> forms.getDeployedStartForm(execution.getProcessDefinitionId()));
            Map<String, Object> values = new HashMap<>(execution.getVariables());
            try (CaseLog.Scope scope = CaseLog.of(execution.getProcessBusinessKey(), execution.getTenantId())) {
                validate(form, values, new StartFormVariables(execution, form), true, execution);
            }
        }
    }

    /**
     * What a start form sees: the submitted values, then the variables the start form offers the person
     * (e.g. the options of a select, {@code communityOptions}), asked for once and only when needed.
     */
    static class StartFormVariables implements java.util.function.Function<String, Object> {

        private final DelegateExecution execution;
        private final FormSchema form;
        private Map<String, Object> offered;

        StartFormVariables(DelegateExecution execution, FormSchema form) {
            this.execution = execution;
            this.form = form;
        }

        @Override
        public Object apply(String name) {
            if (execution.hasVariable(name) || form.field(name) != null) {
                return execution.getVariable(name); // a field is what was submitted, or nothing
            }
            if (offered == null) {
                offered = new HashMap<>();
                ProcessDefinitionEntity definition = (ProcessDefinitionEntity)
                        ((org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity) execution).getProcessDefinition();
                if (definition.getStartFormHandler() != null) {
                    definition.getStartFormHandler().createStartFormData(definition).getFormFields().stream()
                            .filter(f -> f.getValue() != null)
                            .forEach(f -> offered.put(f.getId(), f.getValue().getValue()));
                }
            }
            return offered.get(name);
        }
    }

    /** Checks the submitted values, with what the case already holds, before the form handler stores them. */
    class CheckedTaskForm implements TaskFormHandler {

        private final TaskFormHandler delegate;
        private final FormRef formRef;

        CheckedTaskForm(TaskFormHandler delegate, FormRef formRef) {
            this.delegate = delegate;
            this.formRef = formRef;
        }

        @Override
        public void submitFormVariables(VariableMap properties, VariableScope scope) {
            TaskEntity task = (TaskEntity) scope;
            FormSchema form = DeployedForms.of(formRef.key(), formRef.latest(),
                    () -> task.getProcessEngineServices().getFormService().getDeployedTaskForm(task.getId()));
            refuseSerializedObjects(properties);
            Map<String, Object> values = new HashMap<>();
            form.fields().forEach(f -> values.put(f.key(), task.getVariable(f.key())));
            values.putAll(properties);
            java.util.function.Function<String, Object> seen = k -> properties.containsKey(k) ? properties.get(k) : task.getVariable(k);
            try (CaseLog.Scope about = CaseLog.of(task)) { // a submitted form is checked outside the case's steps
                validate(form, values, seen, true, task);
            }
            delegate.submitFormVariables(properties, scope);
            task.setVariableLocal(CHECKED, Variables.booleanValue(true, true));
        }

        @Override
        public TaskFormData createTaskForm(TaskEntity task) {
            return delegate.createTaskForm(task);
        }

        @Override
        public void parseConfiguration(Element element, DeploymentEntity deployment, ProcessDefinitionEntity definition,
                BpmnParse parse) {
            delegate.parseConfiguration(element, deployment, definition, parse);
        }
    }

    /** Checks the form's fields as they stand when the task completes, unless its form was submitted and checked. */
    class TaskFormCheck implements TaskListener {

        private final FormRef formRef;

        TaskFormCheck(FormRef formRef) {
            this.formRef = formRef;
        }

        @Override
        public void notify(DelegateTask task) {
            if (Boolean.TRUE.equals(task.getVariableLocal(CHECKED))) {
                return;
            }
            FormService forms = task.getProcessEngineServices().getFormService();
            FormSchema form = DeployedForms.of(formRef.key(), formRef.latest(), () -> forms.getDeployedTaskForm(task.getId()));
            Map<String, Object> values = new HashMap<>();
            form.fields().forEach(f -> values.put(f.key(), task.getVariable(f.key())));
            try (CaseLog.Scope about = CaseLog.of(task)) {
                validate(form, values, task::getVariable, false, task);
            }
        }
    }

    /** No form field holds a serialized object; reading one would deserialize whatever a client sent. */
    static void refuseSerializedObjects(VariableMap submitted) {
        List<String> problems = new ArrayList<>();
        for (String name : submitted.keySet()) {
            if (submitted.getValueTyped(name) instanceof org.camunda.bpm.engine.variable.value.ObjectValue object
                    && !object.isDeserialized()) {
                problems.add("字段(" + name + "): 不接受序列化的对象");
            }
        }
        reject(problems);
    }

    private static void reject(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InputRejectedException(problems);
        }
    }
}
