package cn.xieshang.consultation;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * The research gate (不调研不协商、调研不透不协商): every filing is kept in {@code researchRounds}, every verdict of
 * the organiser in {@code researchReviews}; {@code researchSummary} is the latest filing as the meeting sees it.
 */
@Component("consultationResearch")
public class ConsultationResearch {

    public static final String ROUNDS = "researchRounds";
    public static final String REVIEWS = "researchReviews";

    private final People people;

    ConsultationResearch(People people) {
        this.people = people;
    }

    public void record(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        String by = actor(task);
        Map<String, Object> round = new LinkedHashMap<>();
        int number = CaseRecord.read(instance.getVariable(ROUNDS)).size() + 1;
        round.put("round", number);
        round.put("siteVisits", task.getVariable("siteVisits"));
        round.put("respondents", task.getVariable("respondents"));
        round.put("questionnaireSummary", task.getVariable("questionnaireSummary"));
        round.put("researchFindings", task.getVariable("researchFindings"));
        round.put("filedBy", by);
        CaseRecord.append(instance, ROUNDS, round);
        List<String> parts = new ArrayList<>();
        parts.add("实地走访: " + task.getVariable("siteVisits"));
        parts.add("问卷调查(" + task.getVariable("respondents") + " 份): " + task.getVariable("questionnaireSummary"));
        Object findings = task.getVariable("researchFindings");
        if (findings instanceof String text && !text.isBlank()) {
            parts.add("主要问题和初步建议: " + text);
        }
        instance.setVariable("researchSummary", String.join("; ", parts));
        instance.setVariable("researchRound", number);
        instance.setVariable("researchFiledBy", by);
    }

    public void review(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("round", instance.getVariable("researchRound"));
        verdict.put("sufficient", task.getVariable("researchSufficient"));
        verdict.put("feedback", "no".equals(task.getVariable("researchSufficient")) ? task.getVariable("researchFeedback") : null);
        verdict.put("by", actor(task));
        CaseRecord.append(instance, REVIEWS, verdict);
    }

    private String actor(DelegateTask task) {
        String user = task.getAssignee() != null ? task.getAssignee()
                : Context.getCommandContext().getAuthenticatedUserId();
        return user == null ? "" : people.nameOf(user);
    }
}
