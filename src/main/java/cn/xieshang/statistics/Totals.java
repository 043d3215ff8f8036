package cn.xieshang.statistics;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The running totals the reports quote (51 key topics, 188 micro-topics, 210 activities, 2,300+ participants,
 * 370+ matters settled), computed live from the engine's history across deliberations, concerns and consultations,
 * per platform level and per period, confined to the communities (tenants) asked for. Each figure is one aggregate
 * query on ACT_HI_* grouped by month in the database (the same SQL on H2 and PostgreSQL); what counts is declared
 * in each process model ({@link Counting}).
 */
@Component
public class Totals {

    public enum Figure {
        keyTopics("重点协商议题"), microTopics("微课题"), activities("协商活动(场)"), participants("参与人次"),
        settled("办结事项");

        private final String label;

        Figure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Level {
        district("区级协商总平台"), street("街道协商分平台"), community("社区协商微平台");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Level of(Object value) {
            for (Level level : values()) {
                if (level.name().equals(value)) {
                    return level;
                }
            }
            return community; // deliberations and concerns are the community micro-platforms' own
        }
    }

    public enum Period { month, quarter, year, all }

    /** The figures of one period and platform level. */
    public record Row(String period, Level level, Map<Figure, Long> figures) {
    }

    public record Report(LocalDate from, LocalDate to, Period period, List<Row> rows, Map<Level, Map<Figure, Long>> byLevel,
            Map<Figure, Long> total) {
    }

    private final JdbcTemplate jdbc;
    private final RepositoryService repositoryService;

    Totals(JdbcTemplate jdbc, RepositoryService repositoryService) {
        this.jdbc = jdbc;
        this.repositoryService = repositoryService;
    }

