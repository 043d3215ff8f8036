package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.organisation.Role;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Tasklist filters as each person's Tasklist runs them ({@code /filter/<id>/list} as that user): every task
 * reaches the person who must act, with the case on its card, soonest due first, never another community's.
 */
class TasklistFiltersTest extends IntegrationTest {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String RESEARCHER = "ljy3-cppcc-member";
    static final String OTHER_RESEARCHER = "ljy3-grid-worker";
    static final List<String> STAKEHOLDERS = List.of("ljy3-cppcc-member", "ljy3-property-company",
            "ljy3-resident-representative");

    @Autowired
    FilterService filterService;
    @Autowired
    TasklistFilters tasklistFilters;

    @Test
    void everyRoleHasTheFourFilters() {
        List<String> users = new ArrayList<>();
        for (Role role : Role.values()) {
            users.add(switch (role) {
                case STREET_OFFICE -> "laojunying-street";
                case DISTRICT_OFFICE -> "district";
                default -> "ljy3-" + role.groupId();
            });
        }
        for (String user : users) {
            assertThat(names(as(user).get("/engine-rest/filter").json())).as(user)
                    .contains(TasklistFilters.MY_TASKS, TasklistFilters.GROUP_TASKS, TasklistFilters.DUE_TODAY,
                            TasklistFilters.OVERDUE);
        }
    }

