package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import cn.xieshang.support.Rest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.Test;

/**
 * Every path of a concern (群众点单、社区派单、党员接单; 件件有着落、事事有回音) on the real engine, over REST as the
 * people who act: settled in the grid and rated, returned by a handler, reopened once, referred, anonymous.
 */
class ConcernPathsTest extends ConcernWalk {

    @Test
    void aBlockedDrainIsSettledInTheGridAndTheRequesterIsSatisfied() {
        String id = raiseConcern(RESIDENT, concern("农场社区下水井散发臭味"));

        assertThat(caseNumber(id)).matches("SQ-\\d{8}-[A-Z0-9]{6}");
        assertThat(variable(id, "triageLevel")).isEqualTo("grid");
        assertThat(variable(id, "timeLimitDays")).isEqualTo(3);
        Task dispatch = open(id, "Task_DispatchConcern");
        assertThat(dispatch.getTenantId()).isEqualTo("laojunying-3");
        assertThat(taskService.getIdentityLinksForTask(dispatch.getId())).extracting(IdentityLink::getGroupId)
                .containsExactlyInAnyOrder("party-committee", "residents-committee");
        // the time limit is defaulted from the triage table; the handlers offered are the grid's
        assertThat(variable(id, "handlerDeadline")).isEqualTo(today().plusDays(3).toString());
        assertThat(((SpinJsonNode) variable(id, "handlerPool")).elements()).extracting(o -> o.prop("value").stringValue())
                .containsExactlyInAnyOrder(GRID_WORKER, PROPERTY);

        dispatch(id, GRID_WORKER);
        Task accept = open(id, "Task_AcceptConcern");
        assertThat(accept.getAssignee()).isEqualTo(GRID_WORKER);
        complete(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        Task handle = open(id, "Task_HandleConcern");
        assertThat(handle.getDueDate()).isEqualTo(java.sql.Timestamp.valueOf(today().plusDays(3).atTime(23, 59, 59)));
        complete(GRID_WORKER, id, "Task_HandleConcern", Map.of("handlingOutcome", "settled",
                "handlingNotes", "联系市政公司更换下水管线并与主管线重新连接, 已不再有异味。"));

        assertThat(variable(id, "concernResult")).asString().startsWith("联系市政公司更换下水管线");
        assertThat(mailsTo(REQUESTER_MAIL)).singleElement().satisfies(m -> {
            assertThat(subject(m)).contains("已办结", "农场社区下水井散发臭味");
            assertThat(body(m)).contains("联系市政公司更换下水管线", caseNumber(id), "网格");
        });
        rate(id, "yes", null);
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
        assertThat(((SpinJsonNode) variable(id, Concerns.LOG)).elements()).extracting(e -> e.prop("step").stringValue())
                .containsExactly("dispatch", "accepted", "handled", "settled", "rated");
        // the record's history is its last version, which holds every earlier one; other variables keep every value
        assertThat(historyService.createHistoricDetailQuery().processInstanceId(id).variableUpdates().list())
                .extracting(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName())
                .doesNotContain(Concerns.LOG).contains("handlerResponse", "handlingOutcome", "satisfied");
    }

    @Test
    void aHandlerReturnsTheOrder_notSatisfiedReopensOnce_thenItIsClosed() {
        String id = raiseConcern(RESIDENT, concern("茂悦府2号楼电梯间卫生无人打扫"));
        dispatch(id, GRID_WORKER);
        Rest.Reply noReason = submit(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "return"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("returnReason");
        complete(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "return",
                "returnReason", "电梯间卫生属物业公司保洁范围, 请派给物业公司。"));
        assertThat(waitingAt(id)).containsExactly("Task_DispatchConcern");

        dispatch(id, PROPERTY);
        acceptAndSettle(id, PROPERTY, "已安排保洁每日打扫电梯间。");
        rate(id, "no", "只打扫了一天, 之后又没人管了。");

        assertThat(waitingAt(id)).containsExactly("Task_DispatchConcern");
        assertThat(variable(id, "reopenCount")).isEqualTo(1);
        assertThat(variable(id, "dissatisfactionReason")).isEqualTo("只打扫了一天, 之后又没人管了。");
        assertThat(variable(id, "satisfied")).isNull(); // the second return visit starts blank
        dispatch(id, PROPERTY);
        acceptAndSettle(id, PROPERTY, "保洁排班表已张贴在电梯间, 居民可随时监督。");
        rate(id, "no", "仍然不满意");

        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernClosedUnsatisfied");
        assertThat(((SpinJsonNode) variable(id, Concerns.LOG)).elements()).extracting(e -> e.prop("step").stringValue())
                .containsExactly("dispatch", "returned", "dispatch", "accepted", "handled", "settled", "rated",
                        "reopened", "dispatch", "accepted", "handled", "settled", "rated");
        assertThat(mailsTo(REQUESTER_MAIL)).hasSize(2);
    }

    @Test
    void notOurMatterIsReferredAndTheRequesterIsToldWhere() {
        String id = raiseConcern(RESIDENT, concern("第八幼儿园招生难"));
        Rest.Reply withoutWhere = submit(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "refer"));
        assertThat(withoutWhere.status()).isEqualTo(400);
        assertThat(withoutWhere.body()).contains("referredTo", "referralNote");

        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "refer", "referredTo", "市教育局",
                "referralNote", "幼儿园招生由市教育局统筹, 可拨打12345转教育局或到教育局窗口咨询。"));

        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernReferred");
        assertThat(mailsTo(REQUESTER_MAIL)).singleElement().satisfies(m -> {
            assertThat(subject(m)).contains("已转办");
            assertThat(body(m)).contains("市教育局", "可拨打12345");
        });
    }

    @Test
    void anAnonymousConcernIsAnsweredWithoutAReturnVisitAndNeverNamesTheRequester() {
        Map<String, Object> values = concern("楼道里有人堆放易燃杂物");
        values.put("channel", "back-to-back");
        String id = raiseConcern("ljy3-resident-representative", values);
        assertThat(variable(id, "anonymous")).isEqualTo(true);
        assertThat(variable(id, "requesterName")).isNull();

        dispatch(id, GRID_WORKER);
        acceptAndSettle(id, GRID_WORKER, "杂物已清理, 已在楼道张贴消防提示。");

        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernAnswered");
        assertThat(mailsTo(REQUESTER_MAIL)).isEmpty();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id).list())
                .extracting(v -> v.getName()).doesNotContain("requesterName", "requesterContact", "requesterEmail");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getStartUserId()).isNull();
    }

    @Test
    void aChargingMatterGoesToADeliberation_whichTheCommitteeRejects_andTheConcernReportsIt() {
        Map<String, Object> values = concern("水利大厦宿舍没有车棚和充电桩");
        values.put("category", "charging");
        values.put("scope", "estate");
        values.put("channel", "grid-patrol");
        String id = raiseConcern(GRID_WORKER, values);

        assertThat(variable(id, "needsDeliberation")).isEqualTo(true);
        ProcessInstance deliberation = called(id, "deliberation");
        assertThat(deliberation.getTenantId()).isEqualTo("laojunying-3");
        assertThat(deliberation.getBusinessKey()).startsWith("YT-");
        assertThat(runtimeService.getVariable(deliberation.getId(), "title")).isEqualTo("水利大厦宿舍没有车棚和充电桩");
        assertThat(runtimeService.getVariable(deliberation.getId(), "requesterName")).isEqualTo("路瑶");
        assertThat(runtimeService.getVariable(deliberation.getId(), "channel")).isEqualTo("face-to-face");
        assertThat(waitingAt(id)).containsExactly("Task_ReviewTopic");

        complete(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "reject",
                "rejectionReason", "车棚用地属于水利局, 已转请水利局统一规划。"));

        assertThat(variable(id, "deliberationResult")).isEqualTo("rejected");
        assertThat(variable(id, "concernResult")).isEqualTo("协商议题未予受理: 车棚用地属于水利局, 已转请水利局统一规划。");
        assertThat(variable(id, "resolvedBy")).asString().contains(deliberation.getBusinessKey());
        assertThat(mailsTo(REQUESTER_MAIL)).anyMatch(m -> body(m).contains("车棚用地属于水利局"));
        rate(id, "yes", null);
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
    }

    @Test
    void theDispatcherSendsAMatterToDeliberation_theVoteFails_andTheConcernReportsTheOutcome() {
        String id = raiseConcern(RESIDENT, concern("小区中心花园改建停车位"));
        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "deliberate",
                "dispatchNote", "涉及全体业主, 需要协商表决"));
        String deliberation = called(id, "deliberation").getId();

        complete(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept",
                "stakeholders", List.of("ljy3-cppcc-member"), "researchers", List.of("ljy3-cppcc-member")));
        complete("ljy3-cppcc-member", id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "花园面积约800平方米"));
        complete("ljy3-cppcc-member", id, "Task_GiveOpinion", Map.of("opinion", "保留绿地"));
        complete(COMMITTEE, id, "Task_SummariseSuggestions", Map.of("suggestions", "在花园外侧划20个车位"));
        complete("ljy3-deliberation-council", id, "Task_DraftPlan", Map.of("planContent", "花园外侧划20个车位",
                "costBearer", "业主", "planImplementer", "物业公司", "plannedCompletion", today().plusDays(60).toString()));
        complete(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "两委、物业、业主代表",
                "discussion", "逐条讨论", "consensus", "yes"));
        complete("ljy3-representative-assembly", id, "Task_RecordVote", Map.of("seatedRepresentatives", 30,
                "presentRepresentatives", 30, "votesFor", 8, "votesAgainst", 20, "votesAbstain", 2));
        complete(COMMITTEE, id, "Task_DecideAfterFailedVote", Map.of("afterFailedVote", "end",
                "failedVoteNote", "多数代表反对占用绿地"));

        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(deliberation).count()).isZero();
        assertThat(variable(id, "votePassed")).isEqualTo(false);
        assertThat(variable(id, "concernResult")).isEqualTo("方案未获居民代表会议通过: 多数代表反对占用绿地");
        assertThat(waitingAt(id)).containsExactly("Task_RateSatisfaction");
    }
}
