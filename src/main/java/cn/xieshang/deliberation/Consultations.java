package cn.xieshang.deliberation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * Step 4, 多方协商"达共识": each meeting is a round in {@code consultations}, counted in {@code consultationRound}
 * (the model's gateway compares it with the maximum number of rounds).
 */
@Component("consultationRounds")
public class Consultations {

    public static final String ROUNDS = "consultations";

    public void record(DelegateTask task) {
        var instance = task.getExecution().getProcessInstance();
        Map<String, Object> round = new LinkedHashMap<>();
        int number = CaseRecord.read(instance.getVariable(ROUNDS)).size() + 1;
        round.put("round", number);
        round.put("planVersion", instance.getVariable("planVersion"));
        round.put("attendees", task.getVariable("attendees"));
        round.put("discussion", task.getVariable("discussion"));
        round.put("consensus", task.getVariable("consensus"));
        CaseRecord.append(instance, ROUNDS, round);
        instance.setVariable("consultationRound", number);
        instance.setVariable("lastDiscussion", task.getVariable("discussion"));
    }
}
