package cn.xieshang.validation;

import cn.xieshang.system.Feel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;

/**
 * Rules that relate several fields of a form, kept in the model: a decision table in {@code processes/} with the
 * key {@code <form id>-rules} (hit policy COLLECT, output {@code problem}). It sees the form's values and
 * {@code today} (yyyy-MM-dd, the engine's clock); each problem it returns rejects the input.
 * <p>
 * The table is the engine's deployed and parsed version (its deployment cache), evaluated by a DMN engine of its own
 * that writes no history: checking a form is not a decision of the case, and the input it refuses is never stored.
 */
final class RuleDecision {

    static final String SUFFIX = "-rules";
    private static final DmnEngine WITHOUT_HISTORY = ((DefaultDmnEngineConfiguration) DmnEngineConfiguration
            .createDefaultDmnEngineConfiguration()).feelEngineFactory(Feel::standard).buildEngine();

    private RuleDecision() {
    }

    static List<String> check(String formId, Map<String, Object> values) {
        if (formId == null) {
            return List.of();
        }
        String key = formId + SUFFIX;
        ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
        return Context.getCommandContext().runWithoutAuthorization(() -> {
            // one lookup of the latest version (none: the form has no rules)
            DecisionDefinitionEntity latest = Context.getCommandContext().getDecisionDefinitionManager()
                    .findLatestDecisionDefinitionByKeyAndTenantId(key, null);
            if (latest == null) {
                return List.of();
            }
            Map<String, Object> variables = new HashMap<>();
            values.forEach((k, v) -> variables.put(k, FormRules.plain(v)));
            variables.put("today", LocalDate.ofInstant(ClockUtil.now().toInstant(), java.time.ZoneId.systemDefault()).toString());
            DmnDecision table = engine.getDeploymentCache().findDeployedDecisionDefinitionById(latest.getId());
            DmnDecisionTableResult result = WITHOUT_HISTORY.evaluateDecisionTable(table, Variables.fromMap(variables));
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
