package cn.xieshang.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Tasklist checks forms in the browser only; REST clients bypass it. Every rule the form declares is enforced on
 * the server, with a 400 that names the field, and nothing stored.
 */
class BadInputTest extends IntegrationTest {

    @Test
    void aMissingTitle() {
        rejected(v -> v.remove("title"), "title", "必填");
    }

    @Test
    void aBlankTitle() {
        rejected(v -> v.put("title", "   "), "title", "必填");
    }

    @Test
    void aHundredKilobyteTitle() {
        rejected(v -> v.put("title", "长".repeat(100 * 1024)), "title", "最多 100 个字");
    }

    @Test
    void markupInTheTitleOrDescription() {
        rejected(v -> v.put("title", "<script>alert('x')</script>议题"), "title", "格式不正确");
        rejected(v -> v.put("description", "见附件 <img src=x onerror=alert(1)>"), "description", "格式不正确");
    }

    @Test
    void wrongTypes() {
        rejected(v -> v.put("title", 12345), "title", "应为文本");
        rejected(v -> v.put("anonymous", "yes"), "anonymous", "应为是/否");
        rejected(v -> v.put("category", "weather"), "category", "不是可选的值");
        rejected(v -> v.put("channel", 7), "channel", "不是可选的值");
    }

    @Test
    void aMalformedPhoneNumber() {
        rejected(v -> v.put("requesterContact", "call me maybe"), "requesterContact", "格式不正确");
    }

    @Test
    void aNamedRequesterMustLeaveNameAndContact() {
        rejected(v -> v.remove("requesterName"), "requesterName", "必填");
        rejected(v -> v.remove("requesterContact"), "requesterContact", "必填");
    }

    @Test
    void anUnknownCommunity() {
        rejected(v -> v.put("communityId", "atlantis"), "communityId", "未知社区");
        rejected(v -> v.put("communityId", 42), "communityId", "应为文本");
    }

    @Test
    void anUnknownField() {
        rejected(v -> v.put("tenantId", "shangmajie-2"), "tenantId", "未知字段");
    }

    @Test
    void theSameRulesOnThePlainStartEndpoint() {
        Map<String, Object> values = topic("");
        Rest.Reply reply = as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/start",
                Rest.variables(values));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains("title");
    }

    @Test
    void severalProblemsAreReportedTogether() {
        Rest.Reply reply = start(Map.of("title", "x"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText())
                .contains("title", "description", "location", "category", "channel");
    }

    private void rejected(Consumer<Map<String, Object>> spoil, String field, String problem) {
        Map<String, Object> values = topic("合格的议题标题");
        spoil.accept(values);
        long instances = historyService.createHistoricProcessInstanceQuery().count();
        long variables = historyService.createHistoricVariableInstanceQuery().count();
        long jobs = managementService.createJobQuery().count();

        Rest.Reply reply = start(values);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        String message = reply.json().get("message").asText();
        assertThat(message).contains("(" + field + ")").contains(problem);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(instances);
        assertThat(historyService.createHistoricVariableInstanceQuery().count()).isEqualTo(variables);
        assertThat(managementService.createJobQuery().count()).isEqualTo(jobs);
    }

    private Rest.Reply start(Map<String, Object> values) {
        return as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(values));
    }
}
