package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.organisation.Role;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who sees which task, with a couple of thousand open tasks in two communities: a named person, roles (one that
 * watches flows, one that does not), a street and the district each see exactly the tasks Camunda's own rule gives
 * them — the task's community is theirs, and they are its assignee or named candidate, or hold one of its candidate
 * roles, or their role watches flows — in the task query, its count, every Tasklist filter and over REST. The rule
 * is computed here from the tasks' identity links, independently of how permissions are stored or queried.
 */
class TaskVisibilityTest extends IntegrationTest {

    static final String LJY3 = "laojunying-3";
    static final String SMJ2 = "shangmajie-2";
    static final int BATCHES = Integer.getInteger("xieshang.test.visibility.batches", 10); // of 100 concerns each
    static final List<String> PEOPLE = List.of("ljy3-party-committee", "ljy3-residents-committee", "ljy3-cppcc-member",
            "ljy3-resident", "ljy3-grid-worker", "smj2-party-committee", "smj2-residents-committee", "laojunying-street",
            "yingze-street", "district");

    private static boolean seeded;
    /** Every open task's community, assignee, candidate roles and named candidates, read once after seeding. */
    private static Map<String, Facts> facts;

    record Facts(String community, Set<String> named, Set<String> groups) {
    }

    @Autowired
    FilterService filterService;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void aDistrictAtWork() {
        if (!seeded) {
            seed();
        }
        readTheTasks();
    }