    /**
     * @param tenants the communities to count; {@code null} for all (administrators)
     */
    public Report compute(LocalDate from, LocalDate to, Period period, Collection<String> tenants) {
        Map<String, Map<Level, Map<Figure, Long>>> cells = new TreeMap<>();
        Map<Level, Map<Figure, Long>> byLevel = new LinkedHashMap<>();
        for (Level level : Level.values()) {
            byLevel.put(level, zero());
        }
        Map<Figure, Long> total = zero();
        if (tenants == null || !tenants.isEmpty()) {
            for (Counting counting : countings()) {
                for (Count count : counts(counting, from, to, tenants)) {
                    String label = label(count.year(), count.month(), period);
                    cells.computeIfAbsent(label, k -> new LinkedHashMap<>())
                            .computeIfAbsent(count.level(), k -> zero()).merge(count.figure(), count.value(), Long::sum);
                    byLevel.get(count.level()).merge(count.figure(), count.value(), Long::sum);
                    total.merge(count.figure(), count.value(), Long::sum);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        cells.forEach((label, levels) -> {
            for (Level level : Level.values()) {
                if (levels.containsKey(level)) {
                    rows.add(new Row(label, level, levels.get(level)));
                }
            }
        });
        return new Report(from, to, period, rows, byLevel, total);
    }

    record Count(int year, int month, Level level, Figure figure, long value) {
    }

    /** What each deployed process declares about counting. */
    List<Counting> countings() {
        Map<String, Counting> byKey = new LinkedHashMap<>();
        for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery().latestVersion().list()) {
            Process process = repositoryService.getBpmnModelInstance(definition.getId())
                    .getModelElementById(definition.getKey());
            Map<String, String> properties = new HashMap<>();
            if (process != null && process.getExtensionElements() != null) {
                for (CamundaProperties list : process.getExtensionElements().getElementsQuery()
                        .filterByType(CamundaProperties.class).list()) {
                    for (CamundaProperty property : list.getCamundaProperties()) {
                        properties.put(property.getCamundaName(), property.getCamundaValue());
                    }
                }
            }
            byKey.put(definition.getKey(), Counting.of(definition.getKey(), properties));
        }
        return byKey.values().stream().filter(Counting::counts).toList();
    }

    /**
     * Where one figure of a process comes from: its cases by their start ({@code activityIds} null), or instances of
     * activities by their start or their completion ({@code time}), counted once per case ({@code distinctCases}) or
     * each, or summing the case's number {@code variable}.
     */
    private record Source(Figure figure, List<String> activityIds, String time, boolean distinctCases, String variable) {
    }

    private static List<Source> sources(Counting c) {
        List<Source> sources = new ArrayList<>();
        if (c.topic() != null) {
            Figure figure = "micro".equals(c.topic()) ? Figure.microTopics : Figure.keyTopics;
            sources.add(c.topicFrom() == null ? new Source(figure, null, "START_TIME_", true, null)
                    : new Source(figure, List.of(c.topicFrom()), "START_TIME_", true, null));
        }
        if (!c.activities().isEmpty()) {
            sources.add(new Source(Figure.activities, c.activities(), "END_TIME_", false, null));
        }
        if (c.participantActivity() != null) {
            sources.add(new Source(Figure.participants, List.of(c.participantActivity()), "END_TIME_", false,
                    c.participantVariable()));
        }
        if (!c.settled().isEmpty()) {
            sources.add(new Source(Figure.settled, c.settled(), "END_TIME_", false, null));
        }
        return sources;
    }

    private List<Count> counts(Counting c, LocalDate from, LocalDate to, Collection<String> tenants) {
        List<Count> counts = new ArrayList<>();
        for (Source source : sources(c)) {
            counts.addAll(source.activityIds() == null
                    ? instances(c.processKey(), source.time(), source.figure(), from, to, tenants)
                    : activities(c.processKey(), source, from, to, tenants));
        }
        return counts;
    }

    /**
     * The cases behind one figure in a period, at most {@code limit} of them (process instance ids): those a figure
     * counts, by the same rules and within the same communities as {@link #compute}.
     */
    public Set<String> cases(Figure figure, LocalDate from, LocalDate to, Collection<String> tenants, int limit) {
        Set<String> cases = new LinkedHashSet<>();
        if (tenants != null && tenants.isEmpty()) {
            return cases;
        }
        for (Counting counting : countings()) {
            for (Source source : sources(counting)) {
                if (source.figure() != figure || cases.size() >= limit) {
                    continue;
                }
                List<Object> args = new ArrayList<>();
                String found = source.activityIds() == null
                        ? "SELECT p.ID_ AS case_id FROM ACT_HI_PROCINST p" + instancesWhere(counting.processKey(),
                                source.time(), from, to, tenants, args)
                        : "SELECT DISTINCT a.PROC_INST_ID_ AS case_id FROM ACT_HI_ACTINST a"
                                + activitiesWhere(counting.processKey(), source, from, to, tenants, args);
                // the newest cases first (by their start), so that a list cut at its limit shows the latest
                String sql = "SELECT q.case_id FROM (" + found + ") q JOIN ACT_HI_PROCINST h ON h.ID_ = q.case_id"
                        + " ORDER BY h.START_TIME_ DESC";
                int room = limit - cases.size();
                cases.addAll(jdbc.query(connection -> {
                    PreparedStatement statement = connection.prepareStatement(sql);
                    statement.setMaxRows(room);
                    new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
                    return statement;
                }, (rs, row) -> rs.getString(1)));
            }
        }
        return cases;
    }

    /** Cases of a process by their start, grouped by month and platform level. */
    private List<Count> instances(String key, String time, Figure figure, LocalDate from, LocalDate to,
            Collection<String> tenants) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT EXTRACT(YEAR FROM p." + time + ") AS y, EXTRACT(MONTH FROM p." + time + ") AS m, "
                + "lv.TEXT_ AS lvl, COUNT(*) AS n FROM ACT_HI_PROCINST p "
                + "LEFT JOIN ACT_HI_VARINST lv ON lv.PROC_INST_ID_ = p.ID_ AND lv.NAME_ = 'platformLevel'"
                + instancesWhere(key, time, from, to, tenants, args)
                + " GROUP BY EXTRACT(YEAR FROM p." + time + "), EXTRACT(MONTH FROM p." + time + "), lv.TEXT_";
        return query(sql, args, figure, false);
    }

    private static String instancesWhere(String key, String time, LocalDate from, LocalDate to,
            Collection<String> tenants, List<Object> args) {
        args.addAll(List.of(key, start(from), end(to)));
        return " WHERE p.PROC_DEF_KEY_ = ? AND p." + time + " >= ? AND p." + time + " < ?" + tenantFilter("p", tenants, args);
    }

    /**
     * Completed (or, for {@code START_TIME_}, started) instances of activities, grouped by month and platform level;
     * with a variable, the sum of the case's number variable instead of the count.
     */
    private List<Count> activities(String key, Source source, LocalDate from, LocalDate to, Collection<String> tenants) {
        List<Object> args = new ArrayList<>();
        String time = source.time();
        StringBuilder sql = new StringBuilder("SELECT EXTRACT(YEAR FROM a.").append(time).append(") AS y, ")
                .append("EXTRACT(MONTH FROM a.").append(time).append(") AS m, lv.TEXT_ AS lvl, ")
                .append(source.distinctCases() ? "COUNT(DISTINCT a.PROC_INST_ID_)" : "COUNT(*)").append(" AS n");
        if (source.variable() != null) {
            sql.append(", SUM(val.LONG_) AS s");
        }
        sql.append(" FROM ACT_HI_ACTINST a LEFT JOIN ACT_HI_VARINST lv ON lv.PROC_INST_ID_ = a.PROC_INST_ID_ ")
                .append("AND lv.NAME_ = 'platformLevel'");
        if (source.variable() != null) {
            sql.append(" LEFT JOIN ACT_HI_VARINST val ON val.PROC_INST_ID_ = a.PROC_INST_ID_ AND val.NAME_ = ?");
            args.add(source.variable());
        }
        sql.append(activitiesWhere(key, source, from, to, tenants, args));
        sql.append(" GROUP BY EXTRACT(YEAR FROM a.").append(time).append("), EXTRACT(MONTH FROM a.").append(time)
                .append("), lv.TEXT_");
        return query(sql.toString(), args, source.figure(), source.variable() != null);
    }

    private static String activitiesWhere(String key, Source source, LocalDate from, LocalDate to,
            Collection<String> tenants, List<Object> args) {
        String time = source.time();
        StringBuilder sql = new StringBuilder(" WHERE a.PROC_DEF_KEY_ = ? AND a.ACT_ID_ IN (")
                .append(String.join(", ", source.activityIds().stream().map(id -> "?").toList())).append(")");
        args.add(key);
        args.addAll(source.activityIds());
        if ("END_TIME_".equals(time)) {
            sql.append(" AND a.END_TIME_ IS NOT NULL AND (a.ACT_INST_STATE_ IS NULL OR a.ACT_INST_STATE_ <> 2)");
        }
        sql.append(" AND a.").append(time).append(" >= ? AND a.").append(time).append(" < ?");
        args.add(start(from));
        args.add(end(to));
        sql.append(tenantFilter("a", tenants, args));
        return sql.toString();
    }

    private List<Count> query(String sql, List<Object> args, Figure figure, boolean sum) {
        return jdbc.query(sql, (rs, row) -> new Count(((Number) rs.getObject("y")).intValue(),
                ((Number) rs.getObject("m")).intValue(), Level.of(rs.getString("lvl")), figure,
                sum ? rs.getLong("s") : rs.getLong("n")), args.toArray());
    }

    private static String tenantFilter(String alias, Collection<String> tenants, List<Object> args) {
        if (tenants == null) {
            return "";
        }
        args.addAll(tenants);
        return " AND " + alias + ".TENANT_ID_ IN (" + String.join(", ", tenants.stream().map(t -> "?").toList()) + ")";
    }

    private static Timestamp start(LocalDate from) {
        return Timestamp.valueOf(from.atStartOfDay());
    }

    private static Timestamp end(LocalDate to) {
        return Timestamp.valueOf(to.plusDays(1).atStartOfDay());
    }

    static String label(int year, int month, Period period) {
        return switch (period) {
            case month -> String.format("%04d-%02d", year, month);
            case quarter -> year + "-Q" + ((month - 1) / 3 + 1);
            case year -> String.valueOf(year);
            case all -> "all";
        };
    }

    private static Map<Figure, Long> zero() {
        Map<Figure, Long> figures = new LinkedHashMap<>();
        for (Figure f : Figure.values()) {
            figures.put(f, 0L);
        }
        return figures;
    }
}
