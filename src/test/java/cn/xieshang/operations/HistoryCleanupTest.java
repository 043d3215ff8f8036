package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * History cleanup keeps the history tables bounded: a finished case is removed once its {@code historyTimeToLive}
 * has passed after its end, an open case is kept whatever its age. On the engine clock, with a process of one day's
 * time to live that the test deploys and removes again, so that the cleanup, run two days ahead, finds nothing of the
 * other tests' cases (whose models keep history for five years) to remove.
 */
class HistoryCleanupTest extends IntegrationTest {

    private static final String PROCESS = "historyCleanupCheck";
    private static final long DAY = 24L * 3600 * 1000;

    @Autowired
    private RepositoryService repositoryService;
    private String deployment;

    @BeforeEach
    void deployOneDayProcess() {
        BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS)
                .name("History cleanup check")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Opened")
                .userTask("Task_Handle").name("Handle")
                .endEvent("EndEvent_Closed")
                .done();
        deployment = repositoryService.createDeployment().name(PROCESS).addModelInstance(PROCESS + ".bpmn", model)
                .deploy().getId();
    }

    @AfterEach
    void undeploy() {
        repositoryService.deleteDeployment(deployment, true); // with its cases and their history
    }

    @Test
    void theConfiguredWindowAndStrategy() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
        assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
        assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("end");
    }

    @Test
    void aFinishedCaseGoesAfterItsTimeToLiveAndAnOpenOneStays() {
        Date start = ClockUtil.getCurrentTime();
        String finished = open();
        String stillOpen = open();
        taskService.complete(taskService.createTaskQuery().processInstanceId(finished).singleResult().getId());

        HistoricProcessInstance ended = historic(finished);
        assertThat(ended.getRemovalTime()).as("removal time: the end plus the model's time to live")
                .isEqualTo(new Date(ended.getEndTime().getTime() + DAY));
        assertThat(historic(stillOpen).getRemovalTime()).as("an open case has none").isNull();

        // a day ahead the finished case is not due yet
        cleanUpAt(new Date(start.getTime() + DAY / 2));
        assertThat(historic(finished)).isNotNull();

        try {
            cleanUpAt(new Date(start.getTime() + 2 * DAY));
        } finally {
            ClockUtil.setCurrentTime(start);
        }
        assertThat(historic(finished)).as("the finished case's history is gone").isNull();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(finished).count()).isZero();
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(finished).count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(finished).count()).isZero();
        assertThat(historic(stillOpen)).as("the open case is kept").isNotNull();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(stillOpen).count()).isPositive();
    }

    private String open() {
        return runtimeService.createProcessInstanceByKey(PROCESS).processDefinitionWithoutTenantId()
                .setVariable("communityId", "laojunying-3").execute().getId();
    }

    private HistoricProcessInstance historic(String id) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    /** Runs history cleanup now (outside its window) with the engine clock at {@code at}, as the job executor would. */
    private void cleanUpAt(Date at) {
        ClockUtil.setCurrentTime(at);
        historyService.cleanUpHistoryAsync(true);
        for (int run = 0; run < 10; run++) {
            List<Job> due = historyService.findHistoryCleanupJobs().stream()
                    .filter(j -> j.getDuedate() == null || !j.getDuedate().after(ClockUtil.getCurrentTime())).toList();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> managementService.executeJob(j.getId()));
        }
    }
}
