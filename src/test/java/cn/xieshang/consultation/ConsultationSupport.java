package cn.xieshang.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import cn.xieshang.notification.TaskMailPlugin;

/** Steps of the {@code consultation} process over REST, as the people who take them. */
abstract class ConsultationSupport extends IntegrationTest {

    static final String COMMITTEE = "ljy3-party-committee";
    static final String MEMBER = "ljy3-cppcc-member";
    static final String MEMBER_2 = "ljy3-cppcc-member-2";

    /** A complete, valid proposal as the propose-consultation form submits it. */
    static Map<String, Object> proposal(String title, String level) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("description", "居家养老模式较为单一, 社区养老服务设施不足。");
        values.put("platformLevel", level);
        values.put("platformName", "欢迎来协商");
        values.put("location", "老军营小区第三社区协商议事亭");
        values.put("plannedMeetingDate", today().plusDays(20).toString());
        return values;
    }

    /** Today on the engine clock, which the forms' date rules use. */
    static LocalDate today() {
        return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), java.time.ZoneId.systemDefault());
    }

    Rest.Reply propose(String user, Map<String, Object> values) {
        return as(user).post("/engine-rest/process-definition/key/consultation/submit-form", Rest.variables(values));
    }

    String proposed(String user, Map<String, Object> values) {
        Rest.Reply reply = propose(user, values);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("id").asText();
    }

    Map<String, Object> research(String visits) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("siteVisits", visits);
        values.put("respondents", 120);
        values.put("questionnaireSummary", "120份问卷中86份希望就近获得助餐和日间照料服务");
        return values;
    }

    static Map<String, Object> item(String issue, String raisedBy, String department, LocalDate deadline) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("issue", issue);
        item.put("raisedBy", raisedBy);
        item.put("suggestions", "发挥“互联网+”模式, 打造嵌入式养老服务");
        item.put("department", department);
        item.put("onSiteAnswer", "部门负责人当场回应: 纳入今年计划");
        item.put("responseDeadline", deadline.toString());
        return item;
    }

    static Map<String, Object> meeting(List<Map<String, Object>> items) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("meetingDate", today().toString());
        values.put("membersPresent", List.of(MEMBER));
        values.put("departmentHeadsPresent", 2);
        values.put("residentsPresent", 15);
        values.put("enterprisesPresent", 1);
        values.put("attendeeNotes", "迎泽区民政局、城管局; 第三方养老服务企业");
        values.put("items", items);
        return values;
    }

    /** Brings a fresh community-level consultation of laojunying-3 to its meeting: both summoned, one confirms. */
    String toMeeting(String title) {
        String id = proposed(COMMITTEE, proposal(title, "community"));
        confirm(id, MEMBER, "yes", null);
        confirm(id, MEMBER_2, "yes", null);
        complete(MEMBER, id, "Task_FileResearch", research("走访老军营小区12户独居老人"));
        complete(COMMITTEE, id, "Task_ReviewResearch", Map.of("researchSufficient", "yes"));
        assertThat(waitingAt(id)).containsExactly("Task_RecordMeeting");
        return id;
    }

    void confirm(String id, String member, String attending, String reason) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("attending", attending);
        if (reason != null) {
            values.put("absenceReason", reason);
        }
        Rest.Reply reply = submitAs(member, taskOf(id, "Task_ConfirmAttendance", member), values);
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    Task taskOf(String id, String taskKey, String assignee) {
        return taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).taskAssignee(assignee)
                .singleResult();
    }

    Rest.Reply submitAs(String user, Task task, Map<String, ?> values) {
        assertThat(task).as("open task for " + user).isNotNull();
        return as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
    }

    Rest.Reply submit(String user, String id, String taskKey, Map<String, ?> values) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).list();
        assertThat(tasks).as("open " + taskKey + " in " + waitingAt(id)).hasSize(1);
        return as(user).post("/engine-rest/task/" + tasks.get(0).getId() + "/submit-form", Rest.variables(values));
    }

    void complete(String user, String id, String taskKey, Map<String, ?> values) {
        Rest.Reply reply = submit(user, id, taskKey, values);
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        executeAsyncSteps(id);
    }

    List<String> waitingAt(String id) {
        return taskService.createTaskQuery().processInstanceId(id).list().stream().map(Task::getTaskDefinitionKey)
                .distinct().sorted().toList();
    }

    /** Runs the task mails of a case, as the job executor would. */
    void sendTaskMails(String id) {
        managementService.createJobQuery().processInstanceId(id).executable().list().stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType()))
                .forEach(j -> managementService.executeJob(j.getId()));
    }

    String endedAt(String id) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).as("case ended").isZero();
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId();
    }

    List<String> activitiesDone(String id, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(id).activityId(activityId)
                .finished().list().stream().map(HistoricActivityInstance::getActivityId).toList();
    }

}
