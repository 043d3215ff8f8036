package cn.xieshang.deliberation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * 线上协商: what residents leave on a topic's public page (an opinion while step 2 gathers them, an objection during
 * step 7's publicity) and how the party committee reviews it. The public page posts an entry as a message to the
 * case ({@code OnlineOpinionPosted}, {@code OnlineObjectionPosted}) with the entry in the review's own scope
 * ({@code entryId}, {@code entryKind}, {@code entryText}, {@code entryName}); the review task
 * ({@code Task_ReviewOnlineOpinion}, {@code Task_ReviewOnlineObjection}) records it when it opens and the committee's
 * decision when it is completed. Both stay in the case's record: {@value #ENTRIES} (every entry, as written) and
 * {@value #MODERATIONS} (every review: kept, or hidden with the reason). A hidden entry is never shown publicly again.
 */
@Component("onlineEntryReview") // apart from the variable onlineEntries, which would shadow it in expressions
public class OnlineEntries {

    public static final String ENTRIES = "onlineEntries";
    public static final String MODERATIONS = "moderations";
    public static final String OPINION = "opinion";
    public static final String OBJECTION = "objection";
    /** How an online entry's author is named in the stakeholders' opinions. */
    public static final String ONLINE = "网上";

    private final Opinions opinions;
    private final PublicNotice notice;

    OnlineEntries(Opinions opinions, PublicNotice notice) {
        this.opinions = opinions;
        this.notice = notice;
    }

    /** What re-publishes a case's notice when an objection in it is hidden (the notice board). */
    public interface PublicNotice {
        void refresh(DelegateExecution execution);
    }

    /** When the review task opens: the entry goes into the record (an opinion also among the stakeholders' opinions). */
    public void record(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("entry", execution.getVariable("entryId"));
        entry.put("kind", execution.getVariable("entryKind"));
        entry.put("name", execution.getVariable("entryName"));
        entry.put("anonymous", Boolean.TRUE.equals(execution.getVariable("entryAnonymous")));
        entry.put("text", execution.getVariable("entryText"));
        CaseRecord.append(instance, ENTRIES, entry);
        execution.setVariableLocal("entryAt", CaseRecord.now());
        if (OPINION.equals(execution.getVariable("entryKind"))) {
            Map<String, Object> opinion = new LinkedHashMap<>();
            opinion.put("stakeholder", ONLINE);
            opinion.put("name", ONLINE + " · " + execution.getVariable("entryName"));
            opinion.put("opinion", execution.getVariable("entryText"));
            opinion.put("entry", execution.getVariable("entryId"));
            CaseRecord.append(instance, Opinions.OPINIONS, opinion);
            opinions.writeText(instance);
        }
    }

    /** When the committee completes the review: kept, or hidden with its reason. */
    public void moderate(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        boolean hide = "hide".equals(task.getVariable("entryDecision"));
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("entry", task.getVariable("entryId"));
        review.put("decision", hide ? "hide" : "keep");
        review.put("reason", hide ? task.getVariable("entryHideReason") : null);
        review.put("by", task.getAssignee());
        CaseRecord.append(instance, MODERATIONS, review);
        if (OPINION.equals(task.getVariable("entryKind"))) {
            opinions.writeText(instance);
        } else if (hide) {
            notice.refresh(instance);
        }
    }

    /** Why an entry is hidden, if the last review of it hid it. */
    public static Optional<String> hiddenBecause(Object moderations, Object entryId) {
        String reason = null;
        boolean hidden = false;
        for (Map<String, Object> review : CaseRecord.entries(moderations)) {
            if (entryId != null && String.valueOf(entryId).equals(String.valueOf(review.get("entry")))) {
                hidden = "hide".equals(review.get("decision"));
                reason = CaseRecord.text(review.get("reason"));
            }
        }
        return hidden ? Optional.of(reason) : Optional.empty();
    }
}
