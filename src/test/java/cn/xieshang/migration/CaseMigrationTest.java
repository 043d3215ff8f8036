package cn.xieshang.migration;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cases open at several steps of the deliberation and the concern as deployed, then a version 2 of both (a renamed
 * task, a changed deadline; deployed here from the models in {@code processes/} and deleted again afterwards, so the
 * other tests start the real models): the administrator's dry run lists the cases, the migration moves them as a
 * batch, and they finish on version 2. A plan or a case the engine refuses changes nothing and says why.
 */
class CaseMigrationTest extends IntegrationTest {

    static final String ADMIN = "admin";
    static final long DAY = 24 * 3600 * 1000L;
    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String DISPATCHER = "ljy3-residents-committee";
    static final String GRID_WORKER = "ljy3-grid-worker";

    @Autowired
    RepositoryService repositoryService;

    private final List<String> deployments = new ArrayList<>();

    /**
     * The test's versions go again, with the cases on them, so every later test starts the real models; their task
     * mails first, which belong to no execution and so would outlive the cases.
     */
    @AfterEach
    void deleteTheTestVersions() {
        for (String deployment : deployments) {
            repositoryService.createProcessDefinitionQuery().deploymentId(deployment).list().forEach(definition ->
                    managementService.createJobQuery().processDefinitionId(definition.getId()).list()
                            .forEach(job -> managementService.deleteJob(job.getId())));
        }
        deployments.forEach(id -> repositoryService.deleteDeployment(id, true));
        deployments.clear();
    }