    @Test
    void savingTheFiltersAgainChangesNothing() {
        long filters = filterService.createFilterQuery().count();
        long grants = engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.FILTER).count();
        tasklistFilters.run();
        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.FILTER).count())
                .isEqualTo(grants);
        assertThat(filterService.createFilterQuery().filterName(TasklistFilters.MY_TASKS).count()).isEqualTo(1);
    }

    @Test
    void theNamedResearchersFindTheResearchInMyTasksAndSeeWhoClaimedIt() {
        String id = raise(RESIDENT, topic("楼顶防水层老化漏雨"));
        acceptWithResearchers(id, List.of(RESEARCHER, OTHER_RESEARCHER));
        Task research = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_FileResearch")
                .singleResult();

        assertThat(list(RESEARCHER, TasklistFilters.MY_TASKS)).contains(research.getId());
        assertThat(list(OTHER_RESEARCHER, TasklistFilters.MY_TASKS)).contains(research.getId());
        // offered by name, not to a role: it is nobody's group task, and not a committee member's task
        assertThat(list(COMMITTEE, TasklistFilters.GROUP_TASKS)).doesNotContain(research.getId());
        assertThat(list(COMMITTEE, TasklistFilters.MY_TASKS)).doesNotContain(research.getId());
        assertThat(list("smj2-cppcc-member", TasklistFilters.MY_TASKS)).doesNotContain(research.getId());

        Rest.Reply claim = as(RESEARCHER).post("/engine-rest/task/" + research.getId() + "/claim",
                Map.of("userId", RESEARCHER));
        assertThat(claim.status()).as(claim.body()).isEqualTo(204);
        // the other researcher still sees the task, and who has it
        JsonNode card = card(OTHER_RESEARCHER, TasklistFilters.MY_TASKS, research.getId());
        assertThat(card.path("assignee").asText()).isEqualTo(RESEARCHER);
        assertThat(list(RESEARCHER, TasklistFilters.MY_TASKS)).contains(research.getId());
    }

    @Test
    void aRoleSeesItsGroupsTasksAndKeepsSeeingThemOnceClaimed() {
        String id = raise(RESIDENT, topic("单元门禁损坏无人修理"));
        Task review = task(id);

        assertThat(list(COMMITTEE, TasklistFilters.GROUP_TASKS)).contains(review.getId());
        assertThat(list(COMMITTEE, TasklistFilters.MY_TASKS)).doesNotContain(review.getId());
        assertThat(list("ljy3-residents-committee", TasklistFilters.GROUP_TASKS)).doesNotContain(review.getId());
        assertThat(list("smj2-party-committee", TasklistFilters.GROUP_TASKS)).doesNotContain(review.getId());

        taskService.claim(review.getId(), COMMITTEE);
        assertThat(list(COMMITTEE, TasklistFilters.MY_TASKS)).contains(review.getId());
        assertThat(card(COMMITTEE, TasklistFilters.GROUP_TASKS, review.getId()).path("assignee").asText())
                .isEqualTo(COMMITTEE);
    }

    @Test
    void cardsNameTheCaseItsNumberAndCommunity() {
        String title = "小区北门路灯损坏";
        String id = raise(RESIDENT, topic(title));
        acceptWithResearchers(id, List.of(RESEARCHER));
        Task research = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_FileResearch")
                .singleResult();
        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();

        // a researcher may not read the case as such (no Cockpit rights): the card still names it
        Map<String, String> shown = variables(card(RESEARCHER, TasklistFilters.MY_TASKS, research.getId()));
        assertThat(shown).containsEntry("cardTitle", title).containsEntry("cardCaseNumber", caseNumber)
                .containsEntry("cardCommunity", "老军营小区第三社区");

        // a concern's card, for the residents' committee who dispatch it
        Rest.Reply concern = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(cn.xieshang.concern.ConcernWalk.concern("农场小区下水井堵塞")));
        assertThat(concern.status()).as(concern.body()).isEqualTo(200);
        String concernId = concern.json().get("id").asText();
        executeAsyncSteps(concernId);
        Map<String, String> dispatch = variables(card("ljy3-residents-committee", TasklistFilters.GROUP_TASKS,
                task(concernId).getId()));
        assertThat(dispatch).containsEntry("cardTitle", "农场小区下水井堵塞")
                .containsEntry("cardCommunity", "老军营小区第三社区");
        assertThat(dispatch.get("cardCaseNumber")).startsWith("SQ-");

        // copies for the cards only: history keeps the case's own variables, not the copies
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceIdIn(id, concernId)
                .variableNameLike("card%").count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id).variableName("title")
                .count()).isEqualTo(1);
    }

    @Test
    void everyOpenTaskOfTheFourProcessesCarriesItsCard() {
        raise(RESIDENT, topic("至少有一个待办的议题"));
        List<Task> tasks = taskService.createTaskQuery()
                .processDefinitionKeyIn("deliberation", "concern", "consultation", "escalation").list();
        assertThat(tasks).isNotEmpty();
        for (Task task : tasks) {
            assertThat(taskService.getVariablesLocal(task.getId()))
                    .as(task.getTaskDefinitionKey() + " of " + task.getProcessDefinitionId())
                    .containsKeys("cardTitle", "cardCommunity", "cardCaseNumber");
        }
    }

    @Test
    void listsShowTheSoonestDueFirstWhateverTasklistSortsBy() {
        String later = task(raise(RESIDENT, topic("先提出但后到期的议题"))).getId();
        String sooner = task(raise(RESIDENT, topic("后提出但先到期的议题"))).getId();
        taskService.setDueDate(later, new Date(ClockUtil.getCurrentTime().getTime() + 4 * 86_400_000L));
        taskService.setDueDate(sooner, new Date(ClockUtil.getCurrentTime().getTime() + 86_400_000L));

        // Tasklist asks for the newest first unless the person chose otherwise
        JsonNode tasks = post(COMMITTEE, TasklistFilters.GROUP_TASKS,
                "{\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}", "application/json");
        List<String> order = ids(tasks).stream().filter(t -> t.equals(later) || t.equals(sooner)).toList();
        assertThat(order).containsExactly(sooner, later);
    }

    @Test
    void dueTodayAndOverdueFollowTheEngineClockForGroupsAndNamedPeople() {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate today = LocalDate.now(zone);
        ClockUtil.setCurrentTime(Date.from(today.atTime(10, 0).atZone(zone).toInstant()));
        String reviewCase = raise(RESIDENT, topic("今天必须答复的议题"));
        Task review = task(reviewCase);
        String researchCase = raise(RESIDENT, topic("明天到期的调研"));
        acceptWithResearchers(researchCase, List.of(RESEARCHER));
        Task research = taskService.createTaskQuery().processInstanceId(researchCase)
                .taskDefinitionKey("Task_FileResearch").singleResult();
        taskService.setDueDate(review.getId(), Date.from(today.atTime(18, 0).atZone(zone).toInstant()));
        taskService.setDueDate(research.getId(), Date.from(today.plusDays(1).atTime(9, 0).atZone(zone).toInstant()));

        assertThat(list(COMMITTEE, TasklistFilters.DUE_TODAY)).contains(review.getId());
        assertThat(list(COMMITTEE, TasklistFilters.OVERDUE)).doesNotContain(review.getId());
        assertThat(list(RESEARCHER, TasklistFilters.DUE_TODAY)).doesNotContain(research.getId());

        ClockUtil.setCurrentTime(Date.from(today.atTime(19, 0).atZone(zone).toInstant()));
        assertThat(list(COMMITTEE, TasklistFilters.DUE_TODAY)).contains(review.getId());
        assertThat(list(COMMITTEE, TasklistFilters.OVERDUE)).contains(review.getId());

        ClockUtil.setCurrentTime(Date.from(today.plusDays(1).atTime(8, 0).atZone(zone).toInstant()));
        assertThat(list(COMMITTEE, TasklistFilters.DUE_TODAY)).doesNotContain(review.getId());
        assertThat(list(COMMITTEE, TasklistFilters.OVERDUE)).contains(review.getId());
        assertThat(list(RESEARCHER, TasklistFilters.DUE_TODAY)).contains(research.getId());
        assertThat(list(RESEARCHER, TasklistFilters.OVERDUE)).doesNotContain(research.getId());

        ClockUtil.setCurrentTime(Date.from(today.plusDays(1).atTime(9, 30).atZone(zone).toInstant()));
        assertThat(list(RESEARCHER, TasklistFilters.OVERDUE)).contains(research.getId());
        for (String filter : List.of(TasklistFilters.MY_TASKS, TasklistFilters.GROUP_TASKS, TasklistFilters.DUE_TODAY,
                TasklistFilters.OVERDUE)) {
            for (String other : List.of("smj2-party-committee", "smj2-cppcc-member", "yingze-street")) {
                assertThat(list(other, filter)).as(other + " " + filter)
                        .doesNotContain(review.getId(), research.getId());
            }
        }
    }

    // --- helpers

    private void acceptWithResearchers(String id, List<String> researchers) {
        Map<String, Object> values = new HashMap<>();
        values.put("decision", "accept");
        values.put("stakeholders", STAKEHOLDERS);
        values.put("researchers", researchers);
        Rest.Reply reply = as(COMMITTEE).post("/engine-rest/task/" + task(id).getId() + "/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    private String filterId(String name) {
        return filterService.createFilterQuery().filterName(name).singleResult().getId();
    }

    /** The ids of the tasks the filter shows the user (first page of Tasklist's size is more than the tests make). */
    private List<String> list(String user, String filter) {
        return ids(post(user, filter, "{}", "application/json"));
    }

    /** The task's card as Tasklist receives it (HAL, with the filter's variables embedded). */
    private JsonNode card(String user, String filter, String taskId) {
        JsonNode hal = post(user, filter, "{}", "application/hal+json");
        for (JsonNode task : hal.path("_embedded").path("task")) {
            if (task.path("id").asText().equals(taskId)) {
                return task;
            }
        }
        throw new AssertionError(filter + " of " + user + " does not show " + taskId + ": " + hal);
    }

    private static Map<String, String> variables(JsonNode card) {
        Map<String, String> values = new HashMap<>();
        for (JsonNode variable : card.path("_embedded").path("variable")) {
            values.put(variable.path("name").asText(), variable.path("value").asText());
        }
        return values;
    }

    private JsonNode post(String user, String filter, String body, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/filter/"
                        + filterId(filter) + "/list?firstResult=0&maxResults=200"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Rest.JSON.readTree(response.body());
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
