package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Step 1 in a real browser: the raise-topic and review-topic forms as Camunda Tasklist 7.24 (form-js) renders and
 * submits them, in headless Chromium. Needs the Debian packages {@code chromium} and {@code chromium-driver}; skipped
 * without them. Screenshots of the key pages are kept in {@code target/screenshots/}. The whole processes are walked
 * in the {@code *InTasklistTest} classes.
 */
@EnabledIf(value = "browserInstalled", disabledReason = TasklistWalk.NO_BROWSER)
class TasklistBrowserTest extends TasklistWalk {

    private static final String RESIDENT = "ljy3-resident";
    private static final String COMMITTEE = "ljy3-party-committee";

    @Test
    void aResidentRaisesATopicInTasklistAndTheCommitteeAcceptsItWithTwoStakeholders() {
        String title = unique("楼道堆物堵塞消防通道");
        tasklist.logIn(RESIDENT);
        tasklist.startProcess("社区协商议事");
        tasklist.screenshot("01-raise-topic-form");
        tasklist.type("title", title);
        tasklist.type("description", "5号楼2单元楼道长期堆放杂物和电动车, 消防通道被堵。");
        tasklist.type("location", "5号楼2单元");
        tasklist.choose("category", "安全隐患");
        tasklist.choose("channel", "面对面");
        tasklist.type("requesterName", "王秀兰");
        tasklist.type("requesterContact", "13812345678");
        tasklist.screenshot("02-raise-topic-filled");
        tasklist.start();

        ProcessInstance instance = instanceTitled(title);
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
        assertThat(instance.getBusinessKey()).matches("YT-\\d{8}-[A-Z0-9]{6}");
        assertThat(runtimeService.getVariables(instance.getId())).containsAllEntriesOf(Map.of(
                "title", title,
                "description", "5号楼2单元楼道长期堆放杂物和电动车, 消防通道被堵。",
                "location", "5号楼2单元",
                "category", "safety",
                "channel", "face-to-face",
                "requesterName", "王秀兰",
                "requesterContact", "13812345678",
                "communityId", "laojunying-3"));
        Task review = task(instance.getId());
        assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
        List<String> pool = pool(instance.getId());
        assertThat(pool).hasSizeGreaterThanOrEqualTo(2);

        tasklist.logOut();
        tasklist.logIn(COMMITTEE);
        tasklist.openByLink(Tasklist.GROUP_TASKS, review);
        WebElement form = tasklist.waitFor(By.cssSelector(".task-details .fjs-container"));
        tasklist.screenshot("03-review-topic-unclaimed");
        assertThat(form.findElement(By.cssSelector(".fjs-form-field-text")).getText())
                .contains(title).contains("5号楼2单元").contains("老军营小区第三社区");
        tasklist.claim();
        tasklist.waitUntil(() -> COMMITTEE.equals(task(instance.getId()).getAssignee()));
        tasklist.pick("decision", "受理");
        tasklist.waitFor(Tasklist.fieldLocator("stakeholders-0"));
        List<String> labels = poolLabels(instance.getId());
        assertThat(tasklist.options("stakeholders")).as("the checklist offers the Json stakeholderPool")
                .containsExactlyElementsOf(labels);
        tasklist.tick("stakeholders", labels.get(0));
        tasklist.tick("stakeholders", labels.get(1));
        if (!tasklist.fields("researchers-0").isEmpty()) {
            // the seven-step model also asks whom to send researching when a topic is accepted
            tasklist.tick("researchers", tasklist.options("researchers").get(0));
        }
        tasklist.screenshot("04-review-topic-accepting");
        tasklist.complete();

        tasklist.waitUntil(() -> runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId())
                .activityIdIn("Task_ReviewTopic").count() == 0);
        tasklist.screenshot("05-review-topic-completed");
        assertAcceptedPath(instance.getId());
        Object stakeholders = historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId()).variableName("stakeholders").singleResult().getValue();
        assertThat(stakeholders).isInstanceOf(SpinJsonNode.class);
        assertThat(((SpinJsonNode) stakeholders).elements()).extracting(SpinJsonNode::stringValue)
                .containsExactlyInAnyOrder(pool.get(0), pool.get(1));
    }

    @Test
    void aBackToBackTopicHidesTheRequestersFieldsAndKeepsNoIdentity() {
        String title = unique("物业费收支不公开");
        tasklist.logIn(RESIDENT);
        tasklist.startProcess("社区协商议事");
        assertThat(tasklist.field("requesterName").isDisplayed()).isTrue();
        assertThat(tasklist.field("requesterContact").isDisplayed()).isTrue();
        tasklist.type("title", title);
        tasklist.type("description", "物业公司从未公示物业费和公共收益的收支情况。");
        tasklist.type("location", "老军营小区");
        tasklist.choose("category", "物业服务");
        tasklist.choose("channel", "背靠背(匿名)");
        tasklist.waitUntil(() -> tasklist.fields("requesterName").isEmpty() && tasklist.fields("requesterContact").isEmpty());
        assertThat(tasklist.fields("anonymous")).as("the anonymous checkbox is implied by 背靠背").isEmpty();
        tasklist.screenshot("06-raise-topic-back-to-back");
        tasklist.start();

        ProcessInstance instance = instanceTitled(title);
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
        assertThat(runtimeService.getVariable(instance.getId(), "anonymous")).isEqualTo(Boolean.TRUE);
        assertThat(runtimeService.getVariable(instance.getId(), "channel")).isEqualTo("back-to-back");
        assertThat(runtimeService.createVariableInstanceQuery().processInstanceIdIn(instance.getId())
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
                .singleResult().getStartUserId()).isNull();
    }

    @Test
    void aMergeTheServerRefusesIsShownInTasklistAndTheTaskStays() {
        String id = raise(RESIDENT, topic(unique("垃圾清运不及时")));
        Task review = task(id);

        String error = mergeIntoAnUnknownTopic(review);

        tasklist.screenshot("07-review-topic-merge-refused");
        assertThat(error).contains("合并到的议题编号").contains("YT-20260101-ZZZZZZ");
        assertThat(task(id).getId()).isEqualTo(review.getId());
        assertThat(task(id).getAssignee()).isEqualTo(COMMITTEE);
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
        assertThat(tasklist.showsTaskForm()).isTrue();
    }

    /**
     * Tasklist completes tasks through the webapp's own REST API ({@code /camunda/api/engine}): a refused form must
     * read as the rule that refused it, not as a server error with a Java exception name.
     */
    @Test
    void aRefusalInTasklistReadsAsTheRuleOnly() {
        String error = mergeIntoAnUnknownTopic(task(raise(RESIDENT, topic(unique("路灯不亮")))));

        // Camunda's own prefix ("Cannot submit task form <id>:") stays; no Java exception reaches the person
        assertThat(error).contains("输入有误", "合并到的议题编号(mergedInto)").doesNotContain("Exception");
    }

    /**
     * review-topic.form (and the later steps' forms) template {@code {{caseNumber}}}, but the case number is the
     * business key and no process variable {@code caseNumber} exists: Tasklist renders "(编号 )".
     */
    @Test
    void theReviewFormShowsTheCaseNumber() {
        String id = raise(RESIDENT, topic(unique("小区路面坑洼")));
        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();
        tasklist.logIn(COMMITTEE);
        tasklist.openLink(task(id));

        assertThat(tasklist.waitFor(By.cssSelector(".task-details .fjs-form-field-text")).getText()).contains(caseNumber);
    }

    /** As the committee: claim the task, merge it into a case number that does not exist; the error shown. */
    private String mergeIntoAnUnknownTopic(Task review) {
        tasklist.logIn(COMMITTEE);
        tasklist.openLink(review);
        tasklist.claim();
        tasklist.waitUntil(() -> COMMITTEE.equals(taskService.createTaskQuery().taskId(review.getId()).singleResult()
                .getAssignee()));
        tasklist.pick("decision", "合并到已有议题");
        tasklist.type("mergedInto", "YT-20260101-ZZZZZZ");
        tasklist.complete();
        return tasklist.errorAlert();
    }

    // --- the engine

    private ProcessInstance instanceTitled(String title) {
        tasklist.waitUntil(() -> runtimeService.createProcessInstanceQuery().processDefinitionKey("deliberation")
                .variableValueEquals("title", title).count() == 1);
        return runtimeService.createProcessInstanceQuery().processDefinitionKey("deliberation")
                .variableValueEquals("title", title).singleResult();
    }

    private List<String> pool(String processInstanceId) {
        return poolEntries(processInstanceId).stream().map(o -> o.prop("value").stringValue()).toList();
    }

    private List<String> poolLabels(String processInstanceId) {
        return poolEntries(processInstanceId).stream().map(o -> o.prop("label").stringValue()).toList();
    }

    private List<SpinJsonNode> poolEntries(String processInstanceId) {
        return ((SpinJsonNode) runtimeService.getVariable(processInstanceId, "stakeholderPool")).elements();
    }

    /** The review took the accepted path: to EndEvent_TopicAccepted where the model ends step 1 there. */
    private void assertAcceptedPath(String processInstanceId) {
        List<String> activities = historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).finished().list().stream()
                .map(HistoricActivityInstance::getActivityId).toList();
        assertThat(activities).contains("Task_ReviewTopic")
                .doesNotContain("EndEvent_TopicRejected", "Task_MergeTopic", "EndEvent_TopicMerged");
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName("decision").singleResult().getValue()).isEqualTo("accept");
        String definitionId = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult().getProcessDefinitionId();
        if (engine.getRepositoryService().getBpmnModelInstance(definitionId)
                .getModelElementById("EndEvent_TopicAccepted") != null) {
            assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count())
                    .isZero();
            assertThat(activities).contains("EndEvent_TopicAccepted");
        }
    }

}
