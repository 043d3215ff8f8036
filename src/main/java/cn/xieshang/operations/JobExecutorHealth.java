package cn.xieshang.operations;

import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether this node's job executor runs (mails, timers, asynchronous steps). Down when it should run and does not;
 * a node started with the job executor switched off ({@code camunda.bpm.job-execution.enabled=false}: a web-only
 * node, or the tests, which run jobs themselves) is up and says so. Replaces Camunda's own {@code jobExecutor}
 * indicator, which is down on such a node.
 */
class JobExecutorHealth implements HealthIndicator {

    private final JobExecutor jobExecutor;
    private final boolean enabled;

    JobExecutorHealth(JobExecutor jobExecutor, boolean enabled) {
        this.jobExecutor = jobExecutor;
        this.enabled = enabled;
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.up().withDetail("enabled", false).build();
        }
        boolean active = jobExecutor != null && jobExecutor.isActive();
        return (active ? Health.up() : Health.down()).withDetail("enabled", true).withDetail("active", active).build();
    }
}
