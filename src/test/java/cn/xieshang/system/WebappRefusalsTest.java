package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Tasklist starts cases and submits forms through the webapps' own REST API, not {@code /engine-rest}: a refusal
 * there reads as our rule only (Tasklist puts the message after its own label), without the engine's wording and ids.
 */
class WebappRefusalsTest extends IntegrationTest {

    @Test
    void aRefusedStartAnswers400WithOnlyTheRule() {
        WebappSession resident = WebappSession.logIn(port, "ljy3-resident", DEMO_PASSWORD);
        String definitionId = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("deliberation").latestVersion().singleResult().getId();
        Map<String, Object> values = topic("去别的社区提议题");
        values.put("communityId", "shangmajie-2");

        Rest.Reply reply = resident.post("/process-definition/" + definitionId + "/submit-form",
                Rest.variables(values));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText())
                .isEqualTo("输入有误: 字段「所属社区(communityId)」: 您不属于社区 shangmajie-2");

        values = topic("短");
        reply = resident.post("/process-definition/" + definitionId + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).startsWith("输入有误: 字段「议题标题(title)」至少 4 个字")
                .doesNotContain(definitionId, "Cannot", "Exception");
    }

    @Test
    void aRefusedTaskFormAnswers400WithOnlyTheRule() {
        String id = raise("ljy3-resident", topic("楼道声控灯不亮"));
        Task review = task(id);
        taskService.claim(review.getId(), "ljy3-party-committee");
        WebappSession committee = WebappSession.logIn(port, "ljy3-party-committee", DEMO_PASSWORD);

        Rest.Reply reply = committee.post("/task/" + review.getId() + "/submit-form",
                Rest.variables(Map.of("decision", "merge", "mergedInto", "YT-20260101-ZZZZZZ")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).startsWith("输入有误: ").contains("(mergedInto)")
                .doesNotContain(review.getId(), "Cannot", "Exception");
        assertThat(task(id).getId()).isEqualTo(review.getId());
    }

    @Test
    void otherAnswersOfTheWebappsApiAreCamundasOwn() {
        WebappSession committee = WebappSession.logIn(port, "ljy3-party-committee", DEMO_PASSWORD);
        assertThat(committee.get("/task/no-such-task").status()).isEqualTo(404);
        assertThat(committee.get("/task?maxResults=1").status()).isEqualTo(200);
    }
}
