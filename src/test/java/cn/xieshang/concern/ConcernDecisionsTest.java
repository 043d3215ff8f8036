package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.organisation.Role;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;

/** The concern's decision tables, row by row, as the files designers edit say them. */
class ConcernDecisionsTest {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecisionTableResult evaluate(String key, Map<String, Object> variables) throws IOException {
        try (InputStream in = new FileInputStream("processes/" + key + ".dmn")) {
            DmnDecision decision = DMN.parseDecision(key, in);
            return DMN.evaluateDecisionTable(decision, variables);
        }
    }

    private static DmnDecisionRuleResult triage(String category, String scope, String urgency) throws IOException {
        Map<String, Object> v = new HashMap<>();
        v.put("category", category);
        v.put("scope", scope);
        v.put("urgency", urgency);
        return evaluate("concern-triage", v).getSingleResult();
    }

    private static String route(DmnDecisionRuleResult r) {
        return r.get("level") + "/" + r.get("timeLimitDays") + "/" + r.get("needsDeliberation");
    }

    @Test
    void triageRowByRow() throws IOException {
        // 1: whole-community heating goes to the district departments
        assertThat(route(triage("utilities", "community", "normal"))).isEqualTo("district/15/false");
        assertThat(route(triage("utilities", "beyond-community", "urgent"))).isEqualTo("district/15/false");
        // 2: anything across communities goes to the street
        assertThat(route(triage("traffic", "beyond-community", "normal"))).isEqualTo("street/10/false");
        // 3: charging and property service for an estate need a full deliberation (shared costs, a vote)
        assertThat(route(triage("charging", "estate", "normal"))).isEqualTo("community/30/true");
        assertThat(route(triage("property", "community", "urgent"))).isEqualTo("community/30/true");
        // 4, 5: small matters stay in the grid; urgent ones within a day
        assertThat(route(triage("safety", "household", "urgent"))).isEqualTo("grid/1/false");
        assertThat(route(triage("environment", "building", "normal"))).isEqualTo("grid/3/false");
        assertThat(route(triage("charging", "building", "normal"))).isEqualTo("grid/3/false");
        assertThat(route(triage("utilities", "household", "normal"))).isEqualTo("grid/3/false");
        // 6, 7: the rest stays in the community
        assertThat(route(triage("facilities", "estate", "urgent"))).isEqualTo("community/2/false");
        assertThat(route(triage("facilities", "estate", "normal"))).isEqualTo("community/7/false");
        assertThat(route(triage("other", "community", "normal"))).isEqualTo("community/7/false");
        assertThat(triage("environment", "building", "normal").get("responsibleGroup")).isEqualTo("grid-worker,property-company");
        assertThat(triage("environment", "building", "normal").get("levelName")).isEqualTo("网格");
        // a concern that comes back from its deliberation (reopened) is dispatched to the community's handlers
        assertThat(triage("charging", "estate", "normal").get("responsibleGroup"))
                .isEqualTo(triage("other", "community", "normal").get("responsibleGroup"));
    }

    @Test
    void everyGroupTheTablesNameIsARole() throws IOException {
        for (String[] table : new String[][] {{"concern-triage", "responsibleGroup"}, {"escalation-level", "levelGroup"}}) {
            DmnModelInstance model = Dmn.readModelFromFile(new java.io.File("processes/" + table[0] + ".dmn"));
            var outputs = model.getModelElementsByType(org.camunda.bpm.model.dmn.instance.Output.class).stream().toList();
            int column = outputs.stream().map(o -> o.getName()).toList().indexOf(table[1]);
            for (Rule rule : model.getModelElementsByType(Rule.class)) {
                OutputEntry entry = List.copyOf(rule.getOutputEntries()).get(column);
                for (String group : entry.getTextContent().replace("\"", "").split(",")) {
                    assertThat(Role.byGroupId(group.trim())).as(table[0] + " " + rule.getId() + " " + group).isPresent();
                }
            }
        }
    }

