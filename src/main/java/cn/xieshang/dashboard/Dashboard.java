package cn.xieshang.dashboard;

import cn.xieshang.escalation.EscalationLevels;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The live numbers of the 1+7+X dashboard, each one grouped query on the engine's runtime tables confined to the
 * communities (tenants) asked for, however many cases and tasks there are — and, for each number, the cases behind it.
 * <ul>
 *   <li>Open cases per step: the distinct cases with an active execution at an activity of the step; the steps are
 *       the model's ({@link Steps}), of the latest version of each process.</li>
 *   <li>Open cases per community: running cases that no other case called (a called escalation or deliberation is
 *       part of its caller's case).</li>
 *   <li>Overdue tasks per community and level: open tasks whose due date has passed on the engine's clock, as the
 *       Tasklist filter 已逾期 has it; the level is the case's {@code handlingLevel} — the escalation level the
 *       concern and escalation models set whenever the matter moves, as {@code /api/concerns/overdue} counts it —
 *       or else, for a consultation, its {@code platformLevel}, or else the community's.</li>
 * </ul>
 */
@Component
class Dashboard {

    /** A case that names no level is its community's: deliberations, concerns before they move. */
    static final String DEFAULT_LEVEL = "community";
    /** The level of a task's case, in SQL over ACT_RU_TASK t and the case's variables h and p. */
    private static final String LEVEL = "COALESCE(h.TEXT_, p.TEXT_, '" + DEFAULT_LEVEL + "')";
    private static final String OVERDUE_TASKS = " FROM ACT_RU_TASK t"
            + " LEFT JOIN ACT_RU_VARIABLE h ON h.EXECUTION_ID_ = t.PROC_INST_ID_ AND h.NAME_ = 'handlingLevel'"
            + " LEFT JOIN ACT_RU_VARIABLE p ON p.EXECUTION_ID_ = t.PROC_INST_ID_ AND p.NAME_ = 'platformLevel'"
            + " WHERE t.PROC_INST_ID_ IS NOT NULL AND t.DUE_DATE_ < ?";

    /** One process's steps, in the order the model draws them. */
    record Process(String key, String name, Steps steps) {
    }

    private final JdbcTemplate jdbc;
    private final RepositoryService repositoryService;
    private final EscalationLevels levels;
    /** By process definition id: its steps (a deployed definition never changes). */
    private final Map<String, Steps> steps = new ConcurrentHashMap<>();

    Dashboard(JdbcTemplate jdbc, RepositoryService repositoryService, EscalationLevels levels) {
        this.jdbc = jdbc;
        this.repositoryService = repositoryService;
        this.levels = levels;
    }

    /** The latest version of each deployed process with its steps; deliberation's seven steps (groups) first. */
    List<Process> processes() {
        List<Process> processes = new ArrayList<>();
        for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery().latestVersion()
                .orderByProcessDefinitionKey().asc().list()) {
            Steps of = steps.computeIfAbsent(definition.getId(),
                    id -> Steps.of(repositoryService.getBpmnModelInstance(id), definition.getKey()));
            processes.add(new Process(definition.getKey(), definition.getName(), of));
        }
        processes.sort((a, b) -> Boolean.compare(grouped(b), grouped(a)));
        return processes;
    }

    private static boolean grouped(Process process) {
        return process.steps().steps().stream().anyMatch(s -> !process.steps().stepOf().containsKey(s.id()));
    }

    /** Open cases per process key and step id. */
    Map<String, Map<String, Long>> openPerStep(List<Process> processes, Collection<String> tenants) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        if (tenants != null && tenants.isEmpty()) {
            return counts;
        }
        List<Object> args = new ArrayList<>();
        String step = stepExpression(processes, args);
        args.add(Boolean.TRUE);
        String sql = "SELECT x.k, x.step, COUNT(DISTINCT x.pi) AS n FROM (SELECT e.PROC_DEF_KEY_ AS k, " + step
                + " AS step, e.PROC_INST_ID_ AS pi FROM ACT_RU_EXECUTION e WHERE e.ACT_ID_ IS NOT NULL AND e.IS_ACTIVE_ = ?"
                + tenantFilter("e", tenants, args) + ") x GROUP BY x.k, x.step";
        jdbc.query(sql, rs -> {
            counts.computeIfAbsent(rs.getString("k"), k -> new LinkedHashMap<>()).put(rs.getString("step"),
                    rs.getLong("n"));
        }, args.toArray());
        return counts;
    }

    /** The cases at one step of a process, at most {@code limit}. */
    Set<String> openAtStep(List<Process> processes, String processKey, String stepId, Collection<String> tenants,
            int limit) {
        List<Object> args = new ArrayList<>();
        String step = stepExpression(processes, args);
        args.add(Boolean.TRUE);
        String sql = "SELECT DISTINCT x.pi AS case_id FROM (SELECT e.PROC_DEF_KEY_ AS k, " + step
                + " AS step, e.PROC_INST_ID_ AS pi FROM ACT_RU_EXECUTION e WHERE e.ACT_ID_ IS NOT NULL AND e.IS_ACTIVE_ = ?"
                + tenantFilter("e", tenants, args) + ") x WHERE x.k = ? AND x.step = ?";
        args.add(processKey);
        args.add(stepId);
        return ids(sql, args, tenants, limit);
    }

    /** The step of an execution's activity in SQL: the model's mapping of activities to steps, by process key. */
    private static String stepExpression(List<Process> processes, List<Object> args) {
        StringBuilder sql = new StringBuilder("CASE");
        boolean any = false;
        for (Process process : processes) {
            Map<String, List<String>> byStep = new LinkedHashMap<>();
            process.steps().stepOf().forEach((activity, step) -> {
                if (!activity.equals(step)) {
                    byStep.computeIfAbsent(step, s -> new ArrayList<>()).add(activity);
                }
            });
            for (Map.Entry<String, List<String>> e : byStep.entrySet()) {
                sql.append(" WHEN e.PROC_DEF_KEY_ = ? AND e.ACT_ID_ IN (")
                        .append(String.join(", ", e.getValue().stream().map(a -> "?").toList())).append(") THEN ?");
                args.add(process.key());
                args.addAll(e.getValue());
                args.add(e.getKey());
                any = true;
            }
        }
        return any ? sql.append(" ELSE e.ACT_ID_ END").toString() : "e.ACT_ID_";
    }

    /** Running cases no other case called, per community. */
    Map<String, Long> openPerCommunity(Collection<String> tenants) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (tenants != null && tenants.isEmpty()) {
            return counts;
        }
        List<Object> args = new ArrayList<>();
        String sql = "SELECT e.TENANT_ID_ AS c, COUNT(*) AS n FROM ACT_RU_EXECUTION e WHERE e.ID_ = e.PROC_INST_ID_"
                + " AND e.SUPER_EXEC_ IS NULL" + tenantFilter("e", tenants, args) + " GROUP BY e.TENANT_ID_";
        jdbc.query(sql, rs -> {
            counts.put(rs.getString("c"), rs.getLong("n"));
        }, args.toArray());
        return counts;
    }

    /** The running cases no other case called, at most {@code limit}. */
    Set<String> open(Collection<String> tenants, int limit) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT e.PROC_INST_ID_ AS case_id FROM ACT_RU_EXECUTION e WHERE e.ID_ = e.PROC_INST_ID_"
                + " AND e.SUPER_EXEC_ IS NULL";
        return ids(sql + tenantFilter("e", tenants, args), args, tenants, limit);
    }

    /** Overdue tasks per community and level. */
    Map<String, Map<String, Long>> overdue(Collection<String> tenants) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        if (tenants != null && tenants.isEmpty()) {
            return counts;
        }
        List<Object> args = new ArrayList<>(List.of(now()));
        String sql = "SELECT t.TENANT_ID_ AS c, " + LEVEL + " AS lvl, COUNT(*) AS n" + OVERDUE_TASKS
                + tenantFilter("t", tenants, args) + " GROUP BY t.TENANT_ID_, " + LEVEL;
        jdbc.query(sql, rs -> {
            counts.computeIfAbsent(rs.getString("c"), c -> new LinkedHashMap<>()).put(rs.getString("lvl"),
                    rs.getLong("n"));
        }, args.toArray());
        return counts;
    }

    /** The cases with overdue tasks at a level (any, when null), at most {@code limit}. */
    Set<String> overdueCases(String level, Collection<String> tenants, int limit) {
        List<Object> args = new ArrayList<>(List.of(now()));
        String sql = "SELECT DISTINCT t.PROC_INST_ID_ AS case_id" + OVERDUE_TASKS;
        if (level != null) {
            sql += " AND " + LEVEL + " = ?";
            args.add(level);
        }
        return ids(sql + tenantFilter("t", tenants, args), args, tenants, limit);
    }

    /** The levels from the bottom up (grid, community, street, district), as the escalation table chains them. */
    List<EscalationLevels.Level> levels() {
        return levels.chain(DEFAULT_LEVEL);
    }

    String levelName(String id) {
        return levels.name(id);
    }

    private static Timestamp now() {
        return new Timestamp(ClockUtil.getCurrentTime().getTime());
    }

    private Set<String> ids(String sql, List<Object> args, Collection<String> tenants, int limit) {
        if (tenants != null && tenants.isEmpty()) {
            return Set.of();
        }
        // the newest cases first (by their start), so that a list cut at its limit shows the latest
        String newest = "SELECT q.case_id FROM (" + sql + ") q JOIN ACT_HI_PROCINST h ON h.ID_ = q.case_id"
                + " ORDER BY h.START_TIME_ DESC";
        return new LinkedHashSet<>(jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(newest);
            statement.setMaxRows(limit);
            new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
            return statement;
        }, (rs, row) -> rs.getString(1)));
    }

    private static String tenantFilter(String alias, Collection<String> tenants, List<Object> args) {
        if (tenants == null) {
            return "";
        }
        args.addAll(tenants);
        return " AND " + alias + ".TENANT_ID_ IN (" + String.join(", ", tenants.stream().map(t -> "?").toList()) + ")";
    }
}
