package cn.xieshang.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The dashboard's steps come from the models: the deliberation's seven groups, the other processes' activities. */
class StepsTest {

    @Test
    void theDeliberationsStepsAreItsSevenGroupsInOrder_eachActivityInTheGroupDrawnAroundIt() throws IOException {
        Steps steps = Steps.of(model("processes/deliberation.bpmn"), "deliberation");

        assertThat(steps.steps()).extracting(Steps.Step::name).containsExactly("第一步 多种渠道“提议题”",
                "第二步 多方恳谈“出主意”", "第三步 议事组织“出方案”", "第四步 多方协商“达共识”", "第五步 居民表决“定结果”",
                "第六步 社区督促“抓落实”", "第七步 张榜公示“受监督”");
        assertThat(steps.stepOf()).containsEntry("Task_ReviewTopic", "Group_RaiseTopics")
                .containsEntry("Task_GiveOpinion", "Group_GatherIdeas")
                .containsEntry("Task_DraftPlan", "Group_DraftPlan")
                .containsEntry("Task_HoldConsultation", "Group_ReachConsensus")
                .containsEntry("Task_RecordVote", "Group_Vote")
                .containsEntry("Task_ReportProgress", "Group_Implement")
                .containsEntry("Task_HandleObjection", "Group_Publicise");
        // every flow node is in one of the seven steps: none is a step of its own
        assertThat(steps.stepOf().values()).allMatch(step -> step.startsWith("Group_"));
    }

    @Test
    void aProcessWithoutGroupsHasItsActivitiesAsSteps_namedAsTheModelNamesThem() throws IOException {
        Steps steps = Steps.of(model("processes/concern.bpmn"), "concern");

        assertThat(steps.steps()).anySatisfy(s -> {
            assertThat(s.id()).isEqualTo("Task_DispatchConcern");
            assertThat(s.name()).isEqualTo("交办诉求");
            assertThat(s.shown()).isTrue();
        });
        assertThat(steps.stepOf()).containsEntry("Call_Escalation", "Call_Escalation");
    }

    private static BpmnModelInstance model(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return Bpmn.readModelFromStream(in);
        }
    }
}
