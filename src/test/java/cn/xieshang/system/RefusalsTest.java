package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is a clear 4xx with a short body: another community's object does not exist (404, through
 * /engine-rest and through the webapps' own REST), malformed values are the client's error (400), and an ended
 * task is gone (404).
 */
class RefusalsTest extends IntegrationTest {

    private static final Map<String, String> CONTENT = Map.of("decision", "reject", "rejectionReason", "不属于本社区协商范围");

    @Test
    void anotherCommunitysTaskAndCaseDoNotExistForEngineRest() {
        String id = raise("ljy3-resident", topic("老军营三社区的单元门禁损坏"));
        Task review = task(id);
        Rest other = as("smj2-party-committee");

        assertNotFound(other.get("/engine-rest/task/" + review.getId() + "/variables"), review.getId());
        assertNotFound(other.get("/engine-rest/task/" + review.getId() + "/form-variables"), review.getId());
        assertNotFound(other.get("/engine-rest/task/" + review.getId() + "/deployed-form"), review.getId());
        assertNotFound(other.get("/engine-rest/process-instance/" + id + "/variables"), id);
        assertNotFound(other.post("/engine-rest/task/" + review.getId() + "/claim", "{\"userId\":\"smj2-party-committee\"}"),
                review.getId());
        assertNotFound(other.delete("/engine-rest/process-instance/" + id), id);

        assertThat(task(id).getAssignee()).isNull();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isOne();
    }

    @Test
    void anotherCommunitysTaskAndCaseDoNotExistForTasklistAndCockpit() {
        String id = raise("ljy3-resident", topic("老军营三社区的化粪池外溢"));
        Task review = task(id);
        WebappSession tasklist = new WebappSession(port, "smj2-party-committee", DEMO_PASSWORD, "tasklist");
        WebappSession cockpit = new WebappSession(port, "smj2-party-committee", DEMO_PASSWORD, "cockpit");

        assertNotFound(tasklist.get("/task/" + review.getId() + "/variables"), review.getId());
        assertNotFound(tasklist.get("/task/" + review.getId() + "/form-variables"), review.getId());
        assertNotFound(tasklist.get("/task/" + review.getId() + "/deployed-form"), review.getId());
        assertNotFound(tasklist.post("/task/" + review.getId() + "/claim", "{\"userId\":\"smj2-party-committee\"}"),
                review.getId());
        assertNotFound(cockpit.get("/process-instance/" + id + "/variables"), id);
        assertNotFound(cockpit.delete("/process-instance/" + id), id);

        assertThat(task(id).getAssignee()).isNull();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isOne();
        // and the community's own people still work through the same API
        WebappSession own = new WebappSession(port, "ljy3-party-committee", DEMO_PASSWORD, "tasklist");
        assertThat(own.get("/task/" + review.getId() + "/form-variables").status()).isEqualTo(200);
    }

    @Test
    void anEndedTaskIsGone() {
        String id = raise("ljy3-resident", topic("翠屏北路夜间施工扰民"));
        Task review = task(id);
        Rest committee = as("ljy3-party-committee");
        assertThat(committee.post("/engine-rest/task/" + review.getId() + "/submit-form", Rest.variables(CONTENT))
                .status()).isEqualTo(204);

        Rest.Reply again = committee.post("/engine-rest/task/" + review.getId() + "/submit-form", Rest.variables(CONTENT));
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        assertThat(again.json().path("message").asText()).containsPattern("\\p{IsHan}");
        Rest.Reply complete = committee.post("/engine-rest/task/" + review.getId() + "/complete", "{}");
        assertThat(complete.status()).as(complete.body()).isEqualTo(404);
    }

    @Test
    void aDeeplyNestedJsonValueIsRefused() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        assertRefused(body -> body.putObject("stakeholders").put("value", nested).put("type", "Json"));
    }

    @Test
    void aSerializedJavaObjectIsRefused() {
        assertRefused(body -> body.putObject("stakeholders").put("value", "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==")
                .put("type", "Object").putObject("valueInfo")
                .put("serializationDataFormat", "application/x-java-serialized-object")
                .put("objectTypeName", "java.util.HashMap"));
    }

    @Test
    void tenThousandUnknownVariablesGetAShortAnswer() {
        ObjectNode body = Rest.variables(topic("兆阳小区停车位不足"));
        ObjectNode variables = (ObjectNode) body.get("variables");
        for (int i = 0; i < 10_000; i++) {
            variables.putObject("unknownVariable" + i).put("value", "x");
        }
        Rest.Reply reply = as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/submit-form", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().length()).isLessThan(4096);
        assertThat(reply.json().path("message").asText()).contains("unknownVariable", "共 10000 项");
    }

    /** A refused value on the review task: 400, a short message, the task untouched. */
    private void assertRefused(Function<ObjectNode, ?> spoil) {
        String id = raise("ljy3-resident", topic("西北新村路灯不亮"));
        Task review = task(id);
        ObjectNode body = Rest.variables(Map.of("decision", "accept", "researchers", List.of("ljy3-grid-worker")));
        spoil.apply((ObjectNode) body.get("variables"));

        Rest.Reply reply = as("ljy3-party-committee").post("/engine-rest/task/" + review.getId() + "/submit-form", body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body().length()).isLessThan(4096);
        assertThat(task(id).getId()).isEqualTo(review.getId());
    }

    private static void assertNotFound(Rest.Reply reply, String id) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.body()).doesNotContain(id).doesNotContain("ENGINE-13034");
    }
}
