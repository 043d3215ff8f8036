package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CPPCC consultation (请你来协商) walked entirely in Tasklist as the demo users: the community party committee
 * proposes it with the start form; the two members summoned answer (one comes, one cannot); the one who came files the
 * research (offered to them by name); the committee accepts it and records the meeting with two items for two
 * departments; one department answers in time, the other's deadline passes and the street office supervises it
 * before it answers; the district office signs for the written report, which ends the case.
 */
class ConsultationInTasklistTest extends TasklistWalk {

    static final String COMMITTEE = "ljy3-party-committee";
    static final String MEMBER = "ljy3-cppcc-member";
    static final String MEMBER_2 = "ljy3-cppcc-member-2";
    static final String UNIT = "ljy3-responsible-unit";
    static final String UNIT_2 = "ljy3-responsible-unit-2";
    static final String STREET = "laojunying-street";
    static final String DISTRICT = "district";

    static final List<String> FORMS = List.of("propose-consultation", "confirm-attendance",
            "file-consultation-research", "review-research", "record-meeting", "report-item-handling",
            "supervise-overdue-item", "acknowledge-report");

    /** An item of the meeting, as the committee records it. */
    record Item(String issue, String raisedBy, String suggestions, String department, String onSiteAnswer,
                LocalDate responseDeadline) {
    }

    @Test
    void elderlyCareFromTheProposalToTheLastAnswer() {
        tasklist.walk("consultation");
        String title = unique("加强社区养老工程建设");
        String id = startInTasklist(COMMITTEE, "consultation", "政协协商", title, form -> {
            form.type("title", title);
            form.type("description", "居家养老模式较为单一, 社区养老服务设施不足。");
            form.pick("platformLevel", "社区(村、委员工作室)协商微平台");
            form.type("platformName", "欢迎来协商");
            form.type("location", "老军营小区第三社区协商议事亭");
            form.date("plannedMeetingDate", today().plusDays(20));
        });
        assertThat(variable(id, "communityId")).isEqualTo("laojunying-3");

        // 社区吹哨, 委员报到: each summoned member's own task
        act(MEMBER, Tasklist.MY_TASKS, id, "Task_ConfirmAttendance",
                form -> form.pick("attending", "报到, 参加调研和协商会"));
        act(MEMBER_2, Tasklist.MY_TASKS, id, "Task_ConfirmAttendance", form -> {
            form.pick("attending", "不能参加");
            form.type("absenceReason", "出差在外。");
        });
        // 不调研不协商: offered by name to the member who came
        act(MEMBER, Tasklist.MY_TASKS, id, "Task_FileResearch", form -> {
            form.type("siteVisits", "走访老军营小区12户独居老人和日间照料中心。");
            form.number("respondents", 120);
            form.type("questionnaireSummary", "120份问卷中86份希望就近获得助餐和日间照料服务。");
            form.type("researchFindings", "助餐点不足, 日间照料室面积小。");
        });
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_ReviewResearch",
                form -> form.pick("researchSufficient", "充分, 可以召开协商会"));

        List<Item> items = List.of(
                new Item("居家养老模式较为单一", "政协委员 郗宝宝", "发挥“互联网+”模式, 打造嵌入式养老服务", UNIT,
                        "纳入今年计划", today().plusDays(10)),
                new Item("院内建筑垃圾和旧家具乱扔, 影响环境", "居民 李丽峰", "设置大件垃圾临时堆放点", UNIT_2,
                        "本周内清运", today().plusDays(1)));
        recordMeeting(id, items);
        assertThat(waitingAt(id)).containsExactly("Task_AcknowledgeReport", "Task_ReportItemHandling");
        assertThat(variable(id, "itemCount")).isEqualTo(2);

        // 逐项答复: the first department in time; the second's deadline passes and the street office supervises
        act(UNIT, Tasklist.MY_TASKS, id, "Task_ReportItemHandling", form -> {
            form.pick("handlingResult", "已解决");
            form.type("handlingNotes", "已在社区开设助餐点和日间照料室。");
        });
        passTime(id, 3);
        act(STREET, Tasklist.GROUP_TASKS, id, "Task_SuperviseOverdueItem",
                form -> form.type("superviseNotes", "请三日内清运并书面答复。"));
        act(UNIT_2, Tasklist.MY_TASKS, id, "Task_ReportItemHandling", form -> {
            form.pick("handlingResult", "已纳入计划, 正在办理");
            form.type("handlingNotes", "已联系城管局, 每周二集中清运大件垃圾。");
        });
        act(DISTRICT, Tasklist.GROUP_TASKS, id, "Task_AcknowledgeReport",
                form -> form.type("acknowledgementNote", "请民政局牵头落实。"));

        assertThat(endedAt(id)).isEqualTo("EndEvent_ConsultationCompleted");
        assertThat(variable(id, "itemResponses").toString()).contains("已在社区开设助餐点", "每周二集中清运大件垃圾");
        assertThat(variable(id, "supervisions").toString()).contains("请三日内清运并书面答复");
        assertWalked(Expect.MEETING_ITEMS_IN_BROWSER ? FORMS
                : FORMS.stream().filter(f -> !f.equals("record-meeting")).toList());
    }

    /**
     * The committee records the meeting (record-meeting) with its items: how many there are (itemCount), then each in
     * its numbered group (item1_…, item2_…), which the count shows. Without {@link Expect#MEETING_ITEMS_IN_BROWSER} the
     * meeting is recorded over REST with the same values.
     */
    private void recordMeeting(String id, List<Item> items) {
        if (!Expect.MEETING_ITEMS_IN_BROWSER) {
            completeOverRest(COMMITTEE, id, "Task_RecordMeeting", meeting(items));
            return;
        }
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_RecordMeeting", form -> {
            form.date("meetingDate", today());
            form.tick("membersPresent", label(id, "memberPool", MEMBER));
            form.number("departmentHeadsPresent", 2);
            form.number("residentsPresent", 15);
            form.number("enterprisesPresent", 1);
            form.type("attendeeNotes", "迎泽区民政局、城管局; 第三方养老服务企业");
            form.number("itemCount", items.size());
            for (int n = 1; n <= items.size(); n++) {
                Item item = items.get(n - 1);
                String group = "item" + n + "_";
                form.type(group + "issue", item.issue());
                form.type(group + "raisedBy", item.raisedBy());
                form.type(group + "suggestions", item.suggestions());
                form.choose(group + "department", label(id, "departmentPool", item.department()));
                form.type(group + "onSiteAnswer", item.onSiteAnswer());
                form.date(group + "responseDeadline", item.responseDeadline());
            }
        });
    }

    private static Map<String, Object> meeting(List<Item> items) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("issue", item.issue());
            values.put("raisedBy", item.raisedBy());
            values.put("suggestions", item.suggestions());
            values.put("department", item.department());
            values.put("onSiteAnswer", item.onSiteAnswer());
            values.put("responseDeadline", item.responseDeadline().toString());
            list.add(values);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("meetingDate", today().toString());
        values.put("membersPresent", List.of(MEMBER));
        values.put("departmentHeadsPresent", 2);
        values.put("residentsPresent", 15);
        values.put("enterprisesPresent", 1);
        values.put("attendeeNotes", "迎泽区民政局、城管局; 第三方养老服务企业");
        values.put("items", list);
        return values;
    }
}
