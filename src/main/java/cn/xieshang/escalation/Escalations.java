package cn.xieshang.escalation;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import cn.xieshang.notification.CaseMails;
import cn.xieshang.validation.FormLabels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * The record and the hand-overs of the {@code escalation} process (上下联动): every hand-over from one level to
 * another and every level's decision is an entry of {@code escalationHistory}, which the caller passes in and gets
 * back, so the history of a matter travels with it. Which level comes next is the decision table's
 * ({@code escalation-level}); the model decides when.
 */
@Component("escalations")
public class Escalations {

    public static final String HISTORY = "escalationHistory";
    /** The choices as the level's form names them. */
    static final Map<String, String> ACTIONS = FormLabels.of("forms/handle-escalation.form", "escalationAction");

    private final EscalationLevels levels;
    private final CaseMails caseMails;
    private final People people;

    Escalations(EscalationLevels levels, CaseMails caseMails, People people) {
        this.levels = levels;
        this.caseMails = caseMails;
        this.people = people;
    }

    /** The matter arrives: at the level the caller names, or else one above the level it comes from. */
    public void start(DelegateExecution execution) {
        String from = text(execution.getVariable("escalationFromLevel"));
        String to = text(execution.getVariable("escalationLevel"));
        if (to == null) {
            to = levels.level(from).map(EscalationLevels.Level::higher).orElseThrow(() -> new IllegalStateException(
                    "escalation: no level above '" + from + "' in escalation-level, and no escalationLevel given"));
        }
        String target = to;
        levels.level(target).orElseThrow(() -> new IllegalStateException("escalation: unknown level '" + target + "'"));
        execution.setVariable("escalationLevel", target);
        execution.setVariable("escalationStartLevel", target);
        execution.setVariable("handedFrom", from);
        handOver(execution, "hand-over", from, target, text(execution.getVariable("escalationReason")),
                text(execution.getVariable("escalationNote")));
    }

    /** The level cannot settle it (or its deadline passed): one level up, with the history so far. */
    public void handUp(DelegateExecution execution, String reason, String reasonText) {
        String current = (String) execution.getVariable("escalationLevel");
        String higher = (String) execution.getVariable("higherLevel");
        String notes = "deadline".equals(reason) ? null : text(execution.getVariable("levelNotes"));
        handOver(execution, "hand-over", current, higher, reason, notes == null ? reasonText : reasonText + ": " + notes);
        execution.setVariable("escalationLevel", higher);
        execution.setVariable("handedFrom", current);
        execution.removeVariable("levelInstructions");
        clearDecision(execution);
    }

    /** Back to the level below, with this level's instructions. */
    public void sendDown(DelegateExecution execution) {
        String current = (String) execution.getVariable("escalationLevel");
        String lower = (String) execution.getVariable("lowerLevel");
        String instructions = text(execution.getVariable("levelNotes"));
        handOver(execution, "send-down", current, lower, "sent-back", instructions);
        execution.setVariable("escalationLevel", lower);
        execution.setVariable("levelInstructions", instructions);
        execution.setVariable("handedFrom", null);
        clearDecision(execution);
    }

    /** On completing a level's task: what the level decided, and the outcome for the caller when it ends here. */
    public void recordAction(DelegateTask task) {
        DelegateExecution execution = task.getExecution().getProcessInstance();
        String level = (String) execution.getVariable("escalationLevel");
        String action = (String) task.getVariable("escalationAction");
        String notes = text(task.getVariable("levelNotes"));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "action");
        entry.put("level", level);
        entry.put("levelName", levels.name(level));
        entry.put("action", action);
        entry.put("notes", notes);
        String by = Context.getCommandContext().getAuthenticatedUserId();
        entry.put("by", by == null ? null : people.nameOf(by));
        append(execution, entry);
        if ("settle".equals(action)) {
            execution.setVariable("escalationOutcome", "settled");
            execution.setVariable("escalationResult", notes);
            execution.setVariable("settledLevel", level);
            execution.setVariable("settledLevelName", levels.name(level));
        } else if ("down".equals(action) && level != null && level.equals(execution.getVariable("escalationStartLevel"))) {
            execution.setVariable("escalationOutcome", "returned");
            execution.setVariable("escalationInstructions", notes);
        }
    }

    /** The level the matter left is told where it went and why (the level below is told). */
    public void tellLevelBelow(DelegateExecution execution) {
        String from = text(execution.getVariable("handedFrom"));
        if (from == null) {
            return;
        }
        EscalationLevels.Level left = levels.level(from).orElse(null);
        if (left == null || left.group() == null) {
            return;
        }
        String to = (String) execution.getVariable("escalationLevel");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fromLevelName", left.name());
        values.put("toLevelName", levels.name(to));
        values.put("handOverNote", CaseRecord.entries(execution.getVariable(HISTORY)).stream()
                .reduce((a, b) -> b).map(e -> CaseRecord.text(e.get("note"))).orElse(""));
        caseMails.sendToRoles(execution, "escalation-handed-up", left.group(), values);
    }

    private void handOver(DelegateExecution execution, String type, String from, String to, String reason, String note) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.put("from", from);
        entry.put("fromName", from == null ? null : levels.name(from));
        entry.put("to", to);
        entry.put("toName", levels.name(to));
        entry.put("reason", reason);
        entry.put("note", note);
        append(execution, entry);
    }

    private void append(DelegateExecution execution, Map<String, Object> entry) {
        DelegateExecution instance = execution.getProcessInstance();
        CaseRecord.append(instance, HISTORY, entry);
        instance.setVariable("escalationHistoryText", CaseRecord.entries(instance.getVariable(HISTORY)).stream()
                .map(Escalations::line).collect(Collectors.joining("\n")));
    }

    /** One line of the history as people read it on the forms. */
    static String line(Map<String, Object> e) {
        String at = CaseRecord.text(e.get("at"));
        return switch (CaseRecord.text(e.get("type"))) {
            case "action" -> "- " + at + " " + e.get("levelName") + ": " + actionName(e.get("action"))
                    + (e.get("notes") == null ? "" : ", " + e.get("notes"));
            case "send-down" -> "- " + at + " " + e.get("fromName") + " 发回 " + e.get("toName")
                    + (e.get("note") == null ? "" : ": " + e.get("note"));
            default -> "- " + at + " " + (e.get("fromName") == null ? "" : e.get("fromName") + " ") + "交 "
                    + e.get("toName") + (e.get("note") == null ? "" : ": " + e.get("note"));
        };
    }

    private static String actionName(Object action) {
        return ACTIONS.getOrDefault(String.valueOf(action), String.valueOf(action));
    }

    /** The next level decides afresh: no pre-filled choice or notes from the level before. */
    private static void clearDecision(DelegateExecution execution) {
        execution.removeVariable("escalationAction");
        execution.removeVariable("levelNotes");
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
