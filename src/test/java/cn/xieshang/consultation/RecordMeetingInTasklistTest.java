package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.TasklistBrowser;
import java.time.LocalDate;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * 记录协商会议 in Camunda Tasklist 7.24 as the organiser, in headless Chromium: the meeting's items are entered in
 * the form's numbered item groups (form-js 1.8 in Tasklist cannot complete a dynamic list), the task is completed in
 * the browser, and the case goes on with the items as the rest of the flow reads them. Screenshots in
 * {@code target/screenshots/record-meeting-*}.
 */
@EnabledIf(value = "cn.xieshang.support.TasklistBrowser#installed", disabledReason = TasklistBrowser.NOT_INSTALLED)
class RecordMeetingInTasklistTest extends ConsultationSupport {

    private static TasklistBrowser browser;

    /** The case whose meeting is open in the browser. */
    private String meeting;

    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.keepEvidence("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeEach
    void startBrowser() throws Exception {
        if (browser == null) {
            browser = TasklistBrowser.start(port);
        }
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void theOrganiserRecordsTwoItemsInTasklistAndEachGoesToItsDepartment() {
        String id = toMeeting(unique("老旧小区加装电梯"));
        LocalDate today = today();
        openTheMeeting(id);
        browser.screenshot("record-meeting-01-opened");

        fillAttendance(today);
        assertThat(browser.fields("Field_item2_issue")).as("one item group to begin with").isEmpty();
        browser.number("Field_itemCount", 2);
        browser.waitFor(TasklistBrowser.field("Field_item2_issue"));
        assertThat(browser.fields("Field_item3_issue")).isEmpty();
        fillItem(1, "3号楼老人上下楼困难, 希望加装电梯", "居民 王秀兰", "ljy3-responsible-unit", today.plusDays(10));
        assertThat(browser.completeButton().isEnabled()).as("Complete stays enabled once an item is typed").isTrue();
        fillItem(2, "加装电梯费用分摊意见不一", "政协委员 任丽红", "ljy3-responsible-unit-2", today.plusDays(20));
        browser.screenshot("record-meeting-02-items-filled");
        assertThat(browser.completeButton().isEnabled()).isTrue();
        browser.complete();

        browser.waitUntil(() -> !waitingAt(id).contains("Task_RecordMeeting"));
        browser.screenshot("record-meeting-03-completed");
        executeAsyncSteps(id);
        assertThat(waitingAt(id)).containsExactly("Task_AcknowledgeReport", "Task_ReportItemHandling");
        SpinJsonNode items = (SpinJsonNode) runtimeService.getVariable(id, MeetingRecord.ITEMS);
        assertThat(items.elements()).hasSize(2);
        SpinJsonNode first = items.elements().get(0);
        assertThat(first.prop("number").numberValue().intValue()).isEqualTo(1);
        assertThat(first.prop("issue").stringValue()).isEqualTo("3号楼老人上下楼困难, 希望加装电梯");
        assertThat(first.prop("raisedBy").stringValue()).isEqualTo("居民 王秀兰");
        assertThat(first.prop("department").stringValue()).isEqualTo("ljy3-responsible-unit");
        assertThat(first.prop("responseDeadline").stringValue()).isEqualTo(today.plusDays(10).toString());
        assertThat(first.prop("departmentName").stringValue()).isNotBlank();
        assertThat(items.elements().get(1).prop("department").stringValue()).isEqualTo("ljy3-responsible-unit-2");
        assertThat(runtimeService.getVariable(id, "itemCount")).isEqualTo(2);
        assertThat(runtimeService.getVariable(id, "participantCount")).isEqualTo(1 + 2 + 15 + 1);
        assertThat(runtimeService.getVariable(id, "attendeeNotes")).isEqualTo("迎泽区住建局; 电梯安装企业");
        // each item went to its department, due at its deadline
        Task second = taskOf(id, "Task_ReportItemHandling", "ljy3-responsible-unit-2");
        assertThat(taskService.getVariable(second.getId(), "itemIssue")).isEqualTo("加装电梯费用分摊意见不一");
        assertThat(taskOf(id, "Task_ReportItemHandling", "ljy3-responsible-unit")).isNotNull();
        assertThat(taskService.getProcessInstanceAttachments(id)).singleElement()
                .satisfies(a -> assertThat(a.getName()).endsWith(".pdf"));
    }

    @Test
    void anItemMissingAFieldIsShownAtThatItemAndAnItemTheRulesRefuseIsNamedByNumber() {
        String id = toMeeting(unique("小区停车位紧张"));
        LocalDate today = today();
        openTheMeeting(id);
        fillAttendance(today);
        browser.number("Field_itemCount", 2);
        fillItem(1, "外来车辆占用车位", "居民 杜翠萍", "ljy3-property-company", today.plusDays(10));
        fillItem(2, "夜间停车无人管理", "网格员 李慧慧", "ljy3-responsible-unit", today.plusDays(10));
        browser.type("Field_item2_raisedBy", "");

        // the form itself: the missing field is marked inside item 2, and the task cannot be completed yet
        WebElement item2 = browser.waitFor(By.cssSelector("[aria-labelledby$='-Group_item2']"));
        WebElement error = browser.waitFor(By.cssSelector("[aria-labelledby$='-Group_item2'] .fjs-has-errors"));
        assertThat(error.findElements(By.cssSelector("[id$='-Field_item2_raisedBy']"))).isNotEmpty();
        assertThat(item2.findElement(By.cssSelector(".fjs-form-field-label")).getText()).isEqualTo("第 2 项");
        assertThat(browser.driver().findElements(By.cssSelector("[aria-labelledby$='-Group_item1'] .fjs-has-errors")))
                .isEmpty();
        assertThat(browser.completeButton().isEnabled()).isFalse();
        browser.scrollTo(error);
        browser.screenshot("record-meeting-04-item-2-incomplete");

        // the rules in the model: a deadline that is not after today, refused by the server naming item 2
        browser.type("Field_item2_raisedBy", "网格员 李慧慧");
        browser.date("Field_item2_responseDeadline-date", today);
        browser.waitUntil(() -> browser.completeButton().isEnabled());
        browser.complete();
        String refusal = browser.notification();
        browser.screenshot("record-meeting-05-item-2-refused");
        assertThat(refusal).contains("第 2 项", "办理答复期限(responseDeadline)必须晚于今天").doesNotContain("第 1 项");
        assertThat(waitingAt(id)).containsExactly("Task_RecordMeeting");
        assertThat(runtimeService.getVariable(id, MeetingRecord.ITEMS)).isNull();
    }

    /** Lowering the number of items hides the groups beyond it: what was typed there is not submitted. */
    @Test
    void itemsHiddenByALowerCountAreNotRecorded() {
        String id = toMeeting(unique("社区食堂"));
        LocalDate today = today();
        openTheMeeting(id);
        fillAttendance(today);
        browser.number("Field_itemCount", 3);
        fillItem(1, "老人就餐不便", "居民 王秀兰", "ljy3-responsible-unit", today.plusDays(10));
        fillItem(2, "食堂价格偏高", "居民 杜翠萍", "ljy3-responsible-unit", today.plusDays(10));
        fillItem(3, "已合并到第 1 项", "居民 李丽峰", "ljy3-responsible-unit", today.plusDays(10));
        browser.number("Field_itemCount", 2);
        browser.waitUntil(() -> browser.fields("Field_item3_issue").isEmpty());
        browser.complete();

        browser.waitUntil(() -> !waitingAt(id).contains("Task_RecordMeeting"));
        SpinJsonNode items = (SpinJsonNode) runtimeService.getVariable(id, MeetingRecord.ITEMS);
        assertThat(items.elements()).extracting(i -> i.prop("issue").stringValue())
                .containsExactly("老人就餐不便", "食堂价格偏高");
        assertThat(runtimeService.getVariable(id, "itemCount")).isEqualTo(2);
    }

    /**
     * form-js keeps the errors of fields a condition hides; Tasklist counted them, so a group of items left empty
     * and then hidden by a lower count kept Complete disabled (scripts/complete-button.js).
     */
    @Test
    void anItemGroupHiddenAfterShowingErrorsNoLongerBlocksComplete() {
        String id = toMeeting(unique("垃圾分类"));
        LocalDate today = today();
        openTheMeeting(id);
        fillAttendance(today);
        browser.number("Field_itemCount", 3);
        fillItem(1, "垃圾分类投放点太少", "居民 王秀兰", "ljy3-responsible-unit", today.plusDays(10));
        fillItem(2, "厨余垃圾清运不及时", "居民 杜翠萍", "ljy3-property-company", today.plusDays(10));
        browser.type("Field_item3_issue", "");
        browser.type("Field_item3_raisedBy", "");
        browser.waitFor(By.cssSelector("[aria-labelledby$='-Group_item3'] .fjs-has-errors"));
        browser.waitUntil(() -> !browser.completeButton().isEnabled());

        browser.number("Field_itemCount", 2);
        browser.waitUntil(() -> browser.fields("Field_item3_issue").isEmpty());
        browser.waitUntil(() -> browser.completeButton().isEnabled());
        browser.screenshot("record-meeting-06-third-item-dropped");
        browser.complete();

        browser.waitUntil(() -> !waitingAt(id).contains("Task_RecordMeeting"));
        assertThat(((SpinJsonNode) runtimeService.getVariable(id, MeetingRecord.ITEMS)).elements())
                .extracting(i -> i.prop("issue").stringValue()).containsExactly("垃圾分类投放点太少", "厨余垃圾清运不及时");
    }

    /** As the organiser (the community party committee): 本组待办, the task, claimed. */
    private void openTheMeeting(String id) {
        meeting = id;
        browser.logIn(COMMITTEE, DEMO_PASSWORD);
        browser.openFromFilter("本组待办", taskOf(id, "Task_RecordMeeting").getId());
        browser.claim();
    }

    private void fillAttendance(LocalDate today) {
        browser.date("Field_meetingDate-date", today);
        browser.tick("Field_membersPresent", label("memberPool", MEMBER));
        browser.number("Field_departmentHeadsPresent", 2);
        browser.number("Field_residentsPresent", 15);
        browser.number("Field_enterprisesPresent", 1);
        browser.type("Field_attendeeNotes", "迎泽区住建局; 电梯安装企业");
    }

    private void fillItem(int n, String issue, String raisedBy, String department, LocalDate deadline) {
        String item = "Field_item" + n + "_";
        browser.type(item + "issue", issue);
        browser.type(item + "raisedBy", raisedBy);
        browser.type(item + "suggestions", "委员建议: 先征求全体住户意见, 按楼层分摊");
        browser.choose(item + "department", label("departmentPool", department));
        browser.type(item + "onSiteAnswer", "部门负责人当场答复: 纳入今年加装电梯计划");
        browser.date(item + "responseDeadline-date", deadline);
    }

    private Task taskOf(String id, String taskKey) {
        return taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).singleResult();
    }

    /** The label the case's pool variable offers for a user, as the form shows it. */
    private String label(String pool, String user) {
        return ((SpinJsonNode) runtimeService.getVariable(meeting, pool)).elements().stream()
                .filter(o -> o.prop("value").stringValue().equals(user)).findFirst().orElseThrow()
                .prop("label").stringValue();
    }
}
