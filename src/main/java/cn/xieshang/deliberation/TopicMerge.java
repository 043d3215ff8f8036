package cn.xieshang.deliberation;

import cn.xieshang.validation.FormCheck;
import cn.xieshang.validation.InputRejectedException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

/**
 * Merges a topic into another open topic of the same community: the target records the merged topic
 * ({@code mergedTopics}), and this topic ends. An unknown, closed or foreign target is rejected.
 */
@Component("topicMerge")
public class TopicMerge implements FormCheck {

    public static final String MERGED_TOPICS = "mergedTopics";

    private final RuntimeService runtimeService;

    TopicMerge(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @Override
    public String formId() {
        return "review-topic";
    }

    /** When the committee chooses to merge: the target must be another open topic of the same community. */
    @Override
    public List<String> check(Map<String, Object> values, VariableScope scope) {
        if (!"merge".equals(values.get("decision")) || !(values.get("mergedInto") instanceof String target)) {
            return List.of();
        }
        DelegateTask task = (DelegateTask) scope;
        ProcessInstance into = Context.getCommandContext().runWithoutAuthorization(() -> target(task.getExecution(), target));
        return into == null ? List.of("字段「合并到的议题编号(mergedInto)」: 本社区没有仍在办理的议题 " + target) : List.of();
    }

    private ProcessInstance target(DelegateExecution execution, String caseNumber) {
        ProcessInstance into = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(caseNumber)
                .processDefinitionKey(execution.getProcessEngineServices().getRepositoryService()
                        .getProcessDefinition(execution.getProcessDefinitionId()).getKey())
                .tenantIdIn(execution.getTenantId())
                .singleResult();
        return into == null || into.getId().equals(execution.getProcessInstanceId()) ? null : into;
    }

    public void merge(DelegateExecution execution) {
        String target = (String) execution.getVariable("mergedInto");
        Context.getCommandContext().runWithoutAuthorization(() -> {
            ProcessInstance into = target(execution, target);
            if (into == null) {
                throw new InputRejectedException("字段「合并到的议题编号(mergedInto)」: 本社区没有仍在办理的议题 " + target);
            }
            List<Object> merged = new ArrayList<>();
            Object existing = runtimeService.getVariable(into.getId(), MERGED_TOPICS);
            if (existing instanceof SpinJsonNode list) {
                list.elements().forEach(e -> merged.add(Spin.JSON(e.toString()).mapTo(Map.class)));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("caseNumber", execution.getProcessBusinessKey());
            entry.put("title", execution.getVariable("title"));
            merged.add(entry);
            runtimeService.setVariable(into.getId(), MERGED_TOPICS, Spin.JSON(merged));
            return null;
        });
    }
}
