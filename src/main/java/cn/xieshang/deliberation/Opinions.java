package cn.xieshang.deliberation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.Spin;
import org.springframework.stereotype.Component;

/**
 * Step 2, 多方恳谈"出主意": each stakeholder's opinion goes into {@code opinions}; when the step closes, those who
 * did not answer in time are listed in {@code missingOpinions}, so the record says the step went on without them.
 */
@Component("stakeholderOpinions")
public class Opinions {

    public static final String OPINIONS = "opinions";
    public static final String MISSING = "missingOpinions";

    private final People people;
    private final Lists lists;

    Opinions(People people, Lists lists) {
        this.people = people;
        this.lists = lists;
    }

    /** On completing a stakeholder's opinion task ({@code opinion} is local to that stakeholder's branch). */
    public void record(DelegateTask task) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("stakeholder", task.getAssignee());
        entry.put("name", people.nameOf(task.getAssignee()));
        entry.put("opinion", task.getVariable("opinion")); // local to this stakeholder's execution (input mapping)
        DelegateExecution instance = task.getExecution().getProcessInstance();
        CaseRecord.append(instance, OPINIONS, entry);
        writeText(instance);
    }

    /**
     * {@code opinionsText}, what the summary task shows: every opinion, the stakeholders' and the residents' online
     * ones ({@link OnlineEntries}), a hidden online one marked with the committee's reason.
     */
    void writeText(DelegateExecution instance) {
        Object moderations = instance.getVariable(OnlineEntries.MODERATIONS);
        instance.setVariable("opinionsText", CaseRecord.entries(instance.getVariable(OPINIONS)).stream()
                .map(o -> "- " + o.get("name") + (o.get("entry") == null ? "" : "(" + o.get("entry")
                        + OnlineEntries.hiddenBecause(moderations, o.get("entry")).map(r -> ", 已隐藏: " + r).orElse("") + ")")
                        + ": " + o.get("opinion"))
                .collect(Collectors.joining("\n")));
    }

    /** When the opinions are summarised: who was asked and did not answer. */
    public void markMissing(DelegateExecution execution) {
        Set<String> answered = CaseRecord.entries(execution.getVariable(OPINIONS)).stream()
                .map(o -> String.valueOf(o.get("stakeholder"))).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String stakeholder : lists.of(execution.getVariable("stakeholders"))) {
            if (!answered.contains(stakeholder)) {
                missing.add(stakeholder);
            }
        }
        execution.setVariable(MISSING, Spin.JSON(missing));
        execution.setVariable("missingOpinionsText", missing.isEmpty() ? "无"
                : missing.stream().map(people::nameOf).collect(Collectors.joining("、")) + "(已按期限继续, 未等待其意见)");
        if (execution.getVariable("opinionsText") == null) {
            execution.setVariable("opinionsText", "(无人提交意见)");
        }
    }
}