    @Test
    void casesAtSeveralStepsMoveToVersionTwoAndFinishThere() {
        // version 1, as deployed: cases at several steps
        String topicUnderReview = raise(RESIDENT, topic(unique("迁移测试 楼道堆物")));
        String topicGatheringOpinions = raise(RESIDENT, topic(unique("迁移测试 充电桩")));
        complete(COMMITTEE, topicGatheringOpinions, "Task_ReviewTopic", Map.of("decision", "accept",
                "stakeholders", List.of("ljy3-cppcc-member", "ljy3-resident-representative"),
                "researchers", List.of("ljy3-cppcc-member")));
        complete("ljy3-cppcc-member", topicGatheringOpinions, "Task_FileResearch", Map.of(
                "researchMethods", List.of("site-visit"), "siteVisitNotes", "实地查看, 楼道内有飞线充电"));
        String concernToDispatch = raiseConcern(unique("迁移测试 路灯不亮"));
        String concernToAccept = raiseConcern(unique("迁移测试 下水井"));
        complete(DISPATCHER, concernToAccept, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        assertThat(waitingAt(topicGatheringOpinions)).containsOnly("Task_GiveOpinion");
        assertThat(waitingAt(concernToAccept)).containsExactly("Task_AcceptConcern");
        String deliberationV1 = definitionOf(topicUnderReview);
        String concernV1 = definitionOf(concernToDispatch);
        Date opinionDeadlineV1 = opinionDeadline(topicGatheringOpinions).getDuedate();
        String reviewTaskId = task(topicUnderReview).getId();

        // version 2: a task renamed (with the designer's mapping) and a longer deadline
        deploy(Map.of(
                "processes/deliberation.bpmn", model("deliberation").replace("Task_ReviewTopic", "Task_ReviewRaisedTopic")
                        .replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P3D</bpmn:timeDuration>",
                                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P5D</bpmn:timeDuration>"),
                "processes/deliberation.migration.yaml", "activities:\n  Task_ReviewTopic: Task_ReviewRaisedTopic\n",
                "processes/concern.bpmn", model("concern").replace("Task_AcceptConcern", "Task_ConfirmOrder")
                        .replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P7D</bpmn:timeDuration>",
                                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P5D</bpmn:timeDuration>"),
                "processes/concern.migration.yaml", "activities:\n  Task_AcceptConcern: Task_ConfirmOrder\n"));
        String deliberationCases = cases(topicUnderReview, topicGatheringOpinions);
        String concernCases = cases(concernToDispatch, concernToAccept);

        // a case whose task mails are not out yet waits for them
        Rest.Reply mailsPending = as(ADMIN).get("/api/migration/deliberation?cases=" + deliberationCases);
        assertThat(mailsPending.json().path("blocked").toString()).as(mailsPending.body()).contains("任务邮件没有发出");
        sendTaskMails(topicUnderReview, topicGatheringOpinions, concernToDispatch, concernToAccept);

        // the dry run lists them, with their steps, and moves nothing
        Rest.Reply dryRun = as(ADMIN).get("/api/migration/deliberation?cases=" + deliberationCases);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        JsonNode report = dryRun.json();
        assertThat(report.path("blocked")).as(dryRun.body()).isEmpty();
        assertThat(texts(report.path("movable"), "caseNumber")).containsExactlyInAnyOrder(
                caseNumber(topicUnderReview), caseNumber(topicGatheringOpinions));
        assertThat(dryRun.body()).contains("Task_ReviewTopic", "受理议题", "发表意见", "Task_ReviewRaisedTopic", "试运行");
        assertThat(report.path("mapping").path("source").asText()).isEqualTo("deployment");
        assertThat(definitionOf(topicUnderReview)).isEqualTo(deliberationV1);
        Rest.Reply concernDryRun = as(ADMIN).post("/api/migration/concern?cases=" + concernCases, "");
        assertThat(concernDryRun.status()).as(concernDryRun.body()).isEqualTo(200);
        assertThat(concernDryRun.json().path("movable")).hasSize(2);
        assertThat(definitionOf(concernToAccept)).isEqualTo(concernV1);

        // the migration: one batch each, moved when the batch's jobs run
        String deliberationBatch = migrate("deliberation", deliberationCases);
        String concernBatch = migrate("concern", concernCases);
        assertThat(managementService.createBatchQuery().batchId(deliberationBatch).singleResult().getType())
                .isEqualTo(Batch.TYPE_PROCESS_INSTANCE_MIGRATION);
        long migrated = ClockUtil.getCurrentTime().getTime();
        runBatch(deliberationBatch);
        runBatch(concernBatch);

        String deliberationV2 = latest("deliberation");
        String concernV2 = latest("concern");
        assertThat(List.of(definitionOf(topicUnderReview), definitionOf(topicGatheringOpinions))).containsOnly(deliberationV2);
        assertThat(List.of(definitionOf(concernToDispatch), definitionOf(concernToAccept))).containsOnly(concernV2);
        // the same task, under its new id; the open work as it was
        assertThat(task(topicUnderReview).getId()).isEqualTo(reviewTaskId);
        assertThat(task(topicUnderReview).getTaskDefinitionKey()).isEqualTo("Task_ReviewRaisedTopic");
        assertThat(waitingAt(concernToAccept)).containsExactly("Task_ConfirmOrder");
        assertThat(waitingAt(concernToDispatch)).containsExactly("Task_DispatchConcern");
        // the opinions' deadline is the new one (5 days instead of 3), counted from when the migration ran
        assertThat(opinionDeadline(topicGatheringOpinions).getDuedate()).isAfter(opinionDeadlineV1)
                .isBetween(new Date(migrated + 5 * DAY), new Date(ClockUtil.getCurrentTime().getTime() + 5 * DAY), true, true);

        // the cases finish on version 2
        complete(COMMITTEE, topicUnderReview, "Task_ReviewRaisedTopic", Map.of("decision", "reject",
                "rejectionReason", "属物业服务合同范围, 已转物业公司处理"));
        assertThat(endedAt(topicUnderReview)).isEqualTo("EndEvent_TopicRejected");
        complete(GRID_WORKER, concernToAccept, "Task_ConfirmOrder", Map.of("handlerResponse", "accept"));
        complete(GRID_WORKER, concernToAccept, "Task_HandleConcern", Map.of("handlingOutcome", "settled",
                "handlingNotes", "已联系市政疏通下水井, 不再有异味。"));
        complete(DISPATCHER, concernToAccept, "Task_RateSatisfaction", Map.of("satisfied", "yes"));
        assertThat(endedAt(concernToAccept)).isEqualTo("EndEvent_ConcernSettled");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(concernToAccept).singleResult()
                .getProcessDefinitionId()).isEqualTo(concernV2);
    }

