package cn.xieshang.dashboard;

import cn.xieshang.caseview.CaseView;
import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.escalation.EscalationLevels;
import cn.xieshang.organisation.Organisation;
import cn.xieshang.statistics.ManagerRequests;
import cn.xieshang.statistics.ManagerRequests.Refused;
import cn.xieshang.statistics.Totals;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The 1+7+X dashboard that Cockpit's dashboard shows (scripts/dashboard.js), for the roles that watch flows
 * (community party committee, street office, district office) and administrators, over the caller's own communities:
 * <ul>
 *   <li>{@code GET /api/dashboard?community=&from=&to=&period=}: open cases per step of each process, open cases and
 *       overdue tasks per community and level, and the running totals ({@link Totals}) per period — each number with
 *       the parameters ({@code cases}) that list the cases behind it;</li>
 *   <li>{@code GET /api/dashboard/cases?open=<process>:<step>|all} or {@code ?overdue=<level>|all} or
 *       {@code ?figure=<figure>&from=&to=}, each with an optional {@code community=}: those cases, as
 *       {@code /api/cases} lists them and read with the caller's own rights, at most 100.</li>
 * </ul>
 * Authenticated like the rest of {@code /api} (HTTP Basic, or the Cockpit session for these reads).
 */
@RestController
class DashboardController {

    static final int LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Dashboard dashboard;
    private final Totals totals;
    private final CaseView caseView;
    private final Organisation organisation;
    private final IdentityService identityService;

    DashboardController(Dashboard dashboard, Totals totals, CaseView caseView, Organisation organisation,
            IdentityService identityService) {
        this.dashboard = dashboard;
        this.totals = totals;
        this.caseView = caseView;
        this.organisation = organisation;
        this.identityService = identityService;
    }

    /** Whose numbers: the communities to count ({@code null}: all, for administrators) and those the caller has. */
    private record Caller(List<String> tenants, List<String> communities) {
    }

    @GetMapping(value = "/api/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> dashboard(@RequestParam(required = false) String community,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String period) {
        try {
            Caller caller = caller(community);
            LocalDate today = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
            LocalDate start = ManagerRequests.date("from", "开始日期", from, today.withDayOfYear(1));
            LocalDate end = ManagerRequests.date("to", "结束日期", to, today);
            ManagerRequests.inOrder(start, end);
            Totals.Period grouping = ManagerRequests.period(period);
            String only = blankToNull(community);

            Map<String, Object> body = new LinkedHashMap<>();
            body.put("asOf", CaseRecord.now());
            body.put("communities", caller.communities().stream().map(this::community).toList());
            body.put("community", only);
            body.put("processes", processes(caller.tenants(), only));
            body.put("overdue", overdue(caller, only));
            body.put("totals", totals(start, end, grouping, caller.tenants(), only));
            return ResponseEntity.ok(body);
        } catch (Refused refused) {
            return refusal(refused);
        }
    }

