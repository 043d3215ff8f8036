package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Two things touching one task at the same moment. To make the moment deterministic, a submit can be held inside
 * its transaction (after the task and its case are read, before anything is written) while the other thing
 * happens; then it goes on and writes.
 */
@Import(ConflictTest.HoldOnComplete.class)
class ConflictTest extends IntegrationTest {

    private static final Map<String, String> REJECT = Map.of("decision", "reject", "rejectionReason", "不属于本社区协商范围");

    @Test
    void aMailSentWhileThePersonSubmitsDoesNotSpoilTheSubmit() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
        String id = raise("ljy3-resident", topic("三幢楼道堆放杂物"));
        Task review = task(id);
        Job mail = mailJobs(id).get(0);

        Rest.Reply submit = heldWhile(review, () -> managementService.executeJob(mail.getId()),
                () -> as("ljy3-party-committee").post("/engine-rest/task/" + review.getId() + "/submit-form",
                        Rest.variables(REJECT)));

        assertThat(submit.status()).as(submit.body()).isEqualTo(204);
        assertThat(mailsTo("ljy3-party-committee@demo.xieshang.cn")).hasSize(1);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    }

    @Test
    void theLaterOfTwoPeopleCompletingOneTaskIsToldSo() throws Exception {
        String id = raise("ljy3-resident", topic("小区东门路面塌陷"));
        Task review = task(id);
        String path = "/engine-rest/task/" + review.getId() + "/submit-form";

        Rest.Reply later = heldWhile(review,
                () -> assertThat(as("ljy3-party-committee").post(path, Rest.variables(REJECT)).status()).isEqualTo(204),
                () -> as("ljy3-party-committee").post(path, Rest.variables(REJECT)));

        assertThat(later.status()).as(later.body()).isEqualTo(409);
        assertThat(later.json().path("message").asText()).contains("刷新");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    }

    /** Runs {@code held} until it completes the task, then {@code meanwhile}, then lets {@code held} go on. */
    private Rest.Reply heldWhile(Task task, ThrowingRunnable meanwhile, java.util.function.Supplier<Rest.Reply> held)
            throws Exception {
        HoldOnComplete.arm(task.getId());
        CompletableFuture<Rest.Reply> reply = CompletableFuture.supplyAsync(held);
        try {
            assertThat(HoldOnComplete.reached.await(30, TimeUnit.SECONDS)).as("the submit reached completion").isTrue();
            HoldOnComplete.disarm(); // the other one must pass
            meanwhile.run();
        } finally {
            HoldOnComplete.release.countDown();
        }
        return reply.get(30, TimeUnit.SECONDS);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private List<Job> mailJobs(String processInstanceId) {
        return new ArrayList<>(jobs(processInstanceId).stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).toList());
    }

    /** Holds the completion of one armed task until released; every other task completes as usual. */
    @TestConfiguration
    static class HoldOnComplete extends AbstractProcessEnginePlugin implements TaskListener {

        static volatile String armed;
        static volatile CountDownLatch reached = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        static void arm(String taskId) {
            reached = new CountDownLatch(1);
            release = new CountDownLatch(1);
            armed = taskId;
        }

        static void disarm() {
            armed = null;
        }

        @Bean
        HoldOnComplete holdOnComplete() {
            return new HoldOnComplete();
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            if (configuration.getCustomPostBPMNParseListeners() == null) {
                configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
            }
            configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
                @Override
                public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                    ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                            .addBuiltInTaskListener(EVENTNAME_COMPLETE, HoldOnComplete.this);
                }
            });
        }

        @Override
        public void notify(DelegateTask task) {
            if (task.getId().equals(armed)) {
                reached.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
