package cn.xieshang.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * What a Tasklist card says about its case: title, case number, community ({@link TasklistFilters#CARD_VARIABLES}).
 * Tasklist reads a card's variables with the person's own rights, and most people may read their task but not the
 * whole case (it holds the requester's contact). So every user task gets its own copy of these three, under names
 * of their own: a copy never shadows, or is mistaken in history for, the case's variable.
 */
@Component
public class TaskCardPlugin extends AbstractProcessEnginePlugin {

    /** The task's copy → the case's variable ({@code null}: the business key, which is the case number). */
    static final Map<String, String> COPIES = copies();

    private static Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        copies.put("cardTitle", "title");
        copies.put("cardCaseNumber", null);
        copies.put("cardCommunity", "communityName");
        return copies;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, TaskCardPlugin::copyCaseOntoCard);
            }
        });
    }

    static void copyCaseOntoCard(DelegateTask task) {
        DelegateExecution execution = task.getExecution();
        if (execution == null) {
            return;
        }
        COPIES.forEach((copy, variable) -> {
            Object value = variable == null ? execution.getProcessBusinessKey() : execution.getVariable(variable);
            if (value != null) {
                task.setVariableLocal(copy, value);
            }
        });
    }
}