    @GetMapping(value = "/api/dashboard/cases", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> cases(@RequestParam(required = false) String open,
            @RequestParam(required = false) String overdue, @RequestParam(required = false) String figure,
            @RequestParam(required = false) String community, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String max) {
        try {
            Caller caller = caller(community);
            int limit = limit(max);
            long asked = java.util.stream.Stream.of(open, overdue, figure).filter(p -> blankToNull(p) != null).count();
            if (asked != 1) {
                throw new Refused(HttpStatus.BAD_REQUEST,
                        "请给出参数「办理中案件(open)」「逾期任务(overdue)」「累计数字(figure)」中的一个");
            }
            Set<String> ids;
            if (blankToNull(open) != null) {
                ids = openCases(open.trim(), caller.tenants(), limit);
            } else if (blankToNull(overdue) != null) {
                String level = overdue.trim();
                if (!"all".equals(level) && dashboard.levels().stream().noneMatch(l -> l.id().equals(level))) {
                    throw new Refused(HttpStatus.BAD_REQUEST, "参数「逾期任务的层级(overdue)」应为 all 或 " + String.join("、",
                            dashboard.levels().stream().map(EscalationLevels.Level::id).toList()) + ",收到: " + level);
                }
                ids = dashboard.overdueCases("all".equals(level) ? null : level, caller.tenants(), limit);
            } else {
                Totals.Figure counted;
                try {
                    counted = Totals.Figure.valueOf(figure.trim());
                } catch (IllegalArgumentException e) {
                    throw new Refused(HttpStatus.BAD_REQUEST, "参数「累计数字(figure)」应为 " + String.join("、",
                            Arrays.stream(Totals.Figure.values()).map(Enum::name).toList()) + ",收到: " + figure);
                }
                LocalDate today = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
                LocalDate start = ManagerRequests.date("from", "开始日期", from, today.withDayOfYear(1));
                LocalDate end = ManagerRequests.date("to", "结束日期", to, today);
                ids = totals.cases(counted, start, end, caller.tenants(), limit);
            }
            return ResponseEntity.ok(Map.of("cases", caseView.cases(ids), "limit", limit));
        } catch (Refused refused) {
            return refusal(refused);
        }
    }

    /** How many cases a list holds: {@code max} (1 to 1,000), by default {@link #LIMIT}. */
    private static int limit(String max) {
        if (blankToNull(max) == null) {
            return LIMIT;
        }
        try {
            int limit = Integer.parseInt(max.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused(HttpStatus.BAD_REQUEST, "参数「最多列出(max)」应为 1 到 " + MAX_LIMIT + " 的整数,收到: " + max);
    }

    private Set<String> openCases(String open, Collection<String> tenants, int limit) {
        if ("all".equals(open)) {
            return dashboard.open(tenants, limit);
        }
        String[] step = open.split(":", 2);
        List<Dashboard.Process> processes = dashboard.processes();
        boolean known = step.length == 2 && processes.stream().anyMatch(p -> p.key().equals(step[0])
                && p.steps().steps().stream().anyMatch(s -> s.id().equals(step[1])));
        if (!known) {
            throw new Refused(HttpStatus.BAD_REQUEST,
                    "参数「办理中案件(open)」应为 all 或「流程:环节」(如 deliberation:Group_RaiseTopics),收到: " + open);
        }
        return dashboard.openAtStep(processes, step[0], step[1], tenants, limit);
    }

    private List<Map<String, Object>> processes(Collection<String> tenants, String community) {
        List<Dashboard.Process> processes = dashboard.processes();
        Map<String, Map<String, Long>> open = dashboard.openPerStep(processes, tenants);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Dashboard.Process process : processes) {
            Map<String, Long> counts = open.getOrDefault(process.key(), Map.of());
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Steps.Step step : process.steps().steps()) {
                long n = counts.getOrDefault(step.id(), 0L);
                if (n == 0 && !step.shown()) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", step.id());
                row.put("name", step.name());
                row.put("open", n);
                row.put("cases", cases("open", process.key() + ":" + step.id(), community));
                steps.add(row);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("key", process.key());
            p.put("name", process.name());
            p.put("steps", steps);
            out.add(p);
        }
        return out;
    }

    private Map<String, Object> overdue(Caller caller, String only) {
        List<EscalationLevels.Level> levels = dashboard.levels();
        Map<String, Map<String, Long>> overdue = dashboard.overdue(caller.tenants());
        Map<String, Long> open = dashboard.openPerCommunity(caller.tenants());
        // the caller's communities in the organisation's order, those with open cases or overdue work
        List<String> communities = new ArrayList<>(caller.communities().stream()
                .filter(c -> open.containsKey(c) || overdue.containsKey(c)).toList());
        open.keySet().stream().filter(c -> !communities.contains(c)).forEach(communities::add);
        overdue.keySet().stream().filter(c -> !communities.contains(c)).forEach(communities::add);

        Map<String, Long> byLevel = new LinkedHashMap<>();
        levels.forEach(l -> byLevel.put(l.id(), 0L));
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        long openTotal = 0;
        for (String community : communities) {
            Map<String, Long> counts = overdue.getOrDefault(community, Map.of());
            Map<String, Object> row = new LinkedHashMap<>(community(community));
            row.put("open", number(open.getOrDefault(community, 0L), cases("open", "all", community)));
            Map<String, Object> cells = new LinkedHashMap<>();
            long sum = 0;
            for (EscalationLevels.Level level : levels) {
                long n = counts.getOrDefault(level.id(), 0L);
                cells.put(level.id(), number(n, cases("overdue", level.id(), community)));
                byLevel.merge(level.id(), n, Long::sum);
                sum += n;
            }
            // a level the escalation table no longer knows still counts, under its id
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                if (!byLevel.containsKey(e.getKey())) {
                    sum += e.getValue();
                }
            }
            row.put("levels", cells);
            row.put("overdue", number(sum, cases("overdue", "all", community)));
            rows.add(row);
            total += sum;
            openTotal += open.getOrDefault(community, 0L);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("levels", levels.stream().map(l -> Map.of("id", l.id(), "name", l.name())).toList());
        out.put("communities", rows);
        Map<String, Object> totalRow = new LinkedHashMap<>();
        totalRow.put("open", number(openTotal, cases("open", "all", only)));
        Map<String, Object> cells = new LinkedHashMap<>();
        byLevel.forEach((level, n) -> cells.put(level, number(n, cases("overdue", level, only))));
        totalRow.put("levels", cells);
        totalRow.put("overdue", number(total, cases("overdue", "all", only)));
        out.put("total", totalRow);
        return out;
    }

    private Map<String, Object> totals(LocalDate from, LocalDate to, Totals.Period period, Collection<String> tenants,
            String community) {
        Totals.Report report = totals.compute(from, to, period, tenants);
        Map<String, Map<Totals.Figure, Long>> byPeriod = new LinkedHashMap<>();
        for (Totals.Row row : report.rows()) {
            Map<Totals.Figure, Long> sums = byPeriod.computeIfAbsent(row.period(), p -> new LinkedHashMap<>());
            row.figures().forEach((figure, n) -> sums.merge(figure, n, Long::sum));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byPeriod.forEach((label, figures) -> {
            LocalDate[] range = range(label, period, from, to);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", label);
            row.put("periodName", periodName(label, period));
            row.put("from", range[0].toString());
            row.put("to", range[1].toString());
            row.put("figures", figures(figures, range[0], range[1], community));
            rows.add(row);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("period", period.name());
        out.put("figures", Arrays.stream(Totals.Figure.values()).map(f -> Map.of("id", f.name(), "name", f.label()))
                .toList());
        out.put("rows", rows);
        out.put("total", figures(report.total(), from, to, community));
        return out;
    }

    private static Map<String, Object> figures(Map<Totals.Figure, Long> figures, LocalDate from, LocalDate to,
            String community) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Totals.Figure figure : Totals.Figure.values()) {
            Map<String, String> cases = cases("figure", figure.name(), community);
            cases.put("from", from.toString());
            cases.put("to", to.toString());
            out.put(figure.name(), number(figures.getOrDefault(figure, 0L), cases));
        }
        return out;
    }

    /** The days of a period label of the totals ({@code 2026-03}, {@code 2026-Q1}, {@code 2026}), within from … to. */
    static LocalDate[] range(String label, Totals.Period period, LocalDate from, LocalDate to) {
        LocalDate start;
        LocalDate end;
        switch (period) {
            case month -> {
                start = LocalDate.parse(label + "-01");
                end = start.plusMonths(1).minusDays(1);
            }
            case quarter -> {
                int quarter = Integer.parseInt(label.substring(label.indexOf('Q') + 1));
                start = LocalDate.of(Integer.parseInt(label.substring(0, 4)), (quarter - 1) * 3 + 1, 1);
                end = start.plusMonths(3).minusDays(1);
            }
            case year -> {
                start = LocalDate.of(Integer.parseInt(label), 1, 1);
                end = start.plusYears(1).minusDays(1);
            }
            default -> {
                start = from;
                end = to;
            }
        }
        return new LocalDate[] {start.isBefore(from) ? from : start, end.isAfter(to) ? to : end};
    }

    /** A period as people read it: 2026年3月, 2026年第1季度, 2026年, 全部期间. */
    static String periodName(String label, Totals.Period period) {
        return switch (period) {
            case month -> label.substring(0, 4) + "年" + Integer.parseInt(label.substring(5)) + "月";
            case quarter -> label.substring(0, 4) + "年第" + label.substring(label.indexOf('Q') + 1) + "季度";
            case year -> label + "年";
            case all -> "全部期间";
        };
    }

    private static Map<String, Object> number(long count, Map<String, String> cases) {
        Map<String, Object> number = new LinkedHashMap<>();
        number.put("count", count);
        number.put("cases", cases);
        return number;
    }

    /** The parameters of /api/dashboard/cases that list the cases behind a number. */
    private static Map<String, String> cases(String what, String value, String community) {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(what, value);
        if (community != null) {
            cases.put("community", community);
        }
        return cases;
    }

    private Map<String, Object> community(String id) {
        Map<String, Object> community = new LinkedHashMap<>();
        community.put("id", id);
        community.put("name", organisation.community(id).map(Organisation.Community::name).orElse(id));
        community.put("street", organisation.streetOf(id).map(Organisation.Street::name).orElse(null));
        return community;
    }

    /**
     * The caller's communities — as the running totals have them: the roles that watch flows count their own
     * communities (tenants), administrators all — narrowed to one when {@code community} names one of them.
     */
    private Caller caller(String community) {
        ManagerRequests.Manager manager = ManagerRequests.Manager.current(identityService,
                "工作看板只对社区党委、街道办和区委区政府开放");
        List<String> communities = organisation.communities().stream().map(Organisation.Community::id)
                .filter(id -> manager.admin() || manager.tenants().contains(id)).toList();
        String only = blankToNull(community);
        if (only != null) {
            if (!communities.contains(only)) {
                throw new Refused(HttpStatus.BAD_REQUEST, "参数「社区(community)」不是您所辖的社区: " + only);
            }
            return new Caller(List.of(only), communities);
        }
        return new Caller(manager.scope(), communities);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseEntity<Object> refusal(Refused refused) {
        return ResponseEntity.status(refused.status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "InvalidRequest", "message", refused.getMessage()));
    }
}
