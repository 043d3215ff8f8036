package cn.xieshang.operations;

import cn.xieshang.escalation.EscalationLevels;
import cn.xieshang.organisation.Organisation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is open right now, as gauges read when Prometheus scrapes: three grouped queries on the engine's runtime
 * tables, whatever their size, run at most once per {@code xieshang.operations.metrics-max-age} (the numbers of one
 * scrape come from one reading). The whole database's, so every node answers the same.
 * <ul>
 *   <li>{@code xieshang.tasks.open{community,level}} and {@code xieshang.tasks.overdue{community,level}}: open tasks
 *       of cases, and those past their due date on the engine's clock, per community and level as the 1+7+X
 *       dashboard counts them (the case's {@code handlingLevel}, else {@code platformLevel}, else {@code community});
 *       a level the escalation table does not know counts as {@code other}.</li>
 *   <li>{@code camunda.process.instances.running{process}}: running process instances per process key (called ones
 *       included).</li>
 *   <li>{@code camunda.incidents.open{type}}: open incidents per type.</li>
 * </ul>
 * The label values are fixed when the application is ready: the organisation's communities, the escalation levels,
 * the deployed process keys, the incident types; never a case, task or user.
 */
@Component
class Workload {

    static final String DEFAULT_LEVEL = "community";
    static final String OTHER = "other";
    private static final String LEVEL = "COALESCE(h.TEXT_, p.TEXT_, '" + DEFAULT_LEVEL + "')";
    private static final String TASKS = "SELECT t.TENANT_ID_ AS c, " + LEVEL + " AS lvl, COUNT(*) AS n,"
            + " SUM(CASE WHEN t.DUE_DATE_ < ? THEN 1 ELSE 0 END) AS late FROM ACT_RU_TASK t"
            + " LEFT JOIN ACT_RU_VARIABLE h ON h.EXECUTION_ID_ = t.PROC_INST_ID_ AND h.NAME_ = 'handlingLevel'"
            + " LEFT JOIN ACT_RU_VARIABLE p ON p.EXECUTION_ID_ = t.PROC_INST_ID_ AND p.NAME_ = 'platformLevel'"
            + " WHERE t.PROC_INST_ID_ IS NOT NULL GROUP BY t.TENANT_ID_, " + LEVEL;
    private static final String INSTANCES = "SELECT e.PROC_DEF_KEY_ AS k, COUNT(*) AS n FROM ACT_RU_EXECUTION e"
            + " WHERE e.ID_ = e.PROC_INST_ID_ GROUP BY e.PROC_DEF_KEY_";
    private static final String INCIDENTS = "SELECT i.INCIDENT_TYPE_ AS k, COUNT(*) AS n FROM ACT_RU_INCIDENT i"
            + " GROUP BY i.INCIDENT_TYPE_";
    static final List<String> INCIDENT_TYPES = List.of(Incident.FAILED_JOB_HANDLER_TYPE,
            Incident.EXTERNAL_TASK_HANDLER_TYPE, OTHER);

    /** One reading: tasks by community and level ({open, overdue}), instances by process, incidents by type. */
    record Reading(Map<String, Map<String, long[]>> tasks, Map<String, Long> instances, Map<String, Long> incidents) {

        long tasks(String community, String level, int which) {
            long[] counts = tasks.getOrDefault(community, Map.of()).get(level);
            return counts == null ? 0 : counts[which];
        }
    }

    private final JdbcTemplate jdbc;
    private final Organisation organisation;
    private final EscalationLevels levels;
    private final RepositoryService repositoryService;
    private final MeterRegistry meters;
    private final Duration maxAge;
    private final Clock clock = Clock.systemUTC();
    private Set<String> levelIds = Set.of();
    private Reading reading;
    private Instant readAt = Instant.MIN;

    Workload(JdbcTemplate jdbc, Organisation organisation, EscalationLevels levels, RepositoryService repositoryService,
            MeterRegistry meters, @Value("${xieshang.operations.metrics-max-age:PT30S}") Duration maxAge) {
        this.jdbc = jdbc;
        this.organisation = organisation;
        this.levels = levels;
        this.repositoryService = repositoryService;
        this.meters = meters;
        this.maxAge = maxAge;
    }

    /** Once the models are deployed: one gauge per community × level, process key and incident type. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        Set<String> known = new LinkedHashSet<>();
        levels.chain(DEFAULT_LEVEL).forEach(l -> known.add(l.id()));
        known.add(OTHER);
        levelIds = known;
        for (Organisation.Community community : organisation.communities()) {
            for (String level : known) {
                Gauge.builder("xieshang.tasks.open", this, w -> w.read().tasks(community.id(), level, 0))
                        .description("open tasks of cases").tags("community", community.id(), "level", level)
                        .register(meters);
                Gauge.builder("xieshang.tasks.overdue", this, w -> w.read().tasks(community.id(), level, 1))
                        .description("open tasks past their due date").tags("community", community.id(), "level", level)
                        .register(meters);
            }
        }
        Set<String> processes = new LinkedHashSet<>();
        repositoryService.createProcessDefinitionQuery().latestVersion().list().stream()
                .map(ProcessDefinition::getKey).sorted().forEach(processes::add);
        for (String process : processes) {
            Gauge.builder("camunda.process.instances.running", this,
                    w -> w.read().instances().getOrDefault(process, 0L)).tags("process", process)
                    .description("running process instances").register(meters);
        }
        for (String type : INCIDENT_TYPES) {
            Gauge.builder("camunda.incidents.open", this, w -> w.read().incidents().getOrDefault(type, 0L))
                    .tags("type", type).description("open incidents").register(meters);
        }
    }

    /** The latest reading, read afresh when older than the maximum age. */
    synchronized Reading read() {
        Instant now = clock.instant();
        if (reading == null || !now.isBefore(readAt.plus(maxAge))) {
            reading = readNow();
            readAt = now;
        }
        return reading;
    }

    /** The next scrape reads afresh (tests). */
    synchronized void forget() {
        reading = null;
    }

    private Reading readNow() {
        Map<String, Map<String, long[]>> tasks = new HashMap<>();
        jdbc.query(TASKS, rs -> {
            String level = levelIds.contains(rs.getString("lvl")) ? rs.getString("lvl") : OTHER;
            long[] counts = tasks.computeIfAbsent(String.valueOf(rs.getString("c")), c -> new HashMap<>())
                    .computeIfAbsent(level, l -> new long[2]);
            counts[0] += rs.getLong("n");
            counts[1] += rs.getLong("late");
        }, new Timestamp(ClockUtil.getCurrentTime().getTime()));
        Map<String, Long> instances = new HashMap<>();
        jdbc.query(INSTANCES, rs -> {
            instances.merge(rs.getString("k"), rs.getLong("n"), Long::sum);
        });
        Map<String, Long> incidents = new HashMap<>();
        jdbc.query(INCIDENTS, rs -> {
            String type = INCIDENT_TYPES.contains(rs.getString("k")) ? rs.getString("k") : OTHER;
            incidents.merge(type, rs.getLong("n"), Long::sum);
        });
        return new Reading(tasks, instances, incidents);
    }
}
