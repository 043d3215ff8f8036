package cn.xieshang.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.Test;

/** Step 1 of the seven-step method, 多种渠道"提议题": every path, walked over REST as the people who take it. */
class RaiseTopicTest extends IntegrationTest {

    private static final String RESIDENT = "ljy3-resident";
    private static final String COMMITTEE = "ljy3-party-committee";

    @Test
    void aRaisedTopicWaitsForTheCommunityPartyCommitteeOfTheRequestersCommunity() {
        String id = raise(RESIDENT, topic("水利大厦宿舍缺少充电桩"));

        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(id).singleResult();
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
        assertThat(instance.getBusinessKey()).matches("YT-\\d{8}-[A-Z0-9]{6}");
        Task review = task(id);
        assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
        assertThat(review.getTenantId()).isEqualTo("laojunying-3");
        assertThat(review.getDueDate()).isAfter(review.getCreateTime());
        assertThat(taskService.getIdentityLinksForTask(review.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("party-committee");
        assertThat(runtimeService.getVariable(id, "communityName")).isEqualTo("老军营小区第三社区");
        assertThat(runtimeService.getVariable(id, "streetId")).isEqualTo("laojunying");
        // the think tank offered to the committee: people of this community only
        SpinJsonNode pool = (SpinJsonNode) runtimeService.getVariable(id, "stakeholderPool");
        List<String> offered = pool.elements().stream().map(o -> o.prop("value").stringValue()).toList();
        assertThat(offered).contains("ljy3-cppcc-member", "ljy3-resident-representative", "ljy3-property-company")
                .noneMatch(u -> u.startsWith("smj2-")).doesNotContain(RESIDENT);
    }

    @Test
    void acceptedWithStakeholdersAndResearchers() {
        String id = raise(RESIDENT, topic("机电小区地下室管道漏水"));
        Rest.Reply done = complete(COMMITTEE, id, Map.of("decision", "accept",
                "stakeholders", List.of("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative"),
                "researchers", List.of("ljy3-cppcc-member")));

        assertThat(done.status()).as(done.body()).isEqualTo(204);
        assertThat(historicValue(id, "stakeholders").toString())
                .contains("ljy3-cppcc-member", "ljy3-property-company", "ljy3-resident-representative");
        // the requester is told (an asynchronous step), then the research is filed before any consultation
        executeAsyncSteps(id);
        Task research = task(id);
        assertThat(research.getTaskDefinitionKey()).isEqualTo("Task_FileResearch");
        assertThat(taskService.getIdentityLinksForTask(research.getId())).extracting(IdentityLink::getUserId)
                .containsExactly("ljy3-cppcc-member");
    }

    @Test
    void acceptingNeedsStakeholdersFromThePool() {
        String id = raise(RESIDENT, topic("小区东门路灯损坏"));
        Rest.Reply none = complete(COMMITTEE, id, Map.of("decision", "accept"));
        Rest.Reply stranger = complete(COMMITTEE, id, Map.of("decision", "accept",
                "stakeholders", List.of("smj2-cppcc-member")));

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("stakeholders").contains("必填");
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.body()).contains("stakeholders").contains("smj2-cppcc-member");
        assertThat(task(id).getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
    }

    @Test
    void rejectedWithAReason() {
        String id = raise(RESIDENT, topic("建议小区门口开一家超市"));
        Rest.Reply withoutReason = complete(COMMITTEE, id, Map.of("decision", "reject"));
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.body()).contains("rejectionReason");
        assertThat(task(id)).isNotNull();

        Rest.Reply done = complete(COMMITTEE, id, Map.of("decision", "reject",
                "rejectionReason", "属于商业经营事项, 不属于社区协商范围, 已告知居民可向市场监管部门反映。"));

        assertThat(done.status()).as(done.body()).isEqualTo(204);
        assertThat(endEvent(id)).isEqualTo("EndEvent_TopicRejected");
        assertThat(historicValue(id, "rejectionReason")).asString().startsWith("属于商业经营事项");
    }

    @Test
    void mergedIntoAnOpenTopicOfTheSameCommunity() {
        String first = raise(RESIDENT, topic("电动车飞线充电的安全隐患"));
        String second = raise("ljy3-grid-worker", topic("3号楼楼道里停放电动车充电"));
        String firstNumber = runtimeService.createProcessInstanceQuery().processInstanceId(first).singleResult()
                .getBusinessKey();
        String secondNumber = historyService.createHistoricProcessInstanceQuery().processInstanceId(second)
                .singleResult().getBusinessKey();

        Rest.Reply done = complete(COMMITTEE, second, Map.of("decision", "merge", "mergedInto", firstNumber));

        assertThat(done.status()).as(done.body()).isEqualTo(204);
        assertThat(endEvent(second)).isEqualTo("EndEvent_TopicMerged");
        SpinJsonNode merged = (SpinJsonNode) runtimeService.getVariable(first, TopicMerge.MERGED_TOPICS);
        assertThat(merged.elements()).hasSize(1);
        assertThat(merged.elements().get(0).prop("caseNumber").stringValue()).isEqualTo(secondNumber);
        assertThat(merged.elements().get(0).prop("title").stringValue()).isEqualTo("3号楼楼道里停放电动车充电");
        assertThat(task(first).getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
    }

    @Test
    void mergingIntoAnUnknownOrForeignTopicIsRejectedAndChangesNothing() {
        String foreign = raise("smj2-resident", topic("上马街二社区的垃圾清运"));
        String foreignNumber = runtimeService.createProcessInstanceQuery().processInstanceId(foreign).singleResult()
                .getBusinessKey();
        String id = raise(RESIDENT, topic("垃圾清运不及时"));

        Rest.Reply unknown = complete(COMMITTEE, id, Map.of("decision", "merge", "mergedInto", "YT-20260101-ZZZZZZ"));
        Rest.Reply other = complete(COMMITTEE, id, Map.of("decision", "merge", "mergedInto", foreignNumber));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("mergedInto").contains("YT-20260101-ZZZZZZ");
        assertThat(other.status()).isEqualTo(400);
        assertThat(task(id).getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
        assertThat(runtimeService.getVariable(foreign, TopicMerge.MERGED_TOPICS)).isNull();
    }

    @Test
    void aBackToBackRequesterIsNeverIdentifiable() {
        Map<String, Object> values = topic("物业公司服务差, 公共设施长期不修");
        values.put("channel", "back-to-back");
        // even if a client sends the identity, it is not kept
        String id = raise(RESIDENT, values);

        assertAnonymous(id);
    }

    @Test
    void anAnonymousRequesterThroughAnyChannelIsNeverIdentifiable() {
        Map<String, Object> values = topic("楼上住户噪音扰民");
        values.put("channel", "online");
        values.put("anonymous", true);
        values.remove("requesterName");
        values.remove("requesterContact");
        String id = raise(RESIDENT, values);

        assertAnonymous(id);
        Rest.Reply accepted = complete(COMMITTEE, id, Map.of("decision", "accept",
                "stakeholders", List.of("ljy3-resident-representative"), "researchers", List.of("ljy3-grid-worker")));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
        assertAnonymous(id);
    }

    @Test
    void aNamedRequesterIsVisibleToTheCommitteeWhileTheCaseRunsButNeverKeptInHistory() {
        String id = raise(RESIDENT, topic("小区绿化带死树需要补种"));

        JsonNode variables = as(COMMITTEE).get("/engine-rest/process-instance/" + id + "/variables").json();
        assertThat(variables.path("requesterName").path("value").asText()).isEqualTo("杜翠萍");
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricDetailQuery().processInstanceId(id).list())
                .noneMatch(d -> d.toString().contains("requesterName") || d.toString().contains("13912345678"));
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getStartUserId()).isEqualTo(RESIDENT);
    }

    private void assertAnonymous(String id) {
        assertThat(runtimeService.createVariableInstanceQuery().processInstanceIdIn(id)
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricDetailQuery().processInstanceId(id).list())
                .noneMatch(d -> d.toString().contains("杜翠萍") || d.toString().contains("13912345678"));
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(id).singleResult();
        assertThat(instance.getStartUserId()).isNull();
        assertThat(historyService.createHistoricIdentityLinkLogQuery().list())
                .noneMatch(link -> RESIDENT.equals(link.getAssignerId()) && historyService.createHistoricTaskInstanceQuery()
                        .processInstanceId(id).taskId(link.getTaskId()).count() > 0);
        assertThat(historyService.createUserOperationLogQuery().processInstanceId(id).userId(RESIDENT).list())
                .extracting(e -> e.getOperationType() + "/" + e.getEntityType() + "/" + e.getProperty())
                .isEmpty();
        assertThat(Boolean.TRUE).isEqualTo(historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(id).variableName("anonymous").singleResult().getValue());
        // what the committee and the managers can read over REST does not name the requester
        for (String reader : List.of(COMMITTEE, "laojunying-street", "district")) {
            String taskId = historyService.createHistoricTaskInstanceQuery().processInstanceId(id).list().get(0).getId();
            for (String path : List.of("/history/process-instance/" + id,
                    "/history/variable-instance?processInstanceId=" + id,
                    "/history/identity-link-log?taskId=" + taskId,
                    "/history/user-operation?processInstanceId=" + id, "/history/task?processInstanceId=" + id,
                    "/history/activity-instance?processInstanceId=" + id, "/history/detail?processInstanceId=" + id,
                    "/task/" + taskId + "/comment", "/task/" + taskId + "/attachment")) {
                assertThat(as(reader).get("/engine-rest" + path).body()).as(reader + " " + path)
                        .doesNotContain(RESIDENT).doesNotContain("杜翠萍").doesNotContain("13912345678");
            }
        }
    }

    private Rest.Reply complete(String user, String processInstanceId, Map<String, ?> values) {
        Task task = task(processInstanceId);
        return as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
    }

    private String endEvent(String processInstanceId) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count()).isZero();
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityType("noneEndEvent").list().stream().map(HistoricActivityInstance::getActivityId)
                .findFirst().orElseThrow();
    }

    private Object historicValue(String processInstanceId, String name) {
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName(name).singleResult().getValue();
    }
}
