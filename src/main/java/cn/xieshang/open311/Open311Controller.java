package cn.xieshang.open311;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open311 GeoReport v2 (JSON) at {@code /open311/v2/}, for city apps and other Open311 clients: the concern's
 * categories as services, filing a concern with an integrator's {@code api_key}, and following concerns. No login:
 * reading needs no key (and then shows status only), filing needs one. Errors as the spec has them:
 * {@code [{"code": 400, "description": "…"}]}.
 */
@RestController
@RequestMapping(value = "/open311/v2", produces = MediaType.APPLICATION_JSON_VALUE)
class Open311Controller {

    private final Services services;
    private final ServiceRequests requests;
    private final Filing filing;
    private final Integrators integrators;

    Open311Controller(Services services, ServiceRequests requests, Filing filing, Integrators integrators) {
        this.services = services;
        this.requests = requests;
        this.filing = filing;
        this.integrators = integrators;
    }

    @GetMapping("/services.json")
    List<Map<String, Object>> services() {
        return services.list();
    }

    @GetMapping("/services/{code}.json")
    Map<String, Object> service(@PathVariable String code) {
        return services.definition(code);
    }

    @PostMapping("/requests.json")
    List<Map<String, Object>> file(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
        Integrators.Integrator integrator = integrators.required(params.getFirst("api_key"), request.getRemoteAddr());
        integrators.countFiling(integrator);
        Filing.Filed filed = filing.file(integrator, params);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("service_request_id", filed.caseNumber());
        answer.put("service_notice", filed.notice());
        answer.put("account_id", null);
        return List.of(answer);
    }

    @GetMapping("/requests.json")
    List<Map<String, Object>> requests(@RequestParam(name = "api_key", required = false) String apiKey,
            @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction,
            @RequestParam(name = "service_request_id", required = false) String ids,
            @RequestParam(name = "service_code", required = false) String codes,
            @RequestParam(name = "start_date", required = false) String startDate,
            @RequestParam(name = "end_date", required = false) String endDate,
            @RequestParam(name = "status", required = false) String status, HttpServletRequest request) {
        Boolean open = null;
        if (status != null && !status.isBlank()) {
            List<String> statuses = list(status);
            if (!List.of("open", "closed").containsAll(statuses)) {
                throw Open311Error.badRequest("status 只能是 open 或 closed: " + status);
            }
            open = statuses.size() == 1 ? "open".equals(statuses.get(0)) : null;
        }
        List<String> serviceCodes = codes == null || codes.isBlank() ? null : list(codes);
        if (serviceCodes != null) {
            serviceCodes.forEach(services::service); // 404 for a code the form does not offer
        }
        ServiceRequests.Filter filter = new ServiceRequests.Filter(ids == null || ids.isBlank() ? null : list(ids),
                serviceCodes, date("start_date", startDate), date("end_date", endDate), open);
        return requests.list(readable(apiKey, request.getRemoteAddr(), jurisdiction), filter);
    }

    @GetMapping("/requests/{id}.json")
    List<Map<String, Object>> request(@PathVariable String id,
            @RequestParam(name = "api_key", required = false) String apiKey,
            @RequestParam(name = "jurisdiction_id", required = false) String jurisdiction, HttpServletRequest request) {
        return List.of(requests.one(readable(apiKey, request.getRemoteAddr(), jurisdiction), id));
    }

    /** Anything else under /open311/v2: not here (XML is not offered). */
    @RequestMapping("/**")
    void unknown() {
        throw Open311Error.notFound("没有这个接口; 本服务提供 Open311 GeoReport v2 的 JSON 格式(.json)");
    }

    /**
     * Who reads: with a key, its user's communities in full; without, every community's status only. Either narrowed
     * to {@code jurisdiction_id}.
     */
    private ServiceRequests.Reader readable(String apiKey, String address, String jurisdiction) {
        Collection<String> communities = integrators.of(apiKey, address).map(Integrators.Integrator::communities).orElse(null);
        boolean full = communities != null;
        if (jurisdiction != null && !jurisdiction.isBlank()) {
            communities = communities == null || communities.contains(jurisdiction) ? List.of(jurisdiction) : List.of();
        }
        return new ServiceRequests.Reader(communities, full);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A W3C date-time ({@code 2026-12-01T00:00:00+08:00}) or a day (Beijing time). */
    private static Date date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Date.from(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException notDateTime) {
            try {
                return Date.from(LocalDate.parse(text.trim()).atStartOfDay(ServiceRequests.CHINA).toInstant());
            } catch (DateTimeParseException e) {
                throw Open311Error.badRequest(name + " 应为日期时间, 如 2026-12-01T00:00:00+08:00: " + text);
            }
        }
    }

    @ExceptionHandler(Open311Error.class)
    ResponseEntity<List<Map<String, Object>>> error(Open311Error e) {
        return ResponseEntity.status(e.code()).contentType(MediaType.APPLICATION_JSON)
                .body(List.of(Map.of("code", e.code(), "description", e.getMessage())));
    }
}