    private void seed() {
        for (String community : List.of("ljy3", "smj2")) {
            for (int batch = 0; batch < BATCHES; batch++) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    items.add(Map.of("title", unique("楼道堆物" + i), "description", "楼道里堆放杂物, 影响通行。",
                            "category", "environment", "scope", "building"));
                }
                Rest.Reply reply = as(community + "-residents-committee").post("/api/concerns/batch",
                        Map.of("shared", Map.of("channel", "evening-talk", "location", "3号楼", "urgency", "normal",
                                "party", "物业", "requesterName", "赵利民", "requesterContact", "13900001111"),
                                "concerns", items));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                executeDueSteps();
            }
            // three handed to the street, two topics waiting for review, one accepted with named researchers,
            // and two dispatch tasks claimed by a committee member
            for (int i = 0; i < 3; i++) {
                String id = concern(community);
                submit(community + "-residents-committee", dispatchTask(id),
                        Map.of("dispatchDecision", "escalate", "dispatchNote", "涉及城管执法, 社区无执法权。"));
                executeDueSteps();
            }
            for (int i = 0; i < 2; i++) {
                raise(community + "-resident", topic(unique("楼顶漏雨")));
            }
            String accepted = raise(community + "-resident", topic(unique("加装电梯")));
            Map<String, Object> acceptance = new HashMap<>();
            acceptance.put("decision", "accept");
            acceptance.put("stakeholders", List.of(community + "-cppcc-member", community + "-property-company"));
            acceptance.put("researchers", List.of(community + "-cppcc-member", community + "-grid-worker"));
            submit(community + "-party-committee", task(accepted).getId(), acceptance);
            executeDueSteps();
            for (int i = 0; i < 2; i++) {
                String claimed = dispatchTask(concern(community));
                assertThat(as(community + "-party-committee").post("/engine-rest/task/" + claimed + "/claim",
                        Map.of("userId", community + "-party-committee")).status()).isEqualTo(204);
            }
        }
        assertThat(taskService.createTaskQuery().count()).isGreaterThan(2 * BATCHES * 100);
        seeded = true;
    }

    /** The facts of every open task, as they are when a test starts. */
    private void readTheTasks() {
        facts = new LinkedHashMap<>();
        for (Task task : taskService.createTaskQuery().list()) {
            Set<String> named = new HashSet<>();
            Set<String> groups = new HashSet<>();
            if (task.getAssignee() != null) {
                named.add(task.getAssignee());
            }
            for (IdentityLink link : taskService.getIdentityLinksForTask(task.getId())) {
                if (link.getGroupId() != null) {
                    groups.add(link.getGroupId());
                } else if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                    named.add(link.getUserId());
                }
            }
            facts.put(task.getId(), new Facts(task.getTenantId(), named, groups));
        }
    }

    @Test
    void everyoneSeesExactlyTheTasksOfTheirCommunitiesAndRolesOrNames() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (String person : PEOPLE) {
            expected.put(person, visibleByTheRule(person));
        }
        assertThat(expected.get("ljy3-cppcc-member")).as("the named researcher's own task").isNotEmpty();
        assertThat(expected.get("laojunying-street")).as("a street").isNotEmpty();
        assertThat(expected.get("ljy3-residents-committee")).hasSizeGreaterThan(BATCHES * 100);

        long rewritten = TaskQuerySql.REWRITTEN.get();
        for (String person : PEOPLE) {
            Set<String> sees = as(person, () -> taskService.createTaskQuery().list().stream().map(Task::getId)
                    .collect(Collectors.toCollection(TreeSet::new)));
            assertThat(sees).as(person + " in the task query; differing: " + describe(sees, expected.get(person)))
                    .isEqualTo(expected.get(person));
            assertThat(as(person, () -> taskService.createTaskQuery().count())).as(person + " counting")
                    .isEqualTo(expected.get(person).size());
        }
        if ("postgres".equals(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
                engine.getProcessEngineConfiguration()).getDatabaseType())) {
            assertThat(TaskQuerySql.REWRITTEN.get()).as("on PostgreSQL the queries ran rewritten")
                    .isGreaterThanOrEqualTo(rewritten + 2L * PEOPLE.size());
        }
    }

    @Test
    void theTasklistFiltersShowEachPersonTheirShareOfTheSameRule() {
        for (String person : PEOPLE) {
            Set<String> rule = visibleByTheRule(person);
            Set<String> groups = new HashSet<>(groupsOf(person));
            for (Filter filter : filterService.createFilterQuery().list()) {
                Set<String> listed = as(person, () -> filterService.<Task>list(filter.getId()).stream().map(Task::getId)
                        .collect(Collectors.toCollection(TreeSet::new)));
                long counted = as(person, () -> filterService.count(filter.getId()));
                assertThat(rule).as(person + " in " + filter.getName()).containsAll(listed);
                assertThat(counted).as(person + " counting " + filter.getName()).isEqualTo(listed.size());
                if (filter.getName().equals(TasklistFilters.GROUP_TASKS)) {
                    Set<String> mine = rule.stream().filter(id -> candidateGroups(id).stream().anyMatch(groups::contains))
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(listed).as(person + " in " + filter.getName()).isEqualTo(mine);
                }
                if (filter.getName().equals(TasklistFilters.MY_TASKS)) {
                    Set<String> named = rule.stream().filter(id -> namedPeople(id).contains(person))
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(listed).as(person + " in " + filter.getName()).isEqualTo(named);
                }
            }
        }
    }

    @Test
    void overRestTheCountsAreTheSameAndAnotherCommunitysTaskIsNotThere() {
        for (String person : List.of("ljy3-residents-committee", "laojunying-street", "ljy3-cppcc-member")) {
            assertThat(as(person).get("/engine-rest/task/count").json().get("count").asLong()).as(person)
                    .isEqualTo(visibleByTheRule(person).size());
        }
        Task other = taskService.createTaskQuery().tenantIdIn(SMJ2).taskCandidateGroup("residents-committee")
                .listPage(0, 1).get(0);
        assertThat(as("ljy3-residents-committee").get("/engine-rest/task/" + other.getId()).status()).isEqualTo(404);
        assertThat(as("ljy3-residents-committee").post("/engine-rest/task/" + other.getId() + "/claim",
                Map.of("userId", "ljy3-residents-committee")).status()).isIn(403, 404);
        Task own = taskService.createTaskQuery().tenantIdIn(LJY3).taskCandidateGroup("residents-committee")
                .taskUnassigned().listPage(0, 1).get(0);
        assertThat(as("ljy3-resident").post("/engine-rest/task/" + own.getId() + "/claim",
                Map.of("userId", "ljy3-resident")).status()).as("a role that is not a candidate").isEqualTo(403);
    }

    @Test
    void aTaskIsGrantedToItsRolesInItsCommunity() {
        Task task = taskService.createTaskQuery().tenantIdIn(LJY3).taskCandidateGroup("residents-committee")
                .listPage(0, 1).get(0);
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.TASK)
                .resourceId(task.getId()).list()).extracting(Authorization::getGroupId)
                .containsExactlyInAnyOrder("residents-committee@" + LJY3, "party-committee@" + LJY3);
        assertThatThrownBy(() -> as("smj2-party-committee", () -> {
            taskService.claim(task.getId(), "smj2-party-committee");
            return null;
        })).isInstanceOf(ProcessEngineException.class).hasMessageContaining("Cannot work on task");
    }

    @Test
    void tasksGrantedToPlainRolesBeforeAreMovedToTheirCommunityRolesAtStartup() {
        Task task = taskService.createTaskQuery().tenantIdIn(LJY3).taskCandidateGroup("residents-committee")
                .listPage(1, 1).get(0);
        jdbc.update("UPDATE ACT_RU_AUTHORIZATION SET GROUP_ID_ = 'residents-committee' WHERE RESOURCE_ID_ = ?"
                + " AND GROUP_ID_ = 'residents-committee@laojunying-3'", task.getId());
        new TaskPermissionsSchema(jdbc).run();
        assertThat(jdbc.queryForList("SELECT GROUP_ID_ FROM ACT_RU_AUTHORIZATION WHERE RESOURCE_ID_ = ?", String.class,
                task.getId())).containsExactlyInAnyOrder("residents-committee@" + LJY3, "party-committee@" + LJY3);
        assertThat(as("ljy3-residents-committee", () -> taskService.createTaskQuery().taskId(task.getId()).count()))
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------- the rule, from the tasks' identity links

    private Set<String> visibleByTheRule(String person) {
        Set<String> communities = communitiesOf(person);
        Set<String> groups = new HashSet<>(groupsOf(person));
        boolean watches = groups.stream().anyMatch(g -> Role.byGroupId(g).map(Role::watchesFlows).orElse(false));
        Set<String> visible = new TreeSet<>();
        facts.forEach((id, task) -> {
            if (communities.contains(task.community()) && (watches || task.named().contains(person)
                    || task.groups().stream().anyMatch(groups::contains))) {
                visible.add(id);
            }
        });
        return visible;
    }

    private String describe(Set<String> seen, Set<String> expected) {
        Set<String> differing = new TreeSet<>(seen);
        differing.addAll(expected);
        differing.removeIf(id -> seen.contains(id) && expected.contains(id));
        return differing.stream().limit(10).map(id -> (seen.contains(id) ? "seen " : "missed ")
                + taskService.createTaskQuery().taskId(id).singleResult().getTaskDefinitionKey() + " " + facts.get(id))
                .toList().toString();
    }

    private Set<String> namedPeople(String taskId) {
        return facts.get(taskId).named();
    }

    private Set<String> candidateGroups(String taskId) {
        return facts.get(taskId).groups();
    }

    private List<String> groupsOf(String person) {
        return identityService.createGroupQuery().groupMember(person).list().stream().map(Group::getId).toList();
    }

    private Set<String> communitiesOf(String person) {
        return identityService.createTenantQuery().userMember(person).includingGroupsOfUser(true).list().stream()
                .map(Tenant::getId).collect(Collectors.toSet());
    }

    private <T> T as(String person, java.util.function.Supplier<T> work) {
        identityService.setAuthentication(person, groupsOf(person), new ArrayList<>(communitiesOf(person)));
        try {
            return work.get();
        } finally {
            identityService.clearAuthentication();
        }
    }

    // ---------------------------------------------------------------- cases

    private String concern(String community) {
        Rest.Reply reply = as(community + "-residents-committee").post(
                "/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(ConcernWalk.concern(unique("占道经营"))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        executeDueSteps();
        return reply.json().get("id").asText();
    }

    private String dispatchTask(String concernId) {
        return taskService.createTaskQuery().processInstanceId(concernId).taskDefinitionKey("Task_DispatchConcern")
                .singleResult().getId();
    }

    private void submit(String person, String taskId, Map<String, Object> values) {
        Rest.Reply reply = as(person).post("/engine-rest/task/" + taskId + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    }
}
