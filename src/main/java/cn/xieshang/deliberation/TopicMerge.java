package cn.xieshang.deliberation;

import cn.xieshang.validation.InputRejectedException;
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
public class TopicMerge {

    public static final String MERGED_TOPICS = "mergedTopics";

    private final RuntimeService runtimeService;

    TopicMerge(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    public void merge(DelegateExecution execution) {
        String target = (String) execution.getVariable("mergedInto");
        Context.getCommandContext().runWithoutAuthorization(() -> {
            ProcessInstance into = runtimeService.createProcessInstanceQuery()
                    .processInstanceBusinessKey(target)
                    .processDefinitionKey(execution.getProcessEngineServices().getRepositoryService()
                            .getProcessDefinition(execution.getProcessDefinitionId()).getKey())
                    .tenantIdIn(execution.getTenantId())
                    .singleResult();
            if (into == null || into.getId().equals(execution.getProcessInstanceId())) {
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
