package cn.xieshang.concern;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import cn.xieshang.security.RequesterPrivacyPlugin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * The written record of a concern (件件有着落): every dispatch, acceptance or return, handling, hand-over, result
 * and return visit is an entry of {@code concernLog}. Also prepares the variables the {@code escalation} process
 * takes and sets the result ({@code concernResult}) the requester is told, wherever the matter was settled.
 */
@Component("concerns")
public class Concerns {

    public static final String LOG = "concernLog";

    private final People people;

    Concerns(People people) {
        this.people = people;
    }

    /** At the start: whether the concern is anonymous (the model's gateways ask), and no reopening yet. */
    public void register(DelegateExecution execution) {
        execution.setVariable(RequesterPrivacyPlugin.ANONYMOUS, RequesterPrivacyPlugin.isAnonymous(execution));
        execution.setVariable("reopenCount", 0);
    }

    /** The dispatcher's decision: a handler and a time limit, a deliberation, the street, or a referral. */
    public void recordDispatch(DelegateTask task) {
        Map<String, Object> entry = entry(task.getExecution(), "dispatch");
        entry.put("decision", task.getVariable("dispatchDecision"));
        if ("assign".equals(task.getVariable("dispatchDecision"))) {
            entry.put("handler", task.getVariable("handler"));
            entry.put("handlerName", people.nameOf(String.valueOf(task.getVariable("handler"))));
            entry.put("deadline", task.getVariable("handlerDeadline"));
        }
        if ("refer".equals(task.getVariable("dispatchDecision"))) {
            entry.put("referredTo", task.getVariable("referredTo"));
        }
        entry.put("note", task.getVariable("dispatchNote"));
        append(task.getExecution(), entry);
    }

    /** The handler takes the order, or returns it with a reason. */
    public void recordAcceptance(DelegateTask task) {
        Map<String, Object> entry = entry(task.getExecution(), "accept".equals(task.getVariable("handlerResponse"))
                ? "accepted" : "returned");
        entry.put("note", task.getVariable("returnReason"));
        append(task.getExecution(), entry);
    }

    /** The handler's report: settled with the result, or beyond their power. */
    public void recordHandling(DelegateTask task) {
        Map<String, Object> entry = entry(task.getExecution(), "handled");
        entry.put("outcome", task.getVariable("handlingOutcome"));
        entry.put("note", task.getVariable("handlingNotes"));
        append(task.getExecution(), entry);
    }

    /**
     * Sets what the {@code escalation} process takes. With {@code toLevel} null the matter goes one level above
     * {@code fromLevel}.
     */
    public void prepareEscalation(DelegateExecution execution, String reason, String reasonText, String fromLevel,
            String toLevel, String note) {
        String text = note == null || note.isBlank() ? reasonText : reasonText + ": " + note;
        execution.setVariable("escalationReason", reason);
        execution.setVariable("escalationFromLevel", fromLevel);
        execution.setVariable("escalationLevel", toLevel);
        execution.setVariable("escalationNote", text);
        execution.removeVariable("escalationOutcome");
        execution.removeVariable("escalationInstructions");
        Map<String, Object> entry = entry(execution, "escalated");
        entry.put("reason", reason);
        entry.put("note", text);
        append(execution, entry);
        // whoever handles it next decides afresh
        execution.removeVariable("handlingOutcome");
        execution.removeVariable("handlingNotes");
    }

    /**
     * The result the requester is told, from where it was settled: {@code handler}, {@code escalation} or
     * {@code deliberation} (whose outcome the decision table {@code deliberation-outcome} judged).
     */
    public void recordResult(DelegateExecution execution, String source) {
        String result;
        String by;
        switch (source) {
            case "handler" -> {
                result = CaseRecord.text(execution.getVariable("handlingNotes"));
                by = people.nameOf(String.valueOf(execution.getVariable("handler")))
                        + "(" + execution.getVariable("triageLevelName") + ")";
            }
            case "escalation" -> {
                result = CaseRecord.text(execution.getVariable("escalationResult"));
                by = CaseRecord.text(execution.getVariable("settledLevelName"));
            }
            case "deliberation" -> {
                Map<?, ?> outcome = (Map<?, ?>) execution.getVariable("deliberationOutcome");
                Object detailVariable = outcome.get("detailVariable");
                Object detail = detailVariable == null ? null : execution.getVariable(String.valueOf(detailVariable));
                result = CaseRecord.text(outcome.get("label")) + (detail == null ? "" : ": " + detail);
                by = "社区协商议事 " + CaseRecord.text(execution.getVariable("deliberationCaseNumber"));
                execution.setVariable("deliberationResult", outcome.get("outcome"));
            }
            default -> throw new IllegalArgumentException("Unknown result source in the model: " + source);
        }
        execution.setVariable("concernResult", result);
        execution.setVariable("resolvedBy", by);
        Map<String, Object> entry = entry(execution, "settled");
        entry.put("source", source);
        entry.put("resolvedBy", by);
        entry.put("note", result);
        append(execution, entry);
    }

    /** The return visit (回访): satisfied or not, and why not. */
    public void recordRating(DelegateTask task) {
        Map<String, Object> entry = entry(task.getExecution(), "rated");
        entry.put("satisfied", task.getVariable("satisfied"));
        entry.put("note", "no".equals(task.getVariable("satisfied")) ? task.getVariable("dissatisfactionReason") : null);
        append(task.getExecution(), entry);
    }

    /** Not satisfied: back to dispatch, once (the model's gateway counts). */
    public void reopen(DelegateExecution execution) {
        int count = execution.getVariable("reopenCount") instanceof Number n ? n.intValue() : 0;
        execution.setVariable("reopenCount", count + 1);
        Map<String, Object> entry = entry(execution, "reopened");
        entry.put("note", execution.getVariable("dissatisfactionReason"));
        append(execution, entry);
        execution.removeVariable("satisfied");
    }

    private static Map<String, Object> entry(DelegateExecution execution, String step) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("step", step);
        var context = Context.getCommandContext();
        entry.put("by", context == null ? null : context.getAuthenticatedUserId());
        return entry;
    }

    private static void append(DelegateExecution execution, Map<String, Object> entry) {
        CaseRecord.append(execution.getProcessInstance(), LOG, entry);
    }
}
