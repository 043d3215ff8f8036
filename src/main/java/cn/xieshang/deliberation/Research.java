package cn.xieshang.deliberation;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/** The research gate (不调研不协商): what was filed, summarised for the stakeholders who give opinions. */
@Component("research")
public class Research {

    private final People people;
    private final Lists lists;

    Research(People people, Lists lists) {
        this.people = people;
        this.lists = lists;
    }

    public void record(DelegateTask task) {
        List<String> parts = new ArrayList<>();
        List<String> methods = lists.of(task.getVariable("researchMethods"));
        if (methods.contains("site-visit")) {
            parts.add("实地走访: " + task.getVariable("siteVisitNotes"));
        }
        if (methods.contains("questionnaire")) {
            parts.add("问卷调查(" + task.getVariable("respondents") + " 份): " + task.getVariable("questionnaireSummary"));
        }
        String by = task.getAssignee() != null ? task.getAssignee()
                : org.camunda.bpm.engine.impl.context.Context.getCommandContext().getAuthenticatedUserId();
        task.setVariable("researchFiledBy", by == null ? "" : people.nameOf(by));
        task.setVariable("researchSummary", String.join("; ", parts));
    }
}