    @Test
    void escalationLevelsChainFromTheGridToTheDistrict() throws IOException {
        StringBuilder chain = new StringBuilder();
        String level = "grid";
        while (level != null) {
            DmnDecisionRuleResult row = evaluate("escalation-level", Map.of("escalationLevel", level)).getSingleResult();
            chain.append(row.get("levelName")).append('(').append(row.get("levelGroup")).append(", ")
                    .append(row.get("levelDays")).append("天, 第").append(row.get("reminderDays")).append("天提醒) ");
            assertThat((Integer) row.get("reminderDays")).isLessThan((Integer) row.get("levelDays"));
            String higher = (String) row.get("higherLevel");
            if (higher != null) {
                assertThat(evaluate("escalation-level", Map.of("escalationLevel", higher)).getSingleResult()
                        .get("lowerLevel")).isEqualTo(level);
            }
            level = higher;
        }
        assertThat(chain.toString().trim()).isEqualTo("网格(grid-worker, 3天, 第2天提醒) "
                + "社区(party-committee,residents-committee, 5天, 第4天提醒) 街道(street-office, 10天, 第8天提醒) "
                + "区职能部门(district-office, 15天, 第12天提醒)");
        assertThat(evaluate("escalation-level", Map.of("escalationLevel", "province"))).isEmpty();
    }

    private static String outcome(String decision, String deadlock, String afterFailedVote, Boolean votePassed)
            throws IOException {
        Map<String, Object> v = new HashMap<>();
        v.put("deliberationDecision", decision);
        v.put("deadlockOutcome", deadlock);
        v.put("afterFailedVote", afterFailedVote);
        v.put("votePassed", votePassed);
        DmnDecisionRuleResult r = evaluate("deliberation-outcome", v).getSingleResult();
        return r.get("outcome") + "/" + r.get("detailVariable");
    }

    @Test
    void deliberationOutcomeRowByRow() throws IOException {
        assertThat(outcome("reject", null, null, null)).isEqualTo("rejected/rejectionReason");
        assertThat(outcome("merge", null, null, null)).isEqualTo("merged/mergedInto");
        assertThat(outcome("accept", "close", null, false)).isEqualTo("closed-without-consensus/disagreementRecord");
        assertThat(outcome("accept", "escalate", "redraft", false)).isEqualTo("escalated/streetDecision");
        assertThat(outcome("accept", null, "end", false)).isEqualTo("rejected-by-vote/failedVoteNote");
        // redrafted after a failed vote, then passed
        assertThat(outcome("accept", null, "redraft", true)).isEqualTo("implemented/planContent");
        assertThat(outcome("accept", null, null, null)).isEqualTo("ended/null");
    }

    private static List<Object> dispatchProblems(String decision, String deadline, String note) throws IOException {
        Map<String, Object> v = new HashMap<>();
        v.put("dispatchDecision", decision);
        v.put("handlerDeadline", deadline);
        v.put("dispatchNote", note);
        v.put("today", "2026-11-22");
        return evaluate("dispatch-concern-rules", v).collectEntries("problem");
    }

    @Test
    void dispatchRulesRowByRow() throws IOException {
        assertThat(dispatchProblems("assign", "2026-11-21", null)).singleElement().asString().contains("handlerDeadline");
        assertThat(dispatchProblems("assign", "2026-11-22", null)).isEmpty();
        assertThat(dispatchProblems("assign", "2026-11-25", "")).isEmpty();
        assertThat(dispatchProblems("escalate", "2026-11-21", null)).singleElement().asString().contains("dispatchNote");
        assertThat(dispatchProblems("escalate", null, "无执法权")).isEmpty();
        assertThat(dispatchProblems("refer", null, null)).isEmpty();
        assertThat(Arrays.asList(dispatchProblems("assign", "", null).toArray())).isEmpty();
    }
}
