package cn.xieshang.deliberation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * Step 3, 议事组织"出方案": every draft is kept in {@code planVersions}; {@code planVersion} numbers the current
 * one, whose fields ({@code planContent}, {@code costBearer}, {@code planImplementer}, {@code plannedCompletion})
 * the later steps show.
 */
@Component("plans")
public class PlanVersions {

    public static final String VERSIONS = "planVersions";

    public void recordVersion(DelegateTask task) {
        Map<String, Object> version = new LinkedHashMap<>();
        for (String field : new String[] {"planContent", "costBearer", "planImplementer", "plannedCompletion", "changeNote"}) {
            version.put(field, task.getVariable(field));
        }
        version.put("author", org.camunda.bpm.engine.impl.context.Context.getCommandContext().getAuthenticatedUserId());
        var instance = task.getExecution().getProcessInstance();
        int number = CaseRecord.read(instance.getVariable(VERSIONS)).size() + 1;
        version.put("version", number);
        CaseRecord.append(instance, VERSIONS, version);
        instance.setVariable("planVersion", number);
    }
}
