package cn.xieshang.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.management.Metrics;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counters of this node's engine, for Prometheus:
 * <ul>
 *   <li>{@code camunda.jobs{event}}: the job executor's own counts (acquired, succeeded, failed …), taken as the
 *       engine counts them for its metrics table, so they agree with Cockpit's;</li>
 *   <li>{@code xieshang.cases.started{process}} and {@code xieshang.cases.finished{process,outcome}}: process instances
 *       started and ended (completed or cancelled) per process key, counted once their transaction commits — a refused
 *       start form counts nothing. A called process (escalation) counts under its own key.</li>
 * </ul>
 */
@Component
class EngineCounters extends AbstractProcessEnginePlugin {

    /** The engine's job meters and their {@code event} tag. */
    static final Map<String, String> JOB_EVENTS = Map.of(
            Metrics.JOB_ACQUISITION_ATTEMPT, "acquisition-attempt",
            Metrics.JOB_ACQUIRED_SUCCESS, "acquired",
            Metrics.JOB_ACQUIRED_FAILURE, "acquisition-failed",
            Metrics.JOB_EXECUTION_REJECTED, "rejected",
            Metrics.JOB_SUCCESSFUL, "succeeded",
            Metrics.JOB_FAILED, "failed",
            Metrics.JOB_LOCKED_EXCLUSIVE, "locked-exclusive");

    private final ObjectProvider<MeterRegistry> meters;

    EngineCounters(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters; // resolved when first counted: the registry is not needed to build the engine
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
                String process = definition.getKey();
                ExecutionListener started = execution -> afterCommit(
                        () -> counter("xieshang.cases.started", "process", process));
                ExecutionListener finished = execution -> {
                    String outcome = execution.isCanceled() ? "cancelled" : "completed";
                    afterCommit(() -> counter("xieshang.cases.finished", "process", process, "outcome", outcome));
                };
                definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, started);
                definition.addBuiltInListener(ExecutionListener.EVENTNAME_END, finished);
            }
        });
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getMetricsRegistry() == null) {
            return; // the engine counts nothing (metrics switched off)
        }
        Map<String, Meter> engineMeters = configuration.getMetricsRegistry().getDbMeters();
        JOB_EVENTS.forEach((name, event) -> {
            if (engineMeters.containsKey(name)) {
                engineMeters.put(name, new CountedMeter(name, () -> counter("camunda.jobs", "event", event)));
            }
        });
    }

    /** Every job event, and each deployed process's cases, from zero: Prometheus sees a counter before it moves. */
    @EventListener(ApplicationReadyEvent.class)
    void startFromZero(ApplicationReadyEvent event) {
        JOB_EVENTS.values().forEach(e -> counter("camunda.jobs", "event", e));
        event.getApplicationContext().getBean(RepositoryService.class).createProcessDefinitionQuery().latestVersion()
                .list().forEach(definition -> {
                    counter("xieshang.cases.started", "process", definition.getKey());
                    counter("xieshang.cases.finished", "process", definition.getKey(), "outcome", "completed");
                    counter("xieshang.cases.finished", "process", definition.getKey(), "outcome", "cancelled");
                });
    }

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "camunda.jobs", "this node's job executor: jobs acquired, succeeded, failed and more",
            "xieshang.cases.started", "process instances started, per process",
            "xieshang.cases.finished", "process instances ended, per process, completed or cancelled");

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).register(meters.getObject());
    }

    private static void afterCommit(Supplier<Counter> counter) {
        Context.getCommandContext().getTransactionContext()
                .addTransactionListener(TransactionState.COMMITTED, commandContext -> counter.get().increment());
    }

    /** The engine's meter, which also counts into a Micrometer counter. */
    static class CountedMeter extends Meter {

        private final Supplier<Counter> counter;

        CountedMeter(String name, Supplier<Counter> counter) {
            super(name);
            this.counter = counter;
        }

        @Override
        public void mark() {
            markTimes(1);
        }

        @Override
        public void markTimes(long times) {
            super.markTimes(times);
            counter.get().increment(times);
        }
    }
}
