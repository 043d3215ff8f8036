package cn.xieshang.open311;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.validation.FormLabels;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Open311 GeoReport v2 as a city app calls it: the services read from the form, filing with the demo's integrator
 * key, following a concern from filing to its end, the spec's error format with nothing stored, and never a
 * requester's or user's identity in any answer.
 */
class Open311Test extends IntegrationTest {

    static final String KEY = "demo-open311-key"; // application-demo.yaml: ljy3-residents-committee
    static final String BASE = "/open311/v2/";
    static final String DISPATCHER = "ljy3-residents-committee";
    static final String GRID_WORKER = "ljy3-grid-worker";
    /** What must never appear in an answer: the requester's identity and the users' ids. */
    static final List<String> PRIVATE = List.of("欧阳", "明月", "13812345678", "ouyang.mingyue@example.cn", "司马",
            "13998765432", "ljy3-", "smj2-", "resident", "committee", "grid-worker");

    Rest.Reply post(Map<String, String> params) {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return anonymousClient().send("POST", BASE + "requests.json", "application/x-www-form-urlencoded", body);
    }

    /** A named concern as a city app files it, with every attribute the service definition asks for. */
    static Map<String, String> named(String title) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("api_key", KEY);
        p.put("jurisdiction_id", "laojunying-3");
        p.put("service_code", "environment");
        p.put("description", "下水井堵了好几年, 天还不热就散发出臭味。");
        p.put("address_string", "农场小区3号楼北侧");
        p.put("lat", "37.86");
        p.put("long", "112.55");
        p.put("first_name", "明月");
        p.put("last_name", "欧阳");
        p.put("phone", "13812345678");
        p.put("email", "ouyang.mingyue@example.cn");
        p.put("attribute[title]", title);
        p.put("attribute[scope]", "building");
        p.put("attribute[urgency]", "normal");
        p.put("attribute[channel]", "online");
        return p;
    }

    static void assertNothingPrivate(Rest.Reply reply) {
        assertThat(PRIVATE).allSatisfy(s -> assertThat(reply.body()).as("answer " + reply.body()).doesNotContain(s));
    }

    static void assertError(Rest.Reply reply, int code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(code);
        JsonNode errors = reply.json();
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.get(0).path("code").asInt()).isEqualTo(code);
        assertThat(errors.get(0).path("description").asText()).matches(".*\\p{IsHan}.*"); // in Chinese
    }

    String file(Map<String, String> params) {
        Rest.Reply reply = post(params);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertNothingPrivate(reply);
        JsonNode answer = reply.json().get(0);
        assertThat(answer.path("service_notice").asText()).contains(answer.path("service_request_id").asText());
        assertThat(answer.has("account_id")).isTrue();
        return answer.path("service_request_id").asText();
    }

    String instance(String caseNumber) {
        return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).singleResult().getId();
    }

    JsonNode read(String caseNumber, boolean withKey) {
        Rest.Reply reply = anonymousClient().get(BASE + "requests/" + caseNumber + ".json" + (withKey ? "?api_key=" + KEY : ""));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertNothingPrivate(reply);
        return reply.json().get(0);
    }

    void complete(String user, String processInstanceId, String taskKey, Map<String, Object> values) {
        Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).singleResult();
        assertThat(task).as(taskKey).isNotNull();
        Rest.Reply reply = as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        runAsync(task.getProcessInstanceId());
    }

    /** Runs the due asynchronous steps of the case and of the cases it called (same case number). */
    void runAsync(String processInstanceId) {
        String caseNumber = historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
                .singleResult().getBusinessKey();
        for (int i = 0; i < 3; i++) {
            runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(caseNumber).list()
                    .forEach(p -> executeAsyncSteps(p.getId()));
        }
    }

    @Test
    void theServicesAreTheFormsCategoriesAndTheirAttributesTheFormsOtherFields() {
        Rest.Reply reply = anonymousClient().get(BASE + "services.json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, String> services = new LinkedHashMap<>();
        reply.json().forEach(s -> services.put(s.path("service_code").asText(), s.path("service_name").asText()));
        assertThat(services).containsExactlyEntriesOf(FormLabels.of("forms/raise-concern.form", "category"));
        JsonNode first = reply.json().get(0);
        assertThat(first.path("metadata").asBoolean()).isTrue();
        assertThat(first.path("type").asText()).isEqualTo("realtime");
        assertThat(first.has("description") && first.has("keywords") && first.has("group")).isTrue();

        JsonNode definition = anonymousClient().get(BASE + "services/charging.json").json();
        assertThat(definition.path("service_code").asText()).isEqualTo("charging");
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        definition.path("attributes").forEach(a -> attributes.put(a.path("code").asText(), a));
        assertThat(attributes.keySet()).contains("title", "scope", "urgency", "channel", "party", "anonymous")
                .doesNotContain("category", "description", "location", "requesterName", "requesterContact",
                        "requesterEmail", "communityId");
        JsonNode scope = attributes.get("scope");
        assertThat(scope.path("variable").asBoolean()).isTrue();
        assertThat(scope.path("datatype").asText()).isEqualTo("singlevaluelist");
        assertThat(scope.path("required").asBoolean()).isTrue();
        assertThat(scope.path("description").asText()).isEqualTo("涉及范围");
        assertThat(scope.path("order").asInt()).isPositive();
        assertThat(scope.path("values").get(0).path("key").asText()).isEqualTo("household");
        assertThat(scope.path("values").get(0).path("name").asText()).isEqualTo("一户");
        assertThat(attributes.get("title").path("datatype_description").asText()).contains("4–100");
        assertThat(attributes.get("hotlineTicket").path("required").asBoolean()).isFalse();

        assertError(anonymousClient().get(BASE + "services/weather.json"), 404);
        assertError(anonymousClient().get(BASE + "services.xml"), 404);

        // discovery: where the endpoint is, in which format
        JsonNode discovery = anonymousClient().get("/open311/discovery.json").json();
        JsonNode endpoint = discovery.path("endpoints").get(0);
        assertThat(endpoint.path("specification").asText()).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(endpoint.path("url").asText()).isEqualTo("http://localhost:" + port + "/open311/v2");
        assertThat(endpoint.path("formats").get(0).asText()).isEqualTo("application/json");
        assertThat(discovery.path("changeset").asText()).isNotBlank();
    }

    @Test
    void aNamedConcernIsFiledAndFollowedToItsEndWithoutAnyonesIdentity() {
        String caseNumber = file(named("农场小区3号楼北侧下水井堵塞"));
        assertThat(caseNumber).matches("SQ-\\d{8}-[A-Z0-9]{6}");
        String id = instance(caseNumber);
        var started = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
        assertThat(started.getTenantId()).isEqualTo("laojunying-3");
        assertThat(runtimeService.getVariable(id, "title")).isEqualTo("农场小区3号楼北侧下水井堵塞");
        assertThat(runtimeService.getVariable(id, "location")).isEqualTo("农场小区3号楼北侧");
        assertThat(runtimeService.getVariable(id, "requesterName")).isEqualTo("欧阳明月"); // staff see it while it runs
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getStartUserId()).isEqualTo(DISPATCHER); // filed as the key's user
        executeAsyncSteps(id);

        JsonNode registered = read(caseNumber, true);
        assertThat(registered.path("service_request_id").asText()).isEqualTo(caseNumber);
        assertThat(registered.path("status").asText()).isEqualTo("open");
        assertThat(registered.path("status_notes").asText()).isEqualTo("办理中: 交办诉求");
        assertThat(registered.path("service_code").asText()).isEqualTo("environment");
        assertThat(registered.path("service_name").asText()).isEqualTo("环境卫生");
        assertThat(registered.path("description").asText()).startsWith("下水井堵了好几年");
        assertThat(registered.path("address").asText()).isEqualTo("农场小区3号楼北侧");
        assertThat(registered.path("agency_responsible").asText()).isEqualTo("老军营小区第三社区");
        assertThat(registered.path("requested_datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+08:00");
        assertThat(registered.path("updated_datetime").asText()).isNotEmpty();
        assertThat(registered.path("expected_datetime").asText()).isNotEmpty(); // the triage's time limit
        for (String field : List.of("address_id", "zipcode", "lat", "long", "media_url")) {
            assertThat(registered.has(field)).as(field).isTrue();
        }
        JsonNode publicView = read(caseNumber, false); // without a key: where it stands, nothing a requester wrote
        assertThat(publicView.path("status_notes").asText()).isEqualTo("办理中: 交办诉求");
        assertThat(publicView.path("description").isNull()).isTrue();
        assertThat(publicView.path("address").isNull()).isTrue();
        assertThat(publicView.path("title").isNull()).isTrue();

        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        JsonNode dispatched = read(caseNumber, true);
        assertThat(dispatched.path("status").asText()).isEqualTo("open");
        assertThat(dispatched.path("status_notes").asText()).isEqualTo("办理中: 确认接单");
        assertThat(dispatched.path("agency_responsible").asText()).isEqualTo("老军营小区第三社区 网格"); // not the worker
        String deadline = String.valueOf(runtimeService.getVariable(id, "handlerDeadline"));
        assertThat(dispatched.path("expected_datetime").asText()).startsWith(deadline + "T");

        complete(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        assertThat(read(caseNumber, true).path("status_notes").asText()).isEqualTo("办理中: 办理诉求");
        complete(GRID_WORKER, id, "Task_HandleConcern", Map.of("handlingOutcome", "settled",
                "handlingNotes", "已疏通下水井并清理淤泥"));
        JsonNode settled = read(caseNumber, true);
        assertThat(settled.path("status").asText()).isEqualTo("open"); // the return visit is still to come
        assertThat(settled.path("status_notes").asText()).isEqualTo("办理中: 回访满意度。办理结果: 已疏通下水井并清理淤泥");
        assertThat(read(caseNumber, false).path("status_notes").asText()).isEqualTo("办理中: 回访满意度");

        complete(DISPATCHER, id, "Task_RateSatisfaction", Map.of("satisfied", "yes"));
        JsonNode closed = read(caseNumber, true);
        assertThat(closed.path("status").asText()).isEqualTo("closed");
        assertThat(closed.path("status_notes").asText()).isEqualTo("已结束: 诉求已办结。办理结果: 已疏通下水井并清理淤泥");
        assertThat(closed.path("agency_responsible").asText()).isEqualTo("老军营小区第三社区 网格");
        assertThat(closed.path("expected_datetime").isNull()).isTrue();
        assertThat(closed.path("updated_datetime").asText()).isGreaterThanOrEqualTo(closed.path("requested_datetime").asText());

        Rest.Reply closedList = anonymousClient().get(BASE + "requests.json?api_key=" + KEY + "&status=closed&service_code=environment");
        assertThat(closedList.status()).as(closedList.body()).isEqualTo(200);
        assertNothingPrivate(closedList);
        assertThat(ids(closedList)).contains(caseNumber);
        assertThat(ids(anonymousClient().get(BASE + "requests.json?status=open"))).doesNotContain(caseNumber);
    }

    @Test
    void anAnonymousConcernNamesNobodyEvenWhenTheAppSentAName() {
        Map<String, String> params = named("单元门禁坏了一个多月");
        params.put("attribute[anonymous]", "true");
        params.put("last_name", "司马");
        params.put("phone", "13998765432");
        params.put("service_code", "facilities");
        String caseNumber = file(params);
        String id = instance(caseNumber);
        assertThat(runtimeService.getVariable(id, "anonymous")).isEqualTo(true);
        assertThat(runtimeService.getVariable(id, "requesterName")).isNull();
        executeAsyncSteps(id);

        JsonNode view = read(caseNumber, true);
        assertThat(view.path("service_code").asText()).isEqualTo("facilities");
        assertThat(view.path("status").asText()).isEqualTo("open");
        Rest.Reply list = anonymousClient().get(BASE + "requests.json?service_request_id=" + caseNumber
                + ",SQ-20000101-NONE00&api_key=" + KEY);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertNothingPrivate(list);
        assertThat(ids(list)).containsExactly(caseNumber);
        assertNothingPrivate(anonymousClient().get(BASE + "requests.json"));

        // handed up to the street, settled there: the street office is responsible, and the anonymous concern ends
        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "escalate",
                "dispatchNote", "门禁系统由街道统一招标维护, 社区无权处理。"));
        JsonNode escalated = read(caseNumber, true);
        assertThat(escalated.path("status_notes").asText()).isEqualTo("办理中: 逐级上交办理");
        assertThat(escalated.path("agency_responsible").asText()).isEqualTo("老军营街道");
        Task street = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
                .taskDefinitionKey("Task_HandleEscalation").singleResult();
        assertThat(escalated.path("expected_datetime").asText())
                .isEqualTo(ServiceRequests.format(street.getDueDate()));
        Rest.Reply settled = as("laojunying-street").post("/engine-rest/task/" + street.getId() + "/submit-form",
                Rest.variables(Map.of("escalationAction", "settle", "levelNotes", "街道已更换门禁控制器")));
        assertThat(settled.status()).as(settled.body()).isEqualTo(204);
        runAsync(id);
        JsonNode closed = read(caseNumber, true);
        assertThat(closed.path("status").asText()).isEqualTo("closed");
        assertThat(closed.path("status_notes").asText()).isEqualTo("已结束: 匿名诉求已办结。办理结果: 街道已更换门禁控制器");
        assertThat(closed.path("agency_responsible").asText()).isEqualTo("老军营街道");
        assertThat(read(caseNumber, false).path("status_notes").asText()).isEqualTo("已结束: 匿名诉求已办结");
    }

    @Test
    void open311PagesSendTheSecurityHeadersAndIgnoreCredentials() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + BASE + "requests.json"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString("ljy3-residents-committee:demo".getBytes(StandardCharsets.UTF_8)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        // a password is no key: the public view, titles and descriptions withheld
        JsonNode list = Rest.JSON.readTree(response.body());
        list.forEach(r -> assertThat(r.path("description").isNull()).isTrue());
    }

    @Test
    void badRequestsAreRefusedInTheSpecsFormatAndNothingIsStored() {
        long before = historyService.createHistoricProcessInstanceQuery().count();

        Map<String, String> noDescription = named("没有描述的诉求");
        noDescription.remove("description");
        Rest.Reply missing = post(noDescription);
        assertError(missing, 400);
        assertThat(missing.json().get(0).path("description").asText()).contains("description");

        Map<String, String> badAttribute = named("范围写错的诉求");
        badAttribute.put("attribute[scope]", "planet");
        assertError(post(badAttribute), 400);
        Map<String, String> unknownAttribute = named("多了一个属性");
        unknownAttribute.put("attribute[communityId]", "shangmajie-2");
        assertError(post(unknownAttribute), 400);
        Map<String, String> badService = named("类别不存在的诉求");
        badService.put("service_code", "weather");
        assertError(post(badService), 400);
        Map<String, String> script = named("<script>alert(1)</script>");
        assertError(post(script), 400);

        Map<String, String> noKey = named("没有密钥的诉求");
        noKey.remove("api_key");
        assertError(post(noKey), 403);
        Map<String, String> badKey = named("密钥错误的诉求");
        badKey.put("api_key", "guessed-key");
        assertError(post(badKey), 403);
        Map<String, String> otherCommunity = named("别的社区的诉求");
        otherCommunity.put("jurisdiction_id", "shangmajie-2"); // the key's user is of 老军营三社区 only
        assertError(post(otherCommunity), 403);
        Map<String, String> noStarter = named("无权登记的诉求");
        noStarter.put("api_key", "test-no-starter-key"); // application-test.yaml: the property company
        Rest.Reply refused = post(noStarter);
        assertError(refused, 403);
        assertThat(refused.json().get(0).path("description").asText()).contains("无权登记诉求");
        Map<String, String> noCommunity = named("不存在的社区的诉求");
        noCommunity.put("jurisdiction_id", "atlantis-1");
        assertError(post(noCommunity), 404);

        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(before);

        assertError(anonymousClient().get(BASE + "requests/SQ-20000101-NONE00.json"), 404);
        assertError(anonymousClient().get(BASE + "requests.json?api_key=guessed-key"), 403);
        assertError(anonymousClient().get(BASE + "requests.json?status=lost"), 400);
        assertError(anonymousClient().get(BASE + "requests.json?start_date=yesterday"), 400);
        assertError(anonymousClient().get(BASE + "requests.json?service_code=weather"), 404);
    }

    @Test
    void aKeyReadsOnlyItsCommunitiesInFull() {
        String caseNumber = file(named("楼道堆放杂物"));
        // another community's key would not see it: narrowed to a community the key's user is not in, nothing
        Rest.Reply other = anonymousClient().get(BASE + "requests.json?api_key=" + KEY + "&jurisdiction_id=shangmajie-2");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().size()).isZero();
        Rest.Reply mine = anonymousClient().get(BASE + "requests.json?api_key=" + KEY + "&jurisdiction_id=laojunying-3"
                + "&start_date=2000-01-01");
        assertThat(ids(mine)).contains(caseNumber);
        assertThat(anonymousClient().get(BASE + "requests.json").body()).doesNotContain("楼道堆放杂物");
    }

    static List<String> ids(Rest.Reply reply) {
        List<String> ids = new ArrayList<>();
        StreamSupport.stream(reply.json().spliterator(), false).forEach(r -> ids.add(r.path("service_request_id").asText()));
        return ids;
    }
}
