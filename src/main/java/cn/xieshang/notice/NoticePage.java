package cn.xieshang.notice;

import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.FormLabels;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public notice board (张榜公示), readable without login: every community's notices with their plan, vote,
 * responsible unit, deadline, progress and answered objections. HTML-escaped throughout.
 */
@RestController
class NoticePage {

    private final NoticeBoard board;
    private final Organisation organisation;
    private final Template index;
    private final Template community;
    private final Map<String, String> categoryLabels;

    NoticePage(NoticeBoard board, Organisation organisation) {
        this.board = board;
        this.organisation = organisation;
        Mustache.Compiler compiler = Mustache.compiler().defaultValue("").escapeHTML(true);
        this.index = compile(compiler, "templates/notices.mustache");
        this.community = compile(compiler, "templates/community-notices.mustache");
        this.categoryLabels = FormLabels.of("forms/raise-topic.form", "category"); // as the form shows them
    }

    @GetMapping(value = "/notices", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    String index() {
        List<Map<String, Object>> streets = new ArrayList<>();
        for (Organisation.Street street : organisation.streets()) {
            List<Map<String, Object>> communities = new ArrayList<>();
            for (Organisation.Community c : street.communities()) {
                int count = board.ofCommunity(c.id()).size();
                communities.add(Map.of("id", c.id(), "name", c.name(), "count", count, "hasNotices", count > 0));
            }
            streets.add(Map.of("name", street.name(), "communities", communities));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("district", organisation.district().name());
        model.put("streets", streets);
        model.put("recent", board.recent(10).stream().map(this::view).toList());
        return index.execute(model);
    }

    @GetMapping(value = "/notices/{communityId}", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    ResponseEntity<String> community(@PathVariable String communityId) {
        var found = organisation.community(communityId);
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                    .body("<!doctype html><meta charset=utf-8><title>未找到</title><p>没有这个社区。<a href=\"/notices\">返回公示栏</a></p>");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("district", organisation.district().name());
        model.put("community", found.get().name());
        model.put("communityId", found.get().id()); // the links to its feeds
        model.put("street", organisation.streetOf(communityId).map(Organisation.Street::name).orElse(""));
        List<Map<String, Object>> notices = board.ofCommunity(communityId).stream().map(this::view).toList();
        model.put("notices", notices);
        model.put("empty", notices.isEmpty());
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(community.execute(model));
    }

    private Map<String, Object> view(NoticeBoard.Notice notice) {
        Map<String, Object> v = new LinkedHashMap<>(notice.content());
        v.put("caseNumber", notice.caseNumber());
        v.put("communityId", notice.communityId());
        v.put("communityName", notice.communityName());
        v.put("status", notice.status().label());
        v.put("done", notice.status() == NoticeBoard.Status.DONE);
        v.put("categoryLabel", categoryLabels.getOrDefault(String.valueOf(notice.content().get("category")), ""));
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm");
        format.setTimeZone(TimeZone.getTimeZone("Asia/Shanghai"));
        v.put("publishedAt", format.format(notice.publishedAt()));
        v.put("updatedAt", format.format(notice.updatedAt()));
        v.put("hasVote", notice.content().get("votesFor") != null);
        v.put("hasProgress", notice.content().get("progress") instanceof List<?> l && !l.isEmpty());
        v.put("hasObjections", notice.content().get("objections") instanceof List<?> l && !l.isEmpty());
        v.put("consultation", ConsultationNotices.KIND.equals(notice.content().get("kind")));
        return v;
    }

    private static Template compile(Mustache.Compiler compiler, String path) {
        try (InputStreamReader reader = new InputStreamReader(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8)) {
            return compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
