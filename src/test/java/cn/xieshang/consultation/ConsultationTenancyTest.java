package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * A consultation belongs to its host community (where the meeting is held and whose members are summoned), whatever
 * the platform level; the level decides who organises it. Managers see exactly the consultations of their
 * communities: the host community's staff, its street office, the district office — nobody else.
 */
class ConsultationTenancyTest extends ConsultationSupport {

    @Test
    void aStreetPlatformConsultationIsOrganisedByItsStreetAndSeenByItsCommunityStreetAndDistrictOnly() {
        Map<String, Object> values = proposal("老旧小区改造中的加装电梯问题", "street");
        values.put("communityId", "laojunying-3");
        String id = proposed("laojunying-street", values);

        assertThat(runtimeService.getVariable(id, "organiserGroup")).isEqualTo("street-office");
        assertThat(runtimeService.getVariable(id, "escalationGroup")).isEqualTo("district-office");
        assertThat(taskService.createTaskQuery().processInstanceId(id).list()).extracting(Task::getAssignee)
                .containsExactlyInAnyOrder(MEMBER, MEMBER_2);

        assertThat(instances("laojunying-street")).contains(id);
        assertThat(instances("district")).contains(id);
        assertThat(instances(COMMITTEE)).as("the host community's own staff").contains(id);
        assertThat(instances("yingze-street")).doesNotContain(id);
        assertThat(instances("smj2-party-committee")).doesNotContain(id);
        assertThat(as("yingze-street").get("/engine-rest/process-instance/" + id).status()).isEqualTo(404);
        assertThat(as("yingze-street").get("/engine-rest/history/process-instance/" + id).status()).isEqualTo(404);

        confirm(id, MEMBER, "yes", null);
        confirm(id, MEMBER_2, "yes", null);
        complete(MEMBER_2, id, "Task_FileResearch", research("走访需要加装电梯的6个单元"));
        Task review = taskService.createTaskQuery().processInstanceId(id).singleResult();
        assertThat(taskService.getIdentityLinksForTask(review.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("street-office");
        // another street's office holds the same role but not this community; the community's committee is no organiser
        assertThat(submit("yingze-street", id, "Task_ReviewResearch", Map.of("researchSufficient", "yes")).status())
                .isEqualTo(404);
        assertThat(submit(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "yes")).status())
                .isIn(403, 404);
        complete("laojunying-street", id, "Task_ReviewResearch", Map.of("researchSufficient", "yes"));
        assertThat(waitingAt(id)).containsExactly("Task_RecordMeeting");
    }

    @Test
    void aDistrictPlatformConsultationSummonsTheMembersOfTheCommunityItIsHeldIn() {
        Map<String, Object> values = proposal("创建国家卫生城市", "district");
        values.put("communityId", "shangmajie-2");
        String id = proposed("district", values);

        assertThat(runtimeService.getVariable(id, "platformLevelName")).isEqualTo("区级协商总平台");
        assertThat(runtimeService.getVariable(id, "communityName")).isEqualTo("上马街二社区");
        assertThat(taskService.createTaskQuery().processInstanceId(id).list()).extracting(Task::getAssignee)
                .containsExactlyInAnyOrder("smj2-cppcc-member", "smj2-cppcc-member-2");
        assertThat(instances("yingze-street")).contains(id);
        assertThat(instances("laojunying-street")).doesNotContain(id);
        assertThat(instances(COMMITTEE)).doesNotContain(id);
        assertThat(instances("smj2-party-committee")).contains(id);
    }

    @Test
    void theProposerMustOrganiseThatLevelAndBelongToTheCommunity() {
        long before = historyService.createHistoricProcessInstanceQuery().processDefinitionKey("consultation").count();
        long jobs = managementService.createJobQuery().processDefinitionKey("consultation").count();
        long tasks = taskService.createTaskQuery().processDefinitionKey("consultation").count();

        Rest.Reply committeeAtDistrictLevel = propose(COMMITTEE, proposal("全区养老服务体系", "district"));
        assertThat(committeeAtDistrictLevel.status()).isEqualTo(400);
        assertThat(committeeAtDistrictLevel.json().get("message").asText())
                .contains("(platformLevel)", "区级协商总平台的协商只能由区委区政府发起");

        Map<String, Object> otherStreet = proposal("上马街的议题", "street");
        otherStreet.put("communityId", "laojunying-3");
        Rest.Reply wrongStreet = propose("yingze-street", otherStreet);
        assertThat(wrongStreet.status()).isEqualTo(400);
        assertThat(wrongStreet.json().get("message").asText()).contains("(communityId)", "laojunying-3");

        Rest.Reply districtWithoutCommunity = propose("district", proposal("没有举办社区", "district"));
        assertThat(districtWithoutCommunity.status()).isEqualTo(400);
        assertThat(districtWithoutCommunity.json().get("message").asText()).contains("(communityId)");

        Map<String, Object> noMembers = proposal("柳巷社区没有委员", "district");
        noMembers.put("communityId", "liuxiang-01");
        Rest.Reply withoutMembers = propose("district", noMembers);
        assertThat(withoutMembers.status()).isEqualTo(400);
        assertThat(withoutMembers.json().get("message").asText()).contains("(communityId)", "没有按住址划分的政协委员");

        assertThat(propose("ljy3-resident", proposal("居民不能发起", "community")).status()).isIn(403, 404);
        assertThat(propose("ljy3-cppcc-member", proposal("委员不能发起", "community")).status()).isIn(403, 404);

        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("consultation").count())
                .isEqualTo(before);
        assertThat(managementService.createJobQuery().processDefinitionKey("consultation").count()).isEqualTo(jobs);
        assertThat(taskService.createTaskQuery().processDefinitionKey("consultation").count()).isEqualTo(tasks);
    }

    private List<String> instances(String user) {
        JsonNode list = as(user).get("/engine-rest/process-instance?processDefinitionKey=consultation&maxResults=10000").json();
        return StreamSupport.stream(list.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }
}
