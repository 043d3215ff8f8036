package cn.xieshang.residents;

import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.FormLabels;
import cn.xieshang.validation.InputRejectedException;
import com.samskivert.mustache.Template;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /raise}: a resident raises a concern, or proposes a topic for deliberation, without an account (居民自助反映
 * 诉求、提议题). A plain HTML form (no script), the community chosen by street and name; the case starts through the
 * start form {@code raise-concern} (or {@code raise-topic}, which asks no scope and urgency) and its rules (channel
 * {@code online}), as {@link ResidentsDoor#USER}. The answer is the case number and the private
 * follow-up link. Every refusal — the bot trap, the rate limits, the size limit, the form's rules — is a Chinese
 * message on the form again, and nothing is stored.
 */
@RestController
class RaisePage {

    /** Larger than any valid submission (2000 Chinese characters of description are 18 KB form-encoded). */
    static final int MAX_BYTES = 48 * 1024;
    /** The fields the page takes, by the start form's keys; anything else is ignored. */
    static final List<String> FIELDS = List.of("kind", "communityId", "title", "description", "location", "category", "scope",
            "urgency", "requesterName", "requesterContact", "requesterEmail");

    private final Organisation organisation;
    private final ResidentsDoor door;
    private final AbuseGuard guard;
    private final FollowUpLinks links;
    private final Template form = Pages.template("raise");
    private final Template raised = Pages.template("raised");
    private final Map<String, String> categories = FormLabels.of("forms/raise-concern.form", "category");
    private final Map<String, String> scopes = FormLabels.of("forms/raise-concern.form", "scope");
    private final Map<String, String> urgencies = FormLabels.of("forms/raise-concern.form", "urgency");

    RaisePage(Organisation organisation, ResidentsDoor door, AbuseGuard guard, FollowUpLinks links) {
        this.organisation = organisation;
        this.door = door;
        this.guard = guard;
        this.links = links;
    }

    @GetMapping(value = "/raise", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> show(@RequestParam(required = false) String community) {
        Map<String, String> values = new HashMap<>();
        if (community != null) {
            values.put("communityId", community);
        }
        return form(HttpStatus.OK, values, false, List.of());
    }

    @PostMapping(value = "/raise", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> raise(@RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
        Map<String, String> values = new HashMap<>();
        for (String field : FIELDS) {
            String value = params.getFirst(field);
            if (value != null && !value.isBlank()) {
                values.put(field, value.strip());
            }
        }
        boolean anonymous = params.containsKey("anonymous");
        boolean topic = "topic".equals(params.getFirst("kind"));
        if (topic) {
            values.put("kind", "topic");
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            return form(HttpStatus.PAYLOAD_TOO_LARGE, values, anonymous, List.of("提交的内容太长: 诉求内容请控制在 2000 字以内。"));
        }
        Optional<String> bot = guard.botRefusal(params.getFirst("stamp"), params.getFirst("website"));
        if (bot.isPresent()) {
            return form(HttpStatus.BAD_REQUEST, values, anonymous, List.of(bot.get()));
        }
        Map<String, Object> start = new LinkedHashMap<>(values);
        start.remove("kind");
        if (topic) {
            start.keySet().removeAll(List.of("scope", "urgency")); // the topic's start form asks for neither
        }
        start.put("channel", "online");
        List<String> contacts = new ArrayList<>();
        if (anonymous) {
            start.put("anonymous", true); // the identity is not even sent: nothing of it can be kept
            start.keySet().removeAll(List.of("requesterName", "requesterContact", "requesterEmail"));
        } else {
            Optional.ofNullable(values.get("requesterContact")).map(c -> c.replaceAll("[^0-9]", "")).ifPresent(contacts::add);
            Optional.ofNullable(values.get("requesterEmail")).map(e -> e.toLowerCase(Locale.ROOT)).ifPresent(contacts::add);
        }
        String address = request.getRemoteAddr();
        Optional<String> limited = guard.take(address, contacts);
        if (limited.isPresent()) {
            return form(HttpStatus.TOO_MANY_REQUESTS, values, anonymous, List.of(limited.get()));
        }
        ResidentsDoor.Raised case_;
        try {
            if (values.get("communityId") == null || organisation.community(values.get("communityId")).isEmpty()) {
                throw new InputRejectedException("请选择诉求所在的社区。");
            }
            case_ = door.raise(topic ? ResidentsDoor.TOPIC : ResidentsDoor.CONCERN, values.get("communityId"), start);
        } catch (InputRejectedException rejected) {
            guard.release(address, contacts);
            return form(HttpStatus.BAD_REQUEST, values, anonymous, rejected.problems());
        } catch (RuntimeException failed) {
            guard.release(address, contacts);
            throw failed;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", case_.caseNumber());
        model.put("link", links.link(case_.token()));
        model.put("path", "/follow/" + case_.token());
        model.put("anonymous", anonymous);
        model.put("topic", topic);
        model.put("mail", !anonymous && values.get("requesterEmail") != null);
        return Pages.page(HttpStatus.OK, raised, model);
    }

    private ResponseEntity<String> form(HttpStatus status, Map<String, String> values, boolean anonymous, List<String> problems) {
        Map<String, Object> model = new HashMap<>(values);
        model.put("stamp", guard.stamp());
        model.put("problems", problems);
        model.put("hasProblems", !problems.isEmpty());
        model.put("anonymous", anonymous);
        model.put("topic", "topic".equals(values.get("kind")));
        List<Map<String, Object>> streets = new ArrayList<>();
        for (Organisation.Street street : organisation.streets()) {
            List<Map<String, Object>> communities = new ArrayList<>();
            for (Organisation.Community c : street.communities()) {
                communities.add(Map.of("id", c.id(), "name", c.name(), "selected", c.id().equals(values.get("communityId"))));
            }
            streets.add(Map.of("name", street.name(), "communities", communities));
        }
        model.put("streets", streets);
        model.put("categories", options(categories, values.get("category")));
        model.put("scopes", options(scopes, values.get("scope")));
        model.put("urgencies", options(urgencies, values.getOrDefault("urgency", "normal")));
        return Pages.page(status, form, model);
    }

    private static List<Map<String, Object>> options(Map<String, String> labels, String chosen) {
        List<Map<String, Object>> options = new ArrayList<>();
        labels.forEach((value, label) -> options.add(Map.of("value", value, "label", label, "selected", value.equals(chosen))));
        return options;
    }
}
