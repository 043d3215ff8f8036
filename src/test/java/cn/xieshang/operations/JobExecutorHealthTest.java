package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** A job executor that should run and does not is DOWN; one switched off on purpose is not. */
class JobExecutorHealthTest {

    @Test
    void switchedOnButNotRunning_down() {
        assertThat(new JobExecutorHealth(new DefaultJobExecutor(), true).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(new JobExecutorHealth(null, true).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void switchedOff_up() {
        assertThat(new JobExecutorHealth(new DefaultJobExecutor(), false).health().getStatus()).isEqualTo(Status.UP);
    }
}
