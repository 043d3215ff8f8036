package cn.xieshang.concern;

import cn.xieshang.escalation.EscalationLevels;
import cn.xieshang.organisation.Organisation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Overdue work on concerns and escalations, counted per community and level (grid, community, street, district) for
 * the managers who watch them. Counts what the asking user may see: their communities, and the tasks their roles
 * may read (managers see every task of their communities). The level is the case's {@code handlingLevel}, which the
 * models set whenever the matter moves.
 */
@Component
class OverdueWork {

    static final List<String> PROCESSES = List.of("concern", "escalation");
    private static final int CHUNK = 500;

    private final TaskService taskService;
    private final RuntimeService runtimeService;
    private final ProcessEngine engine;
    private final Organisation organisation;
    private final EscalationLevels levels;

    OverdueWork(TaskService taskService, RuntimeService runtimeService, ProcessEngine engine, Organisation organisation,
            EscalationLevels levels) {
        this.taskService = taskService;
        this.runtimeService = runtimeService;
        this.engine = engine;
        this.organisation = organisation;
        this.levels = levels;
    }

    Map<String, Object> counts() {
        List<Task> tasks = taskService.createTaskQuery().processDefinitionKeyIn(PROCESSES.toArray(String[]::new))
                .dueBefore(ClockUtil.getCurrentTime()).list();
        Map<String, String> levelOfCase = levelsOf(tasks.stream().map(Task::getProcessInstanceId).distinct().toList());
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Task task : tasks) {
            String level = levelOfCase.getOrDefault(task.getProcessInstanceId(), "community");
            counts.computeIfAbsent(task.getTenantId(), t -> new HashMap<>()).merge(level, 1, Integer::sum);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((community, byLevel) -> byLevel.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> order(e.getKey())))
                .forEach(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("communityId", community);
                    row.put("communityName", organisation.community(community).map(Organisation.Community::name).orElse(community));
                    row.put("streetName", organisation.streetOf(community).map(Organisation.Street::name).orElse(null));
                    row.put("level", e.getKey());
                    row.put("levelName", levels.name(e.getKey()));
                    row.put("overdue", e.getValue());
                    rows.add(row);
                }));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("asOf", cn.xieshang.deliberation.CaseRecord.now());
        answer.put("total", tasks.size());
        answer.put("counts", rows);
        return answer;
    }

    /** The level of each case; read as the engine, since seeing a task is already the right to know its level. */
    private Map<String, String> levelsOf(List<String> caseIds) {
        Map<String, String> levelOf = new HashMap<>();
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        for (int from = 0; from < caseIds.size(); from += CHUNK) {
            String[] chunk = caseIds.subList(from, Math.min(caseIds.size(), from + CHUNK)).toArray(String[]::new);
            List<VariableInstance> found = configuration.getCommandExecutorTxRequired().execute(context ->
                    context.runWithoutAuthorization(() -> runtimeService.createVariableInstanceQuery()
                            .processInstanceIdIn(chunk).variableName("handlingLevel").list()));
            for (VariableInstance variable : found) {
                if (variable.getValue() instanceof String level) {
                    levelOf.put(variable.getProcessInstanceId(), level);
                }
            }
        }
        return levelOf;
    }

    /** From the bottom up (grid, community, street, district), as the table chains the levels. */
    private int order(String level) {
        int depth = 0;
        for (String current = level; current != null && depth < 10; depth++) {
            current = levels.level(current).map(EscalationLevels.Level::lower).orElse(null);
        }
        return depth;
    }
}
