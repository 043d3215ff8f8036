package cn.xieshang.residents;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.InputRejectedException;
import com.samskivert.mustache.Template;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /online/<community>}: 线上协商 — the community's topics that residents can join online now, and on each
 * topic's page ({@code /online/<community>/<case number>}) the topic, the plan in publicity, what residents left
 * online (a hidden entry only by its reason) and a form for an opinion or an objection, by name or anonymous. Same
 * protections as {@code /raise}: a size limit, the bot trap, a per-address limit; every refusal is a Chinese message on
 * the page again and stores nothing. Never shows who raised the topic, nor any stakeholder.
 */
@RestController
class OnlinePage {

    static final int MAX_BYTES = 24 * 1024;

    private final Organisation organisation;
    private final OnlineDeliberation online;
    private final AbuseGuard guard;
    private final Template list = Pages.template("online-topics");
    private final Template page = Pages.template("online-topic");

    OnlinePage(Organisation organisation, OnlineDeliberation online, AbuseGuard guard) {
        this.organisation = organisation;
        this.online = online;
        this.guard = guard;
    }

    @GetMapping(value = "/online/{communityId}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> topics(@PathVariable String communityId) {
        Optional<Organisation.Community> community = organisation.community(communityId);
        if (community.isEmpty()) {
            return Pages.page(HttpStatus.NOT_FOUND, list, Map.of("missing", true));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("community", community.get().name());
        model.put("communityId", communityId);
        List<Map<String, Object>> topics = online.open(communityId).stream().map(t -> {
            Map<String, Object> m = new HashMap<>();
            m.put("caseNumber", t.caseNumber());
            m.put("title", t.title());
            m.put("stage", t.stage().label);
            m.put("entryName", t.stage().entryName);
            m.put("until", CaseRecord.minute(t.until()));
            return m;
        }).toList();
        model.put("topics", topics);
        model.put("empty", topics.isEmpty());
        return Pages.page(HttpStatus.OK, list, model);
    }

    @GetMapping(value = "/online/{communityId}/{caseNumber}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> topic(@PathVariable String communityId, @PathVariable String caseNumber,
            @RequestParam(required = false) String posted) {
        String entry = posted != null && posted.matches("W\\d{1,6}") ? posted : null;
        return online.topic(communityId, caseNumber)
                .map(t -> page(HttpStatus.OK, t, Map.of(), List.of(), entry, true))
                .orElseGet(() -> closed(communityId));
    }

    @PostMapping(value = "/online/{communityId}/{caseNumber}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> post(@PathVariable String communityId, @PathVariable String caseNumber,
            @RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
        Optional<OnlineDeliberation.Topic> found = online.topic(communityId, caseNumber);
        if (found.isEmpty()) {
            return closed(communityId);
        }
        OnlineDeliberation.Topic topic = found.get();
        Map<String, String> values = new HashMap<>();
        values.put("text", Optional.ofNullable(params.getFirst("text")).orElse(""));
        values.put("name", Optional.ofNullable(params.getFirst("name")).orElse(""));
        boolean anonymous = params.containsKey("anonymous");
        if (request.getContentLengthLong() > MAX_BYTES) {
            return page(HttpStatus.PAYLOAD_TOO_LARGE, topic, values, List.of("提交的内容太长: 请控制在 2000 字以内。"), null, anonymous);
        }
        Optional<String> bot = guard.botRefusal(params.getFirst("stamp"), params.getFirst("website"));
        if (bot.isPresent()) {
            return page(HttpStatus.BAD_REQUEST, topic, values, List.of(bot.get()), null, anonymous);
        }
        String address = request.getRemoteAddr();
        Optional<String> limited = guard.takeEntry(address);
        if (limited.isPresent()) {
            return page(HttpStatus.TOO_MANY_REQUESTS, topic, values, List.of(limited.get()), null, anonymous);
        }
        try {
            String entry = online.post(topic, values.get("text"), values.get("name"), anonymous);
            // a page of its own after the post: reloading it never posts twice
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/online/" + communityId + "/"
                    + caseNumber + "?posted=" + entry + "#posted").build();
        } catch (InputRejectedException rejected) {
            guard.releaseEntry(address);
            return page(HttpStatus.BAD_REQUEST, topic, values, rejected.problems(), null, anonymous);
        } catch (OptimisticLockingException busy) {
            guard.releaseEntry(address);
            return page(HttpStatus.CONFLICT, topic, values, List.of("同时发表的人较多, 您的内容没有保存: 请再提交一次。"), null, anonymous);
        } catch (RuntimeException failed) {
            guard.releaseEntry(address);
            throw failed;
        }
    }

    private ResponseEntity<String> page(HttpStatus status, OnlineDeliberation.Topic topic, Map<String, String> values,
            List<String> problems, String posted, boolean anonymous) {
        Map<String, Object> model = new HashMap<>(values);
        model.put("community", organisation.community(topic.communityId()).map(Organisation.Community::name).orElse(""));
        model.put("communityId", topic.communityId());
        model.put("caseNumber", topic.caseNumber());
        model.put("title", topic.title());
        model.put("description", topic.description());
        model.put("location", topic.location());
        model.put("category", topic.category());
        model.put("stage", topic.stage().label);
        model.put("entryName", topic.stage().entryName);
        model.put("publicity", topic.stage() == OnlineDeliberation.Stage.PUBLICITY);
        model.put("planContent", topic.planContent());
        model.put("until", CaseRecord.minute(topic.until()));
        List<OnlineDeliberation.Entry> entries = online.entries(topic);
        model.put("entries", entries.stream().map(e -> {
            Map<String, Object> m = new HashMap<>();
            m.put("id", e.id());
            m.put("kind", e.kind());
            m.put("name", e.name());
            m.put("at", e.at());
            m.put("text", e.text());
            m.put("hidden", e.hiddenBecause() != null);
            m.put("reason", e.hiddenBecause());
            return m;
        }).toList());
        model.put("noEntries", entries.isEmpty());
        model.put("stamp", guard.stamp());
        model.put("problems", problems);
        model.put("hasProblems", !problems.isEmpty());
        model.put("anonymous", anonymous);
        model.put("posted", posted);
        return Pages.page(status, page, model);
    }

    private ResponseEntity<String> closed(String communityId) {
        Map<String, Object> model = new HashMap<>();
        model.put("closed", true);
        model.put("communityId", communityId);
        model.put("community", organisation.community(communityId).map(Organisation.Community::name).orElse(""));
        return Pages.page(HttpStatus.NOT_FOUND, page, model);
    }
}
