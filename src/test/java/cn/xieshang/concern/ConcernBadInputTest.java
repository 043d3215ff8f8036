package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input, at the start and at dispatch, over REST: 400 naming the field, and nothing stored. */
class ConcernBadInputTest extends ConcernWalk {

    @Test
    void anUnknownCategoryScopeOrChannel() {
        rejected(v -> v.put("category", "weather"), "category", "不是可选的值");
        rejected(v -> v.put("scope", "planet"), "scope", "不是可选的值");
        rejected(v -> v.put("channel", "pigeon"), "channel", "不是可选的值");
    }

    @Test
    void markupAndHugeText() {
        rejected(v -> v.put("title", "<script>alert(1)</script>下水道"), "title", "格式不正确");
        rejected(v -> v.put("party", "<b>物业</b>"), "party", "格式不正确");
        rejected(v -> v.put("description", "臭".repeat(200_000)), "description", "最多 2000 个字");
    }

    @Test
    void missingFieldsAndUnknownOnes() {
        rejected(v -> v.remove("urgency"), "urgency", "必填");
        rejected(v -> v.remove("requesterContact"), "requesterContact", "必填");
        rejected(v -> v.put("hotlineTicket", "12345; DROP"), "hotlineTicket", "格式不正确");
        rejected(v -> v.put("reopenCount", 5), "reopenCount", "未知字段");
        rejected(v -> v.put("communityId", "shangmajie-2"), "communityId", "shangmajie-2");
    }

    @Test
    void aDispatchWithoutAHandler_aHandlerFromElsewhere_aDeadlineInThePast_orAnUnexplainedEscalation() {
        String id = raiseConcern(RESIDENT, concern("小区东门路灯损坏"));
        dispatchRejected(id, Map.of("dispatchDecision", "assign", "handler", ""), "handler", "必填");
        dispatchRejected(id, Map.of("dispatchDecision", "assign", "handler", "smj2-grid-worker"), "handler",
                "smj2-grid-worker");
        dispatchRejected(id, Map.of("dispatchDecision", "assign", "handler", GRID_WORKER,
                "handlerDeadline", today().minusDays(1).toString()), "handlerDeadline", "不能早于今天");
        dispatchRejected(id, Map.of("dispatchDecision", "assign", "handler", GRID_WORKER,
                "handlerDeadline", "下周一"), "handlerDeadline", "应为日期");
        dispatchRejected(id, Map.of("dispatchDecision", "escalate"), "dispatchNote", "写明理由");
        dispatchRejected(id, Map.of("dispatchDecision", "assign", "handler", GRID_WORKER,
                "dispatchNote", "请尽快<img src=x>"), "dispatchNote", "格式不正确");

        assertThat(waitingAt(id)).containsExactly("Task_DispatchConcern");
        assertThat(variable(id, "handler")).isNull();
        assertThat(variable(id, "dispatchDecision")).isNull();
        assertThat(variable(id, Concerns.LOG)).isNull();
        // another community's staff cannot dispatch it at all
        Rest.Reply foreign = submit("smj2-residents-committee", id, "Task_DispatchConcern",
                Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        assertThat(foreign.status()).isEqualTo(404);
    }

    private void dispatchRejected(String id, Map<String, Object> values, String field, String problem) {
        Rest.Reply reply = submit(DISPATCHER, id, "Task_DispatchConcern", values);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains(field).contains(problem);
    }

    private void rejected(Consumer<Map<String, Object>> spoil, String field, String problem) {
        Map<String, Object> values = concern("合格的诉求标题");
        spoil.accept(values);
        long instances = historyService.createHistoricProcessInstanceQuery().count();
        long variables = historyService.createHistoricVariableInstanceQuery().count();
        long jobs = managementService.createJobQuery().count();

        Rest.Reply reply = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(values));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains("(" + field + ")").contains(problem);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
        assertThat(historyService.createHistoricVariableInstanceQuery().count()).isEqualTo(variables);
        assertThat(managementService.createJobQuery().count()).isEqualTo(jobs);
    }
}
