package cn.xieshang.statistics;

import cn.xieshang.statistics.ManagerRequests.Refused;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The running totals for managers: {@code /api/totals} (JSON), {@code /api/totals.csv} and {@code /api/totals/page}
 * (a Chinese page). Authenticated like {@code /engine-rest} (HTTP Basic against the identity service, see
 * {@code RestAuthentication}); open to the roles that watch flows (community party committee, street office, district
 * office) and administrators, each counting only the communities they belong to.
 */
@RestController
class TotalsController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    static final Map<Totals.Figure, String> FIGURE_LABELS = java.util.Arrays.stream(Totals.Figure.values())
            .collect(java.util.stream.Collectors.toMap(f -> f, Totals.Figure::label));

    private final Totals totals;
    private final IdentityService identityService;
    private final Template page;

    TotalsController(Totals totals, IdentityService identityService) {
        this.totals = totals;
        this.identityService = identityService;
        try (InputStreamReader reader = new InputStreamReader(new ClassPathResource("templates/totals.mustache").getInputStream(),
                StandardCharsets.UTF_8)) {
            this.page = Mustache.compiler().defaultValue("").escapeHTML(true).compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Query(LocalDate from, LocalDate to, Totals.Period period, List<String> tenants, int communities) {
    }

    @GetMapping(value = "/api/totals", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> json(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String period) {
        try {
            Query query = query(from, to, period);
            Totals.Report report = totals.compute(query.from(), query.to(), query.period(), query.tenants());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", report.from().toString());
            body.put("to", report.to().toString());
            body.put("period", report.period().name());
            body.put("communities", query.communities());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Totals.Row row : report.rows()) {
                rows.add(row(row.period(), row.level(), row.figures()));
            }
            body.put("rows", rows);
            List<Map<String, Object>> byLevel = new ArrayList<>();
            report.byLevel().forEach((level, figures) -> byLevel.add(row(null, level, figures)));
            body.put("byLevel", byLevel);
            body.put("total", figures(report.total()));
            return ResponseEntity.ok(body);
        } catch (Refused refused) {
            return ResponseEntity.status(refused.status).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("type", "InvalidRequest", "message", refused.getMessage()));
        }
    }

    @GetMapping(value = "/api/totals.csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String period) {
        try {
            Query query = query(from, to, period);
            Totals.Report report = totals.compute(query.from(), query.to(), query.period(), query.tenants());
            StringBuilder out = new StringBuilder("\uFEFF"); // so spreadsheet programs read UTF-8
            out.append("期间(period),平台层级(platformLevel)");
            for (Totals.Figure figure : Totals.Figure.values()) {
                out.append(',').append(FIGURE_LABELS.get(figure)).append('(').append(figure.name()).append(')');
            }
            out.append("\r\n");
            for (Totals.Row row : report.rows()) {
                line(out, row.period(), row.level().label(), row.figures());
            }
            report.byLevel().forEach((level, figures) -> line(out, "合计", level.label(), figures));
            line(out, "合计", "全部", report.total());
            return ResponseEntity.ok().contentType(CSV)
                    .header("Content-Disposition", "attachment; filename=\"totals-" + query.from() + "-" + query.to() + ".csv\"")
                    .body(out.toString());
        } catch (Refused refused) {
            return ResponseEntity.status(refused.status).contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .body(refused.getMessage());
        }
    }

    @GetMapping(value = "/api/totals/page")
    ResponseEntity<String> page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String period) {
        Map<String, Object> model = new HashMap<>();
        try {
            Query query = query(from, to, period);
            Totals.Report report = totals.compute(query.from(), query.to(), query.period(), query.tenants());
            model.put("from", query.from().toString());
            model.put("to", query.to().toString());
            model.put("communities", query.communities() < 0 ? "全部" : " " + query.communities() + " 个");
            model.put("figureLabels", List.of(Totals.Figure.values()).stream().map(FIGURE_LABELS::get).toList());
            List<Map<String, Object>> levels = new ArrayList<>();
            report.byLevel().forEach((level, figures) -> levels.add(view(level.label(), figures)));
            model.put("levels", levels);
            model.put("total", view("合计", report.total()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Totals.Row row : report.rows()) {
                Map<String, Object> v = view(row.level().label(), row.figures());
                v.put("period", row.period());
                rows.add(v);
            }
            model.put("rows", rows);
            model.put("empty", rows.isEmpty());
            for (Totals.Period p : Totals.Period.values()) {
                model.put("is_" + p.name(), p == query.period());
            }
            model.put("query", "from=" + query.from() + "&to=" + query.to() + "&period=" + query.period().name());
        } catch (Refused refused) {
            if (refused.status == HttpStatus.FORBIDDEN) {
                return ResponseEntity.status(refused.status).contentType(HTML)
                        .body("<!doctype html><meta charset=utf-8><title>无权查看</title><p>" + refused.getMessage() + "</p>");
            }
            model.put("error", refused.getMessage());
            model.put("levels", List.of());
            model.put("rows", List.of());
            return ResponseEntity.badRequest().contentType(HTML).body(page.execute(model));
        }
        return ResponseEntity.ok().contentType(HTML).body(page.execute(model));
    }

    /** The caller's communities, and the parameters; defaults: this year so far, by month. */
    private Query query(String from, String to, String period) {
        ManagerRequests.Manager manager = ManagerRequests.Manager.current(identityService,
                "统计数据只对社区党委、街道办和区委区政府开放");
        LocalDate today = LocalDate.ofInstant(ClockUtil.now().toInstant(), ZoneId.systemDefault());
        LocalDate start = ManagerRequests.date("from", "开始日期", from, today.withDayOfYear(1));
        LocalDate end = ManagerRequests.date("to", "结束日期", to, today);
        ManagerRequests.inOrder(start, end);
        List<String> tenants = manager.scope();
        return new Query(start, end, ManagerRequests.period(period), tenants, tenants == null ? -1 : tenants.size());
    }

    private static Map<String, Object> row(String period, Totals.Level level, Map<Totals.Figure, Long> figures) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (period != null) {
            row.put("period", period);
        }
        row.put("platformLevel", level.name());
        row.put("platformLevelName", level.label());
        row.putAll(figures(figures));
        return row;
    }

    private static Map<String, Object> figures(Map<Totals.Figure, Long> figures) {
        Map<String, Object> out = new LinkedHashMap<>();
        figures.forEach((figure, value) -> out.put(figure.name(), value));
        return out;
    }

    private static Map<String, Object> view(String label, Map<Totals.Figure, Long> figures) {
        Map<String, Object> v = new HashMap<>();
        v.put("label", label);
        v.put("values", List.of(Totals.Figure.values()).stream().map(figures::get).toList());
        return v;
    }

    private static void line(StringBuilder out, String period, String level, Map<Totals.Figure, Long> figures) {
        out.append(period).append(',').append(level);
        for (Totals.Figure figure : Totals.Figure.values()) {
            out.append(',').append(figures.get(figure));
        }
        out.append("\r\n");
    }
}
