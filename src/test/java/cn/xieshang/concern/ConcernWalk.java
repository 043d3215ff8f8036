package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;

/**
 * Walks a concern over REST as the people who act, together with the cases it calls (escalation, deliberation),
 * with the engine clock driving deadlines and reminders.
 */
public abstract class ConcernWalk extends IntegrationTest {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String DISPATCHER = "ljy3-residents-committee";
    static final String GRID_WORKER = "ljy3-grid-worker";
    static final String PROPERTY = "ljy3-property-company";
    static final String STREET = "laojunying-street";
    static final String OTHER_STREET = "yingze-street";
    static final String DISTRICT = "district";
    static final String REQUESTER_MAIL = "lu.yao@example.cn";

    @BeforeEach
    void emptyMailbox() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
    }

    /** A blocked drain reported at the people's tea room (民情茶室), as the raise-concern form submits it. */
    /** A complete, valid concern as the raise-concern form submits it (the Nongchang tea room's drain). */
    public static Map<String, Object> concern(String title) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("description", "下水井堵了好几年, 天还不热就散发出臭味, 影响周边住户。");
        values.put("location", "农场小区3号楼北侧");
        values.put("category", "environment");
        values.put("scope", "building");
        values.put("urgency", "normal");
        values.put("channel", "tea-room");
        values.put("requesterName", "路瑶");
        values.put("requesterContact", "13812345678");
        values.put("requesterEmail", REQUESTER_MAIL);
        return values;
    }

    String raiseConcern(String user, Map<String, Object> values) {
        Rest.Reply reply = as(user).post("/engine-rest/process-definition/key/concern/submit-form", Rest.variables(values));
        assertThat(reply.status()).as("raising the concern: " + reply.body()).isEqualTo(200);
        String id = reply.json().get("id").asText();
        runAsync(id);
        return id;
    }

    // ---------------------------------------------------------------- steps as people take them

    void dispatch(String id, String handler) {
        complete(DISPATCHER, id, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", handler));
    }

    void acceptAndSettle(String id, String handler, String result) {
        complete(handler, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        complete(handler, id, "Task_HandleConcern", Map.of("handlingOutcome", "settled", "handlingNotes", result));
    }

    void rate(String id, String satisfied, String reason) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("satisfied", satisfied);
        if (reason != null) {
            values.put("dissatisfactionReason", reason);
        }
        complete(DISPATCHER, id, "Task_RateSatisfaction", values);
    }

    /** A level of an escalation decides: settle, up or down, with its notes. */
    void level(String user, String id, String action, String notes) {
        String key = open(id, "Task_HandleEscalation") != null ? "Task_HandleEscalation" : "Task_HandleTopEscalation";
        complete(user, id, key, Map.of("escalationAction", action, "levelNotes", notes));
    }

    // ---------------------------------------------------------------- the case and the cases it called

    /** The concern and every case below it (escalations, deliberations and theirs). */
    List<String> caseTree(String id) {
        List<String> tree = new ArrayList<>(List.of(id));
        for (int i = 0; i < tree.size(); i++) {
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(tree.get(i)).list()
                    .forEach(p -> tree.add(p.getId()));
        }
        return tree;
    }

    /** The one open task with this key anywhere in the case tree, or null. */
    Task open(String id, String taskKey) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceIdIn(caseTree(id).toArray(String[]::new))
                .taskDefinitionKey(taskKey).list();
        assertThat(tasks.size()).as("open " + taskKey).isLessThanOrEqualTo(1);
        return tasks.isEmpty() ? null : tasks.get(0);
    }

    List<String> waitingAt(String id) {
        return taskService.createTaskQuery().processInstanceIdIn(caseTree(id).toArray(String[]::new)).list().stream()
                .map(Task::getTaskDefinitionKey).distinct().toList();
    }

    Rest.Reply submit(String user, String id, String taskKey, Map<String, ?> values) {
        Task task = open(id, taskKey);
        assertThat(task).as(taskKey + " open; waiting at " + waitingAt(id)).isNotNull();
        return as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
    }

    void complete(String user, String id, String taskKey, Map<String, ?> values) {
        Rest.Reply reply = submit(user, id, taskKey, values);
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        runAsync(id);
    }

    /** Runs the due asynchronous steps of the case tree (not task mails), as the job executor would. */
    void runAsync(String id) {
        runDue(id, false);
    }

    /** Lets days pass on the engine clock and runs what falls due in the case tree: timers and asynchronous steps. */
    void passTime(String id, double days) {
        letTimePass(days, () -> caseTree(id), () -> runDue(id, true));
    }

    /** Lets time pass until the given moment (in the server's zone, where date-only deadlines fall due). */
    void passTimeUntil(String id, LocalDateTime when) {
        long millis = when.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() - ClockUtil.getCurrentTime().getTime();
        assertThat(millis).as("time passes forward to " + when).isPositive();
        passTime(id, millis / 86_400_000d);
    }

    private void runDue(String id, boolean timers) {
        for (int round = 0; round < 50; round++) {
            List<String> tree = caseTree(id);
            List<Job> due = tree.stream()
                    .flatMap(p -> managementService.createJobQuery().processInstanceId(p).executable().list().stream())
                    .filter(j -> !TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType()))
                    .filter(j -> timers || !(j instanceof TimerEntity))
                    .toList();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> managementService.executeJob(j.getId()));
        }
        throw new AssertionError("The case keeps producing jobs: " + id);
    }

    /** Where the concern ended (not the reminders' ends). */
    String endedAt(String id) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).as("concern ended").isZero();
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(id).activityType("noneEndEvent")
                .list().stream().map(HistoricActivityInstance::getActivityId)
                .filter(a -> !a.equals("EndEvent_HandlerReminded")).findFirst().orElseThrow();
    }

    Object variable(String id, String name) {
        if (runtimeService.createProcessInstanceQuery().processInstanceId(id).count() > 0) {
            return runtimeService.getVariable(id, name);
        }
        HistoricVariableInstance v = historyService.createHistoricVariableInstanceQuery().processInstanceId(id)
                .variableName(name).singleResult();
        return v == null ? null : v.getValue();
    }

    String caseNumber(String id) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getBusinessKey();
    }

    ProcessInstance called(String id, String processKey) {
        return runtimeService.createProcessInstanceQuery().superProcessInstanceId(id).processDefinitionKey(processKey)
                .singleResult();
    }

    static LocalDate today() {
        return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
    }


    static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
