package cn.xieshang.residents;

import cn.xieshang.validation.InputRejectedException;
import com.samskivert.mustache.Template;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /follow/<token>}: the requester's private page of their concern (件件有着落、事事有回音) — its progress
 * ({@link CaseProgress}) and, once there is a result, the rating: satisfied, or not with a reason, which reopens the
 * concern once ({@code Task_RequesterRates}, form {@code rate-concern}). A token we did not issue is 404, the same
 * page for every wrong token.
 */
@RestController
class FollowUpPage {

    private final FollowUpLinks links;
    private final CaseProgress progress;
    private final ResidentsDoor door;
    private final Template page = Pages.template("follow-up");
    private final Template missing = Pages.template("follow-up-missing");

    private final OnlineDeliberation online;

    FollowUpPage(FollowUpLinks links, CaseProgress progress, ResidentsDoor door, OnlineDeliberation online) {
        this.links = links;
        this.progress = progress;
        this.door = door;
        this.online = online;
    }

    @GetMapping(value = "/follow/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> show(@PathVariable String token, @RequestParam(required = false) String rated) {
        String notice = "yes".equals(rated) ? "感谢您的评价!" : "no".equals(rated) ? "已收到您的意见。" : null;
        return links.caseOf(token).map(id -> render(HttpStatus.OK, token, id, List.of(), null, notice))
                .orElseGet(this::missing);
    }

    @PostMapping(value = "/follow/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> rate(@PathVariable String token, @RequestParam(required = false) String satisfied,
            @RequestParam(required = false) String dissatisfactionReason) {
        Optional<String> found = links.caseOf(token);
        if (found.isEmpty()) {
            return missing();
        }
        String id = found.get();
        Map<String, Object> values = new LinkedHashMap<>();
        if (satisfied != null && !satisfied.isBlank()) {
            values.put("satisfied", satisfied);
        }
        if ("no".equals(satisfied) && dissatisfactionReason != null && !dissatisfactionReason.isBlank()) {
            values.put("dissatisfactionReason", dissatisfactionReason.strip());
        }
        try {
            if (values.get("satisfied") == null) {
                throw new InputRejectedException("请选择满意或不满意。");
            }
            if (!door.rate(id, values)) {
                return render(HttpStatus.CONFLICT, token, id, List.of("这件诉求现在不需要评价(可能已经评价过)。"), null);
            }
        } catch (InputRejectedException rejected) {
            return render(HttpStatus.BAD_REQUEST, token, id, rejected.problems(), dissatisfactionReason);
        }
        // after the post, a page of its own: reloading it never rates twice
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header("Location", "/follow/" + token + "?rated=" + ("yes".equals(satisfied) ? "yes" : "no")).build();
    }

    private ResponseEntity<String> render(HttpStatus status, String token, String id, List<String> problems, String reason) {
        return render(status, token, id, problems, reason, null);
    }

    private ResponseEntity<String> render(HttpStatus status, String token, String id, List<String> problems, String reason,
            String notice) {
        Map<String, Object> model = new HashMap<>(progress.of(id));
        model.put("action", "/follow/" + token);
        model.put("problems", problems);
        model.put("hasProblems", !problems.isEmpty());
        model.put("reason", reason);
        model.put("notice", notice);
        online.ofCase(id).ifPresent(topic -> {
            model.put("onlinePath", "/online/" + topic.communityId() + "/" + topic.caseNumber());
            model.put("onlineStage", topic.stage().label);
            model.put("onlineEntry", topic.stage().entryName);
        });
        return Pages.page(status, page, model);
    }

    private ResponseEntity<String> missing() {
        return Pages.page(HttpStatus.NOT_FOUND, missing, Map.of());
    }
}
