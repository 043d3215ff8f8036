package cn.xieshang.concern;

import cn.xieshang.validation.InputRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The concern endpoints beside {@code /engine-rest}, authenticated the same way (HTTP Basic as a Camunda user, whose
 * groups and communities then apply to every query and start):
 * <ul>
 *   <li>{@code POST /api/concerns/batch}: many concerns at once (an evening talk), all or nothing;</li>
 *   <li>{@code GET /api/concerns/overdue}: overdue concern and escalation work per community and level;</li>
 *   <li>{@code GET /api/concerns/by-party} (JSON) and {@code /api/concerns/by-party.csv}: one community's concerns
 *       about one party (a property company), by category, to table at a meeting.</li>
 * </ul>
 * Bad input answers 400 with the problems named, as {@code /engine-rest} does.
 */
@RestController
class ConcernApi {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConcernApi.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConcernBatch batch;
    private final OverdueWork overdue;
    private final PartyList partyList;
    private final IdentityService identityService;

    ConcernApi(ConcernBatch batch, OverdueWork overdue, PartyList partyList, IdentityService identityService) {
        this.batch = batch;
        this.overdue = overdue;
        this.partyList = partyList;
        this.identityService = identityService;
    }

    /**
     * {@code {"shared": {"channel": "evening-talk", …}, "concerns": [{"title": …, …}, …]}}; every value as the start
     * form {@code raise-concern} takes it.
     */
    @PostMapping(value = "/api/concerns/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> batch(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InputRejectedException("请求体应为 JSON 对象: {\"shared\": {…}, \"concerns\": [{…}, …]}");
        }
        JsonNode shared = body.path("shared");
        if (!shared.isMissingNode() && !shared.isObject()) {
            throw new InputRejectedException("字段「共同信息(shared)」应为对象");
        }
        JsonNode concerns = body.path("concerns");
        if (!concerns.isMissingNode() && !concerns.isArray()) {
            throw new InputRejectedException("字段「诉求(concerns)」应为列表");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode item : concerns) {
            if (!item.isObject()) {
                throw new InputRejectedException("字段「诉求(concerns)」的每一条应为对象");
            }
            items.add(values(item));
        }
        List<ConcernBatch.Started> started = batch.start(values(shared), items);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", started.size());
        answer.put("concerns", started);
        return answer;
    }

    @GetMapping(value = "/api/concerns/overdue", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> overdue() {
        return overdue.counts();
    }

    @GetMapping(value = "/api/concerns/by-party", produces = MediaType.APPLICATION_JSON_VALUE)
    PartyList.Report byParty(@RequestParam(required = false) String communityId, @RequestParam(required = false) String party,
            @RequestParam(required = false) String channel) {
        return partyList.report(community(communityId), party, channel);
    }

    @GetMapping(value = "/api/concerns/by-party.csv")
    ResponseEntity<byte[]> byPartyCsv(@RequestParam(required = false) String communityId, @RequestParam(required = false) String party,
            @RequestParam(required = false) String channel) {
        String csv = partyList.csv(partyList.report(community(communityId), party, channel));
        // a byte order mark, so spreadsheet programs read the Chinese as UTF-8
        byte[] bytes = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"concerns-by-party.csv\"").body(bytes);
    }

    /** The community asked for, or the user's only one. */
    private String community(String communityId) {
        if (communityId != null && !communityId.isBlank()) {
            return communityId;
        }
        Authentication user = identityService.getCurrentAuthentication();
        List<String> tenants = user == null || user.getTenantIds() == null ? List.of() : user.getTenantIds();
        if (tenants.size() != 1) {
            throw new InputRejectedException("字段「所属社区(communityId)」为必填项: 您属于多个社区或不属于任何社区");
        }
        return tenants.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(JsonNode object) {
        if (object == null || object.isMissingNode() || object.isNull()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> values = new LinkedHashMap<>(JSON.convertValue(object, Map.class));
        values.values().removeIf(v -> v == null);
        return values;
    }

    @ExceptionHandler(InputRejectedException.class)
    ResponseEntity<Map<String, Object>> rejected(InputRejectedException e) {
        try (cn.xieshang.operations.CaseLog.Scope about = cn.xieshang.operations.CaseLog.of(e.about())) {
            LOG.info("Concerns refused (400): {}", e.getMessage()); // one line, no stack trace: the caller's mistake
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InputRejectedException");
        body.put("message", e.getMessage());
        body.put("problems", e.problems());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(AuthorizationException.class)
    ResponseEntity<Map<String, Object>> forbidden(AuthorizationException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "AuthorizationException", "message", String.valueOf(e.getMessage())));
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return rejected(new InputRejectedException("请求体不是有效的 JSON"));
    }
}
