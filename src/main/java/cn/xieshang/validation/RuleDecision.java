package cn.xieshang.validation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Rules that relate several fields of a form, kept in the model: a decision table in {@code processes/} with the
 * key {@code <form id>-rules} (hit policy COLLECT, output {@code problem}). It sees the form's values and
 * {@code today} (yyyy-MM-dd, the engine's clock); each problem it returns rejects the input.
 */
final class RuleDecision {

    static final String SUFFIX = "-rules";

    private RuleDecision() {
    }

    static List<String> check(String formId, Map<String, Object> values) {
        if (formId == null) {
            return List.of();
        }
        String key = formId + SUFFIX;
        ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
        return Context.getCommandContext().runWithoutAuthorization(() -> {
            // one lookup of the latest version (none: the form has no rules); the parsed table is the engine's, cached
            // by definition id
            DecisionDefinitionEntity latest = Context.getCommandContext().getDecisionDefinitionManager()
                    .findLatestDecisionDefinitionByKeyAndTenantId(key, null);
            if (latest == null) {
                return List.of();
            }
            Map<String, Object> variables = new HashMap<>();
            values.forEach((k, v) -> variables.put(k, FormRules.plain(v)));
            variables.put("today", LocalDate.ofInstant(ClockUtil.now().toInstant(), java.time.ZoneId.systemDefault()).toString());
            DmnDecisionTableResult result = engine.getDecisionService().evaluateDecisionTableById(latest.getId())
                    .variables(variables).evaluate();
            List<String> problems = new ArrayList<>();
            for (Object problem : result.collectEntries("problem")) {
                if (problem != null) {
                    problems.add(String.valueOf(problem));
                }
            }
            return problems;
        });
    }
}
