package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** REST authenticated, authorizations on, communities isolated from each other. */
class SecurityTest extends IntegrationTest {

    @Autowired
    FilterService filterService;

    @Test
    void restWithoutCredentialsIsRefused() {
        for (String path : List.of("/engine-rest/task", "/engine-rest/process-definition", "/engine-rest/user",
                "/engine-rest/history/process-instance", "/engine-rest/process-instance")) {
            assertThat(anonymousClient().get(path).status()).as(path).isEqualTo(401);
        }
        Rest.Reply start = anonymousClient().post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(topic("未登录提交")));
        assertThat(start.status()).isEqualTo(401);
    }

    @Test
    void restWithAWrongPasswordIsRefused() {
        // a user no other test logs in as: a wrong password delays that user's next logins
        assertThat(new Rest(port, "smj2-npc-deputy", "wrong").get("/engine-rest/task").status()).isEqualTo(401);
        assertThat(new Rest(port, "nobody-at-all", "demo").get("/engine-rest/task").status()).isEqualTo(401);
    }

    @Test
    void aCommunityCannotSeeOrTouchAnotherCommunitysCases() {
        String id = raise("ljy3-resident", topic("老军营三社区的楼道照明"));
        Task review = task(id);
        Rest other = as("smj2-party-committee");

        assertThat(ids(other.get("/engine-rest/task").json())).doesNotContain(review.getId());
        assertThat(other.get("/engine-rest/task/" + review.getId()).status()).isEqualTo(404);
        assertThat(ids(other.get("/engine-rest/process-instance").json())).doesNotContain(id);
        assertThat(other.get("/engine-rest/process-instance/" + id).status()).isEqualTo(404);
        assertThat(other.get("/engine-rest/process-instance/" + id + "/variables").status()).isIn(403, 404, 500);
        assertThat(ids(other.get("/engine-rest/history/process-instance").json())).doesNotContain(id);
        assertThat(ids(other.get("/engine-rest/history/task").json())).doesNotContain(review.getId());
        assertThat(other.get("/engine-rest/history/variable-instance?processInstanceId=" + id).json()).isEmpty();

        Rest.Reply complete = other.post("/engine-rest/task/" + review.getId() + "/submit-form",
                Rest.variables(Map.of("decision", "reject", "rejectionReason", "越权操作")));
        assertThat(complete.status()).as(complete.body()).isEqualTo(404);
        assertThat(complete.body()).doesNotContain(review.getId());
        assertThat(task(id).getId()).isEqualTo(review.getId());
        assertThat(runtimeService.getVariable(id, "decision")).isNull();

        // the same role in the right community does see it
        assertThat(ids(as("ljy3-party-committee").get("/engine-rest/task").json())).contains(review.getId());
    }

    @Test
    void streetsSeeTheirOwnCommunitiesAndTheDistrictSeesAll() {
        String laojunying = raise("ljy3-resident", topic("老军营小区停车难"));
        String shangmajie = raise("smj2-resident", topic("上马街二社区下水道堵塞"));

        List<String> laojunyingStreet = ids(as("laojunying-street").get("/engine-rest/process-instance").json());
        List<String> yingzeStreet = ids(as("yingze-street").get("/engine-rest/process-instance").json());
        List<String> district = ids(as("district").get("/engine-rest/process-instance?maxResults=10000").json());

        assertThat(laojunyingStreet).contains(laojunying).doesNotContain(shangmajie);
        assertThat(yingzeStreet).contains(shangmajie).doesNotContain(laojunying);
        assertThat(district).contains(laojunying, shangmajie);
    }

    @Test
    void aWrongRoleCannotCompleteTheAcceptanceTask() {
        String id = raise("ljy3-resident", topic("小区健身器材损坏"));
        Task review = task(id);
        for (String wrongRole : List.of("ljy3-resident", "ljy3-grid-worker", "ljy3-property-company")) {
            Rest.Reply reply = as(wrongRole).post("/engine-rest/task/" + review.getId() + "/submit-form",
                    Rest.variables(Map.of("decision", "reject", "rejectionReason", "无权处理")));
            assertThat(reply.status()).as(wrongRole + ": " + reply.body()).isIn(403, 404);
        }
        Rest.Reply claim = as("ljy3-resident").post("/engine-rest/task/" + review.getId() + "/claim",
                Map.of("userId", "ljy3-resident"));
        assertThat(claim.status()).isIn(403, 404);
        assertThat(task(id).getAssignee()).isNull();
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
    }

    @Test
    void variablesChangeOnlyThroughTheForms() {
        String id = raise("ljy3-resident", topic("绕过表单改变量"));
        Task review = task(id);
        Rest committee = as("ljy3-party-committee");

        Rest.Reply taskVariable = committee.put("/engine-rest/task/" + review.getId() + "/variables/decision",
                Map.of("value", "accept", "type", "String"));
        Rest.Reply modify = committee.post("/engine-rest/task/" + review.getId() + "/variables",
                Map.of("modifications", Map.of("title", Map.of("value", "<b>改过的标题</b>"))));
        Rest.Reply instanceVariable = committee.put("/engine-rest/process-instance/" + id + "/variables/title",
                Map.of("value", "改过的标题", "type", "String"));

        assertThat(taskVariable.status()).as(taskVariable.body()).isEqualTo(400);
        assertThat(taskVariable.body()).contains("只能通过表单");
        assertThat(modify.status()).isEqualTo(400);
        assertThat(instanceVariable.status()).isIn(400, 403);
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
        assertThat(runtimeService.getVariable(id, "title")).isEqualTo("绕过表单改变量");
        // the administrator keeps the repair tools
        Rest.Reply admin = as("admin")
                .put("/engine-rest/process-instance/" + id + "/variables/location", Map.of("value", "水利大厦宿舍3号楼", "type", "String"));
        assertThat(admin.status()).as(admin.body()).isEqualTo(204);
        assertThat(runtimeService.getVariable(id, "location")).isEqualTo("水利大厦宿舍3号楼");
    }

    @Test
    void nobodyStartsACaseInACommunityTheyDoNotBelongTo() {
        Map<String, Object> values = topic("替别的社区提议题");
        values.put("communityId", "shangmajie-2");
        long before = historyService.createHistoricProcessInstanceQuery().tenantIdIn("shangmajie-2").count();

        Rest.Reply reply = as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(values));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).contains("communityId").contains("shangmajie-2");
        assertThat(historyService.createHistoricProcessInstanceQuery().tenantIdIn("shangmajie-2").count())
                .isEqualTo(before);
    }

    @Test
    void streetStaffNameTheCommunityOfTheirCase() {
        Map<String, Object> values = topic("街道转来的议题");
        Rest.Reply unnamed = as("laojunying-street").post(
                "/engine-rest/process-definition/key/deliberation/submit-form", Rest.variables(values));
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.body()).contains("communityId");

        values.put("communityId", "laojunying-3");
        String id = raise("laojunying-street", values);
        assertThat(task(id).getTenantId()).isEqualTo("laojunying-3");
    }

    @Test
    void theFirstAdminSetupPageIsClosed() {
        Rest.Reply reply = anonymousClient().post("/camunda/api/admin/setup/default/user/create",
                Map.of("profile", Map.of("id", "intruder", "firstName", "x", "lastName", "y"),
                        "credentials", Map.of("password", "intruder-password")));
        assertThat(reply.status()).isBetween(400, 499);
        assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
    }

    @Test
    void everyRoleHasTasklistFiltersAndManagersHaveCockpit() {
        List<String> filters = names(as("ljy3-resident-representative").get("/engine-rest/filter").json());
        assertThat(filters).contains(TasklistFilters.MY_TASKS, TasklistFilters.GROUP_TASKS, TasklistFilters.OVERDUE);

        String id = raise("ljy3-resident", topic("逾期未处理的议题"));
        String groupFilter = filterService.createFilterQuery().filterName(TasklistFilters.GROUP_TASKS).singleResult().getId();
        String overdueFilter = filterService.createFilterQuery().filterName(TasklistFilters.OVERDUE).singleResult().getId();
        Rest committee = as("ljy3-party-committee");
        assertThat(ids(committee.get("/engine-rest/filter/" + groupFilter + "/list").json())).contains(task(id).getId());
        assertThat(ids(committee.get("/engine-rest/filter/" + overdueFilter + "/list").json())).doesNotContain(task(id).getId());
        // five days pass without a decision
        taskService.setDueDate(task(id).getId(), new java.util.Date(System.currentTimeMillis() - 60_000));
        assertThat(ids(committee.get("/engine-rest/filter/" + overdueFilter + "/list").json())).contains(task(id).getId());
        assertThat(ids(as("smj2-party-committee").get("/engine-rest/filter/" + overdueFilter + "/list").json()))
                .doesNotContain(task(id).getId());

        assertThat(login("ljy3-resident", "tasklist")).isEqualTo(200);
        assertThat(login("ljy3-resident", "cockpit")).isEqualTo(403);
        assertThat(login("ljy3-party-committee", "cockpit")).isEqualTo(200);
        assertThat(login("district", "cockpit")).isEqualTo(200);
        assertThat(login("ljy3-resident", "admin")).isEqualTo(403);
    }

    /** Logs in to a webapp as a browser does: fetch the CSRF token cookie, then post the form with it. */
    private int login(String user, String app) {
        try {
            var cookies = new java.net.CookieManager();
            var http = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
            String base = "http://localhost:" + port + "/camunda";
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/app/" + app + "/default/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            String token = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
            var request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/api/admin/auth/user/default/login/" + app))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + DEMO_PASSWORD))
                    .build();
            return http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }
}
