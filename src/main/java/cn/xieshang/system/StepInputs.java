package cn.xieshang.system;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The choices a designer made for a service step in Camunda Modeler: the step's element template writes them as
 * {@code camunda:inputParameter}s, which the engine sets as local variables of the step. The deployment check
 * ({@code cn.xieshang.deployment.ElementTemplateCheck}) has already refused a model that misses or misspells one.
 */
public final class StepInputs {

    private StepInputs() {
    }

    public static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariableLocal(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ProcessEngineException("步骤 " + execution.getCurrentActivityId() + " 缺少输入参数 " + name
                    + "(由元素模板设置)");
        }
        return text.trim();
    }
}
