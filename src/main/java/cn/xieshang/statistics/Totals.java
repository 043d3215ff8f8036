package cn.xieshang.statistics;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
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

    public enum Figure { keyTopics, microTopics, activities, participants, settled }

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

    private List<Count> counts(Counting c, LocalDate from, LocalDate to, Collection<String> tenants) {
        List<Count> counts = new ArrayList<>();
        if (c.topic() != null) {
            Figure figure = "micro".equals(c.topic()) ? Figure.microTopics : Figure.keyTopics;
            if (c.topicFrom() == null) {
                counts.addAll(instances(c.processKey(), "START_TIME_", null, figure, from, to, tenants));
            } else {
                counts.addAll(activities(c.processKey(), List.of(c.topicFrom()), "START_TIME_", true, null, figure,
                        from, to, tenants));
            }
        }
        if (!c.activities().isEmpty()) {
            counts.addAll(activities(c.processKey(), c.activities(), "END_TIME_", false, null, Figure.activities,
                    from, to, tenants));
        }
        if (c.participantActivity() != null) {
            counts.addAll(activities(c.processKey(), List.of(c.participantActivity()), "END_TIME_", false,
                    c.participantVariable(), Figure.participants, from, to, tenants));
        }
        if (!c.settled().isEmpty()) {
            counts.addAll(activities(c.processKey(), c.settled(), "END_TIME_", false, null, Figure.settled,
                    from, to, tenants));
        }
        return counts;
    }

    /** Cases of a process by their start (or end, in a state), grouped by month and platform level. */
    private List<Count> instances(String key, String time, String state, Figure figure, LocalDate from, LocalDate to,
            Collection<String> tenants) {
        List<Object> args = new ArrayList<>(List.of(key, start(from), end(to)));
        String sql = "SELECT EXTRACT(YEAR FROM p." + time + ") AS y, EXTRACT(MONTH FROM p." + time + ") AS m, "
                + "lv.TEXT_ AS lvl, COUNT(*) AS n FROM ACT_HI_PROCINST p "
                + "LEFT JOIN ACT_HI_VARINST lv ON lv.PROC_INST_ID_ = p.ID_ AND lv.NAME_ = 'platformLevel' "
                + "WHERE p.PROC_DEF_KEY_ = ? AND p." + time + " >= ? AND p." + time + " < ?"
                + (state == null ? "" : " AND p.STATE_ = '" + state + "'")
                + tenantFilter("p", tenants, args)
                + " GROUP BY EXTRACT(YEAR FROM p." + time + "), EXTRACT(MONTH FROM p." + time + "), lv.TEXT_";
        return query(sql, args, figure, false);
    }

    /**
     * Completed (or, for {@code START_TIME_}, started) instances of activities, grouped by month and platform level;
     * with a variable, the sum of the case's number variable instead of the count.
     */
    private List<Count> activities(String key, List<String> activityIds, String time, boolean distinctCases,
            String variable, Figure figure, LocalDate from, LocalDate to, Collection<String> tenants) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT EXTRACT(YEAR FROM a.").append(time).append(") AS y, ")
                .append("EXTRACT(MONTH FROM a.").append(time).append(") AS m, lv.TEXT_ AS lvl, ")
                .append(distinctCases ? "COUNT(DISTINCT a.PROC_INST_ID_)" : "COUNT(*)").append(" AS n");
        if (variable != null) {
            sql.append(", SUM(val.LONG_) AS s");
        }
        sql.append(" FROM ACT_HI_ACTINST a LEFT JOIN ACT_HI_VARINST lv ON lv.PROC_INST_ID_ = a.PROC_INST_ID_ ")
                .append("AND lv.NAME_ = 'platformLevel'");
        if (variable != null) {
            sql.append(" LEFT JOIN ACT_HI_VARINST val ON val.PROC_INST_ID_ = a.PROC_INST_ID_ AND val.NAME_ = ?");
            args.add(variable);
        }
        sql.append(" WHERE a.PROC_DEF_KEY_ = ? AND a.ACT_ID_ IN (")
                .append(String.join(", ", activityIds.stream().map(id -> "?").toList())).append(")");
        args.add(key);
        args.addAll(activityIds);
        if ("END_TIME_".equals(time)) {
            sql.append(" AND a.END_TIME_ IS NOT NULL AND (a.ACT_INST_STATE_ IS NULL OR a.ACT_INST_STATE_ <> 2)");
        }
        sql.append(" AND a.").append(time).append(" >= ? AND a.").append(time).append(" < ?");
        args.add(start(from));
        args.add(end(to));
        sql.append(tenantFilter("a", tenants, args));
        sql.append(" GROUP BY EXTRACT(YEAR FROM a.").append(time).append("), EXTRACT(MONTH FROM a.").append(time)
                .append("), lv.TEXT_");
        return query(sql.toString(), args, figure, variable != null);
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
