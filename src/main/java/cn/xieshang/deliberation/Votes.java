package cn.xieshang.deliberation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Step 5, 居民表决"定结果": every vote with the verdict the model's decision {@code vote-outcome} gave it (the 2/3 rule
 * lives there), kept in {@code votes} (the bean is named apart from the variable, which would hide it) so that a vote that failed stays in the record after a redraft and a new vote.
 */
@Component("voteRecord")
public class Votes {

    public static final String VOTES = "votes";
    static final List<String> COUNTS = List.of("seatedRepresentatives", "presentRepresentatives", "votesFor",
            "votesAgainst", "votesAbstain", "voteNotes");

    public void record(DelegateExecution execution) {
        var instance = execution.getProcessInstance();
        Map<String, Object> vote = new LinkedHashMap<>();
        vote.put("round", CaseRecord.read(instance.getVariable(VOTES)).size() + 1);
        vote.put("planVersion", instance.getVariable("planVersion"));
        COUNTS.forEach(name -> vote.put(name, instance.getVariable(name)));
        vote.put("passed", instance.getVariable("votePassed"));
        vote.put("result", instance.getVariable("voteResult"));
        CaseRecord.append(instance, VOTES, vote);
    }
}
