package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.escalation.Escalations;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 小事不出网格, 大事不出社区; 上下联动: a concern the grid cannot settle in time climbs level by level, each with its
 * own deadline from the decision table escalation-level; a level beyond its power hands it up; a level can send it
 * back down with instructions. The street office sees only its own communities' matters.
 */
class EscalationTest extends ConcernWalk {

    @Autowired
    FilterService filterService;

    @Test
    void deadlinesCarryAMatterFromTheGridThroughCommunityAndStreetToTheDistrict() {
        String id = raiseConcern(RESIDENT, concern("3号楼单元门禁损坏无人修"));
        dispatch(id, GRID_WORKER);
        complete(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));

        // the grid's time limit is 3 days: reminded at 09:00 on the last day, handed up when the day has passed
        LocalDate lastDay = LocalDate.parse((String) variable(id, "handlerDeadline"));
        assertThat(lastDay).isEqualTo(today().plusDays(3));
        passTimeUntil(id, lastDay.atTime(12, 0));
        assertThat(mailsTo(GRID_WORKER + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        assertThat(waitingAt(id)).containsExactly("Task_HandleConcern");
        passTime(id, 1);
        Task community = open(id, "Task_HandleEscalation");
        assertThat(taskService.getIdentityLinksForTask(community.getId())).extracting(IdentityLink::getGroupId)
                .containsExactlyInAnyOrder("party-committee", "residents-committee");
        ProcessInstance escalation = called(id, "escalation");
        assertThat(escalation.getBusinessKey()).isEqualTo(caseNumber(id));
        assertThat(escalation.getTenantId()).isEqualTo("laojunying-3");
        assertThat(mailsTo(GRID_WORKER + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("网格上交社区"));

        passTime(id, 4.1); // reminded before its 5 days are up
        assertThat(mailsTo(COMMITTEE + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        passTime(id, 1);
        Task street = open(id, "Task_HandleEscalation");
        assertThat(taskService.getIdentityLinksForTask(street.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("street-office");
        assertThat(mailsTo(COMMITTEE + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("社区上交街道"));

        passTime(id, 10.1);
        Task district = open(id, "Task_HandleTopEscalation");
        assertThat(taskService.getIdentityLinksForTask(district.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("district-office");
        assertThat(mailsTo(STREET + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("街道上交区职能部门"));

        // the top level has no one above: past its deadline the matter stays, overdue, in everyone's sight
        passTime(id, 16);
        assertThat(open(id, "Task_HandleTopEscalation").getId()).isEqualTo(district.getId());
        assertThat(mailsTo(DISTRICT + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("提醒"));
        String overdueFilter = filterService.createFilterQuery().filterName("已逾期").singleResult().getId();
        assertThat(ids(as(DISTRICT).get("/engine-rest/filter/" + overdueFilter + "/list").json())).contains(district.getId());
        JsonNode counts = as(DISTRICT).get("/api/concerns/overdue").json();
        assertThat(StreamSupport.stream(counts.path("counts").spliterator(), false)
                .filter(c -> c.path("communityId").asText().equals("laojunying-3") && c.path("level").asText().equals("district")))
                .singleElement().satisfies(c -> {
                    assertThat(c.path("overdue").asInt()).isPositive();
                    assertThat(c.path("levelName").asText()).isEqualTo("区职能部门");
                    assertThat(c.path("communityName").asText()).isEqualTo("老军营小区第三社区");
                });

        level(DISTRICT, id, "settle", "区住建局督促物业公司更换门禁系统, 已恢复使用。");
        assertThat(variable(id, "concernResult")).isEqualTo("区住建局督促物业公司更换门禁系统, 已恢复使用。");
        assertThat(variable(id, "resolvedBy")).isEqualTo("区职能部门");
        assertThat(mailsTo(REQUESTER_MAIL)).anyMatch(m -> body(m).contains("区住建局督促物业公司"));
        SpinJsonNode history = (SpinJsonNode) variable(id, Escalations.HISTORY);
        assertThat(history.elements()).extracting(e -> e.prop("type").stringValue() + ":"
                + (e.hasProp("from") && !e.prop("from").isNull() ? e.prop("from").stringValue() : "") + ">"
                + (e.hasProp("to") ? e.prop("to").stringValue() : e.prop("level").stringValue()) + ":"
                + (e.hasProp("reason") ? e.prop("reason").stringValue() : e.prop("action").stringValue()))
                .containsExactly("hand-over:grid>community:deadline", "hand-over:community>street:deadline",
                        "hand-over:street>district:deadline", "action:>district:settle");
        rate(id, "yes", null);
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
    }

    @Test
    void beyondThePowerOfTheGridAndTheCommunity_theStreetSendsItBackDownWithInstructions() {
        String id = raiseConcern(RESIDENT, concern("兆阳小区33号楼5单元厨房下水管道堵塞外泄"));
        dispatch(id, GRID_WORKER);
        complete(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        complete(GRID_WORKER, id, "Task_HandleConcern", Map.of("handlingOutcome", "beyond-power",
                "handlingNotes", "需在一楼业主家中施工改管, 网格无法协调。"));

        assertThat(runtimeService.getVariable(called(id, "escalation").getId(), "escalationHistoryText")).asString()
                .contains("网格 交 社区: 承办人认为超出职权: 需在一楼业主家中施工改管");
        level(COMMITTEE, id, "up", "费用分担需街道城建股协调。");
        Task street = open(id, "Task_HandleEscalation");
        assertThat(taskService.getIdentityLinksForTask(street.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("street-office");
        assertThat(runtimeService.getVariable(street.getProcessInstanceId(), "levelNotes")).isNull();

        level(STREET, id, "down", "请社区召集两委、物业、涉事业主协商, 街道城建股派人参加。");
        Task backInCommunity = open(id, "Task_HandleEscalation");
        assertThat(taskService.getIdentityLinksForTask(backInCommunity.getId())).extracting(IdentityLink::getGroupId)
                .contains("party-committee");
        assertThat(runtimeService.getVariable(backInCommunity.getProcessInstanceId(), "levelInstructions"))
                .isEqualTo("请社区召集两委、物业、涉事业主协商, 街道城建股派人参加。");

        level(COMMITTEE, id, "down", "由物业公司按协商结果施工, 网格员跟进。");
        assertThat(called(id, "escalation")).isNull();
        assertThat(waitingAt(id)).containsExactly("Task_DispatchConcern");
        assertThat(variable(id, "escalationInstructions")).isEqualTo("由物业公司按协商结果施工, 网格员跟进。");

        dispatch(id, PROPERTY);
        acceptAndSettle(id, PROPERTY, "一楼业主同意在家中施工, 四户分摊费用, 下水管道已改道。");
        SpinJsonNode history = (SpinJsonNode) variable(id, Escalations.HISTORY);
        assertThat(history.elements()).extracting(e -> e.prop("type").stringValue())
                .containsExactly("hand-over", "action", "hand-over", "action", "send-down", "action");
        assertThat(waitingAt(id)).containsExactly("Task_RateSatisfaction");
    }

    @Test
    void aCrossCommunityMatterGoesStraightToTheStreet_andEachStreetSeesOnlyItsOwnCommunities() {
        Map<String, Object> laojunying = concern("老军营片区路灯成片不亮");
        laojunying.put("scope", "beyond-community");
        laojunying.put("category", "facilities");
        String own = raiseConcern(RESIDENT, laojunying);
        Map<String, Object> shangmajie = concern("上马街两个社区之间的道路积水");
        shangmajie.put("scope", "beyond-community");
        shangmajie.put("requesterEmail", "smj2.requester@example.cn");
        String other = raiseConcern("smj2-resident", shangmajie);

        Task ownTask = open(own, "Task_HandleEscalation");
        Task otherTask = open(other, "Task_HandleEscalation");
        assertThat(variable(own, "triageLevel")).isEqualTo("street");
        assertThat(waitingAt(own)).containsExactly("Task_HandleEscalation");

        Rest mine = as(STREET);
        Rest theirs = as(OTHER_STREET);
        assertThat(ids(mine.get("/engine-rest/task?maxResults=1000").json())).contains(ownTask.getId()).doesNotContain(otherTask.getId());
        assertThat(ids(theirs.get("/engine-rest/task?maxResults=1000").json())).contains(otherTask.getId()).doesNotContain(ownTask.getId());
        assertThat(theirs.get("/engine-rest/task/" + ownTask.getId()).status()).isEqualTo(404);
        assertThat(theirs.get("/engine-rest/process-instance/" + own).status()).isEqualTo(404);
        assertThat(ids(theirs.get("/engine-rest/process-instance?maxResults=1000").json()))
                .doesNotContain(own, ownTask.getProcessInstanceId());
        assertThat(ids(theirs.get("/engine-rest/history/process-instance?maxResults=1000").json())).doesNotContain(own);
        Rest.Reply intrude = theirs.post("/engine-rest/task/" + ownTask.getId() + "/submit-form",
                Rest.variables(Map.of("escalationAction", "settle", "levelNotes", "越权办结")));
        assertThat(intrude.status()).isEqualTo(404);
        assertThat(open(own, "Task_HandleEscalation").getId()).isEqualTo(ownTask.getId());
        assertThat(ids(as(DISTRICT).get("/engine-rest/task?maxResults=10000").json())).contains(ownTask.getId(), otherTask.getId());

        level(STREET, own, "settle", "街道已协调供电所更换线路, 路灯恢复。");
        assertThat(variable(own, "resolvedBy")).isEqualTo("街道");

        // the overdue counts follow the same lines: two days without a dispatch, in either community
        String ownLate = raiseConcern(RESIDENT, concern("老军营三社区垃圾桶破损"));
        String otherLate = raiseConcern("smj2-resident", concern("上马街二社区垃圾桶破损"));
        passTime(ownLate, 2);
        assertThat(open(otherLate, "Task_DispatchConcern").getDueDate()).isBefore(new java.util.Date(
                org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().getTime()));
        assertThat(overdue(mine.get("/api/concerns/overdue").json())).contains("laojunying-3/community")
                .noneMatch(c -> c.startsWith("shangmajie-2/"));
        assertThat(overdue(theirs.get("/api/concerns/overdue").json())).contains("shangmajie-2/community")
                .noneMatch(c -> c.startsWith("laojunying-3/"));
        assertThat(overdue(as(DISTRICT).get("/api/concerns/overdue").json()))
                .contains("laojunying-3/community", "shangmajie-2/community");
        assertThat(anonymousClient().get("/api/concerns/overdue").status()).isEqualTo(401);
    }

    @Test
    void theCommunityHandsAMatterToTheStreetWithItsReasons() {
        String id = raiseConcern(RESIDENT, concern("小区门口占道经营"));
        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "escalate",
                "dispatchNote", "涉及城管执法, 社区无执法权。"));
        Task street = open(id, "Task_HandleEscalation");
        assertThat(taskService.getIdentityLinksForTask(street.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("street-office");
        assertThat(runtimeService.getVariable(street.getProcessInstanceId(), "escalationHistoryText")).asString()
                .contains("社区 交 街道: 社区认为超出本级职权: 涉及城管执法, 社区无执法权。");
        assertThat(mailsTo(DISPATCHER + "@demo.xieshang.cn")).anyMatch(m -> subject(m).contains("社区上交街道"));
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }

    /** "community/level" of every row with overdue work. */
    private static List<String> overdue(JsonNode counts) {
        return StreamSupport.stream(counts.path("counts").spliterator(), false)
                .filter(n -> n.path("overdue").asInt() > 0)
                .map(n -> n.path("communityId").asText() + "/" + n.path("level").asText()).toList();
    }
}
