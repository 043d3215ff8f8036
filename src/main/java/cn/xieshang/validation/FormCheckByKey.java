package cn.xieshang.validation;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * A form's rules for values that reach a case other than by submitting the form itself — the residents' online opinion
 * is checked by the rules of {@code give-opinion}, which the stakeholders fill in Tasklist: one set of rules for both.
 * The latest deployed version of the form, as a task bound to {@code latest} would see it.
 */
@Component
public class FormCheckByKey {

    private final ProcessEngine engine;

    FormCheckByKey(ProcessEngine engine) {
        this.engine = engine;
    }

    /** The problems (Chinese, one per rule broken) of these values under the latest form {@code formKey}; empty if none. */
    public List<String> problems(String formKey, Map<String, Object> values) {
        FormSchema form = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired().execute(context -> DeployedForms.of(formKey, true, () -> {
                    throw new IllegalStateException("form " + formKey + " is not deployed");
                }));
        return FormRules.check(form, values, values::get, true);
    }
}