    @Test
    void anInvalidPlanOrACaseAtARemovedTaskChangesNothingAndSaysWhy() {
        String topic = raise(RESIDENT, topic(unique("迁移测试 无效计划")));
        String concernToDispatch = raiseConcern(unique("迁移测试 井盖松动"));
        String concernToAccept = raiseConcern(unique("迁移测试 垃圾清运"));
        complete(DISPATCHER, concernToAccept, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        sendTaskMails(topic, concernToDispatch, concernToAccept);
        String deliberationV1 = definitionOf(topic);
        String concernV1 = definitionOf(concernToAccept);
        long batches = managementService.createBatchQuery().count();

        // the designer maps the renamed task to an id the new version does not have; the concern's version 2 drops
        // the task a case is at, and nobody says where it went
        deploy(Map.of(
                "processes/deliberation.bpmn", model("deliberation").replace("Task_ReviewTopic", "Task_ReviewRaisedTopic"),
                "processes/deliberation.migration.yaml", "activities:\n  Task_ReviewTopic: Task_ReviewTpoic\n",
                "processes/concern.bpmn", model("concern").replace("Task_AcceptConcern", "Task_ConfirmOrder")));

        Rest.Reply planDryRun = as(ADMIN).get("/api/migration/deliberation?cases=" + cases(topic));
        assertThat(planDryRun.status()).as(planDryRun.body()).isEqualTo(200);
        JsonNode source = planDryRun.json().path("sources").get(0);
        assertThat(source.path("planValid").asBoolean()).isFalse();
        assertThat(source.path("problems").toString()).contains("新版本中没有活动「Task_ReviewTpoic」", "deliberation.migration.yaml");
        assertThat(texts(planDryRun.json().path("blocked"), "caseNumber")).containsExactly(caseNumber(topic));

        Rest.Reply planRefused = as(ADMIN).post("/api/migration/deliberation?dryRun=false&cases=" + cases(topic), "");
        assertThat(planRefused.status()).as(planRefused.body()).isEqualTo(409);
        assertThat(planRefused.json().path("message").asText()).contains("没有迁移任何案件");

        Rest.Reply casesDryRun = as(ADMIN).get("/api/migration/concern?cases=" + cases(concernToDispatch, concernToAccept));
        assertThat(casesDryRun.status()).as(casesDryRun.body()).isEqualTo(200);
        assertThat(texts(casesDryRun.json().path("movable"), "caseNumber")).containsExactly(caseNumber(concernToDispatch));
        JsonNode blocked = casesDryRun.json().path("blocked").get(0);
        assertThat(blocked.path("caseNumber").asText()).isEqualTo(caseNumber(concernToAccept));
        assertThat(blocked.path("reasons").get(0).path("step").path("id").asText()).isEqualTo("Task_AcceptConcern");
        assertThat(blocked.path("reasons").get(0).path("reason").asText()).contains("新版本没有「确认接单(Task_AcceptConcern)」这一步");
        assertThat(blocked.path("reasons").get(0).path("engine").asText()).isNotBlank();

        // all or nothing: the case that could move stays too
        Rest.Reply casesRefused = as(ADMIN).post("/api/migration/concern?dryRun=false&cases="
                + cases(concernToDispatch, concernToAccept), "");
        assertThat(casesRefused.status()).as(casesRefused.body()).isEqualTo(409);

        assertThat(definitionOf(topic)).isEqualTo(deliberationV1);
        assertThat(List.of(definitionOf(concernToDispatch), definitionOf(concernToAccept))).containsOnly(concernV1);
        assertThat(managementService.createBatchQuery().count()).isEqualTo(batches);
        assertThat(waitingAt(concernToAccept)).containsExactly("Task_AcceptConcern");
    }

    @Test
    void onlyAdministratorsMigrate_andBadRequestsAreRefusedInChinese() {
        Rest.Reply manager = as("district").get("/api/migration/concern");
        assertThat(manager.status()).isEqualTo(403);
        assertThat(manager.json().path("message").asText()).contains("只有系统管理员");
        assertThat(as(COMMITTEE).post("/api/migration/concern?dryRun=false", "").status()).isEqualTo(403);
        assertThat(anonymousClient().get("/api/migration/concern").status()).isEqualTo(401);
        // the administrator's Cockpit session reads the dry run, but migrates nothing without the password
        WebappSession cockpit = new WebappSession(port, ADMIN, DEMO_PASSWORD, "cockpit");
        assertThat(cockpit.atRoot("GET", "/api/migration/concern", null).status()).isEqualTo(200);
        assertThat(cockpit.atRoot("POST", "/api/migration/concern?dryRun=false", null).status()).isEqualTo(401);

        Rest.Reply unknown = as(ADMIN).get("/api/migration/no-such-process");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("message").asText()).contains("没有标识为「no-such-process」的流程");
        Rest.Reply badFlag = as(ADMIN).post("/api/migration/concern?dryRun=maybe", "");
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.json().path("message").asText()).contains("dryRun");
        Rest.Reply notACase = as(ADMIN).get("/api/migration/concern?cases=SQ-00000000-NOCASE");
        assertThat(notACase.status()).isEqualTo(400);
        assertThat(notACase.json().path("message").asText()).contains("SQ-00000000-NOCASE");
    }

    // ---------------------------------------------------------------- the command

    private String migrate(String process, String cases) {
        Rest.Reply reply = as(ADMIN).post("/api/migration/" + process + "?dryRun=false&cases=" + cases, "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode batches = reply.json().path("batches");
        assertThat(batches).as(reply.body()).hasSize(1);
        return batches.get(0).path("id").asText();
    }

    /** The batch's jobs, as the job executor would run them: the seed, the migrations, then the monitor. */
    private void runBatch(String batchId) {
        Batch batch = managementService.createBatchQuery().batchId(batchId).singleResult();
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = new ArrayList<>(managementService.createJobQuery().jobDefinitionId(batch.getSeedJobDefinitionId()).list());
            jobs.addAll(managementService.createJobQuery().jobDefinitionId(batch.getBatchJobDefinitionId()).list());
            if (jobs.isEmpty()) {
                managementService.createJobQuery().jobDefinitionId(batch.getMonitorJobDefinitionId()).list()
                        .forEach(j -> managementService.executeJob(j.getId()));
                assertThat(managementService.createBatchQuery().batchId(batchId).count()).as("batch done").isZero();
                return;
            }
            jobs.forEach(j -> managementService.executeJob(j.getId()));
        }
        throw new AssertionError("The batch keeps producing jobs");
    }

    /** The task mails of the cases, as the job executor sends them. */
    private void sendTaskMails(String... processInstanceIds) {
        for (String id : processInstanceIds) {
            managementService.createJobQuery().processInstanceId(id).list().stream()
                    .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType()))
                    .forEach(j -> managementService.executeJob(j.getId()));
        }
    }

    // ---------------------------------------------------------------- versions

    private static String model(String process) {
        try {
            return Files.readString(Path.of("processes", process + ".bpmn"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deploy(Map<String, String> resources) {
        DeploymentBuilder deployment = repositoryService.createDeployment().name("case-migration-test");
        new java.util.TreeMap<>(resources).forEach((name, text) ->
                deployment.addInputStream(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        deployments.add(deployment.deploy().getId());
    }

    private String latest(String process) {
        return repositoryService.createProcessDefinitionQuery().processDefinitionKey(process).latestVersion().singleResult().getId();
    }

    private String definitionOf(String processInstanceId) {
        return runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getProcessDefinitionId();
    }

    private Job opinionDeadline(String processInstanceId) {
        return managementService.createJobQuery().processInstanceId(processInstanceId).timers().activityId("Timer_OpinionDeadline")
                .singleResult();
    }

    // ---------------------------------------------------------------- cases

    private String raiseConcern(String title) {
        Map<String, Object> values = ConcernWalk.concern(title);
        Rest.Reply reply = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String id = reply.json().get("id").asText();
        executeAsyncSteps(id);
        return id;
    }

    private void complete(String user, String processInstanceId, String taskKey, Map<String, ?> values) {
        Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).list()
                .stream().findFirst().orElseThrow(() -> new AssertionError(taskKey + " open; waiting at " + waitingAt(processInstanceId)));
        Rest.Reply reply = as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(user + " completing " + taskKey + ": " + reply.body()).isEqualTo(204);
        executeAsyncSteps(processInstanceId);
    }

    private List<String> waitingAt(String processInstanceId) {
        return taskService.createTaskQuery().processInstanceId(processInstanceId).list().stream()
                .map(Task::getTaskDefinitionKey).distinct().toList();
    }

    private String endedAt(String processInstanceId) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count()).as("ended").isZero();
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityType("noneEndEvent").list().stream().map(a -> a.getActivityId())
                .filter(a -> a.startsWith("EndEvent_") && !a.equals("EndEvent_HandlerReminded")).findFirst().orElseThrow();
    }

    private String caseNumber(String processInstanceId) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getBusinessKey();
    }

    private String cases(String... processInstanceIds) {
        return String.join(",", java.util.Arrays.stream(processInstanceIds).map(this::caseNumber).toList());
    }

    private static List<String> texts(JsonNode list, String field) {
        return StreamSupport.stream(list.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
