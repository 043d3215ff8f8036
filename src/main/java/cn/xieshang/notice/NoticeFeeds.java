package cn.xieshang.notice;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.FormLabels;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The notice board as open data: each community's published notices as JSON ({@code /notices/<community>.json}) and
 * as an Atom feed ({@code /notices/<community>.atom}), linked from the board page. They carry what the board page
 * shows and nothing more: every field is named here, field by field, from the notice's public content (itself a
 * whitelist, {@link NoticeBoard#content}, {@link ConsultationNotices#content}); nothing else a notice might hold is
 * ever copied.
 */
@RestController
class NoticeFeeds {

    static final MediaType ATOM = new MediaType("application", "atom+xml", StandardCharsets.UTF_8);
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    /** The fields of a deliberation's notice, as the board shows them. */
    static final List<String> DELIBERATION = List.of("title", "category", "location", "planVersion", "planContent",
            "costBearer", "planImplementer", "plannedCompletion", "seatedRepresentatives", "presentRepresentatives",
            "votesFor", "votesAgainst", "votesAbstain", "voteResult", "responsible", "implementationDeadline",
            "progressPercent", "progress", "objections");
    /** The fields of a consultation's follow-up, as the board shows them (never who raised an issue). */
    static final List<String> CONSULTATION = List.of("title", "platformLevelName", "platformName", "location",
            "meetingDate", "membersPresentCount", "departmentHeadsPresent", "residentsPresent", "enterprisesPresent",
            "items", "itemCount", "answeredCount");
    /** The fields of each entry of a list. */
    static final Map<String, List<String>> LISTS = Map.of(
            "progress", List.of("percent", "notes", "at"),
            "objections", List.of("objection", "response", "at"),
            "items", List.of("number", "issue", "suggestions", "departmentName", "onSiteAnswer", "responseDeadline",
                    "answered", "resultLabel", "notes", "answeredAt", "onTime"));

    private final NoticeBoard board;
    private final Organisation organisation;
    private final Map<String, String> categoryLabels;

    NoticeFeeds(NoticeBoard board, Organisation organisation) {
        this.board = board;
        this.organisation = organisation;
        this.categoryLabels = FormLabels.of("forms/raise-topic.form", "category"); // as the board shows them
    }

    @GetMapping(value = "/notices/{communityId}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> json(@PathVariable String communityId) {
        var community = organisation.community(communityId);
        if (community.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("message", "没有这个社区: " + communityId));
        }
        String base = base();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("communityId", community.get().id());
        answer.put("communityName", community.get().name());
        answer.put("streetName", organisation.streetOf(communityId).map(Organisation.Street::name).orElse(null));
        answer.put("districtName", organisation.district().name());
        answer.put("board", base + "/notices/" + communityId);
        List<Map<String, Object>> notices = new ArrayList<>();
        for (NoticeBoard.Notice notice : board.ofCommunity(communityId)) {
            notices.add(view(notice, base));
        }
        answer.put("notices", notices);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    @GetMapping(value = "/notices/{communityId}.atom")
    ResponseEntity<String> atom(@PathVariable String communityId) throws XMLStreamException {
        var community = organisation.community(communityId);
        if (community.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body("没有这个社区: " + communityId);
        }
        String base = base();
        String page = base + "/notices/" + communityId;
        List<NoticeBoard.Notice> notices = board.ofCommunity(communityId);
        StringWriter out = new StringWriter();
        XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("feed");
        xml.writeDefaultNamespace(ATOM_NS);
        xml.writeAttribute("xml:lang", "zh-CN");
        text(xml, "title", community.get().name() + "协商公示栏");
        text(xml, "subtitle", organisation.district().name() + " · "
                + organisation.streetOf(communityId).map(Organisation.Street::name).orElse("") + " · 张榜公示, 接受监督");
        text(xml, "id", page);
        link(xml, "alternate", "text/html", page);
        link(xml, "self", ATOM.getType() + "/" + ATOM.getSubtype(), page + ".atom");
        text(xml, "updated", time(notices.isEmpty() ? ClockUtil.getCurrentTime() : notices.get(0).updatedAt()));
        xml.writeStartElement("author");
        text(xml, "name", community.get().name());
        xml.writeEndElement();
        for (NoticeBoard.Notice notice : notices) {
            Map<String, Object> v = view(notice, base);
            xml.writeStartElement("entry");
            text(xml, "title", "【" + v.get("status") + "】" + CaseRecord.text(v.get("title")));
            text(xml, "id", "urn:xieshang:notice:" + notice.caseNumber());
            link(xml, "alternate", "text/html", CaseRecord.text(v.get("link")));
            text(xml, "published", time(notice.publishedAt()));
            text(xml, "updated", time(notice.updatedAt()));
            if (v.get("categoryLabel") != null) {
                xml.writeEmptyElement("category");
                xml.writeAttribute("term", CaseRecord.text(v.get("category")));
                xml.writeAttribute("label", CaseRecord.text(v.get("categoryLabel")));
            }
            xml.writeStartElement("summary");
            xml.writeAttribute("type", "text");
            xml.writeCharacters(summary(v));
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return ResponseEntity.ok().contentType(ATOM).body(out.toString());
    }

    /** One notice, field by field. */
    private Map<String, Object> view(NoticeBoard.Notice notice, String base) {
        Map<String, Object> content = notice.content();
        boolean consultation = ConsultationNotices.KIND.equals(content.get("kind"));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("caseNumber", notice.caseNumber());
        v.put("kind", consultation ? "consultation" : "deliberation");
        v.put("status", notice.status().label());
        v.put("done", notice.status() == NoticeBoard.Status.DONE);
        v.put("publishedAt", time(notice.publishedAt()));
        v.put("updatedAt", time(notice.updatedAt()));
        v.put("link", base + "/notices/" + notice.communityId() + "#" + notice.caseNumber());
        for (String field : consultation ? CONSULTATION : DELIBERATION) {
            Object value = content.get(field);
            v.put(field, LISTS.containsKey(field) ? entries(value, LISTS.get(field)) : value);
        }
        if (!consultation) {
            v.put("categoryLabel", categoryLabels.get(CaseRecord.text(content.get("category"))));
        }
        return v;
    }

    private static List<Map<String, Object>> entries(Object list, List<String> fields) {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    fields.forEach(f -> entry.put(f, map.get(f)));
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** The notice in a few lines of plain Chinese, as the board reads. */
    @SuppressWarnings("unchecked")
    private static String summary(Map<String, Object> v) {
        List<String> lines = new ArrayList<>();
        lines.add("议题编号: " + v.get("caseNumber"));
        if ("consultation".equals(v.get("kind"))) {
            lines.add("政协协商 · " + text(v.get("platformLevelName")) + "「" + text(v.get("platformName")) + "」");
            lines.add("会议日期: " + text(v.get("meetingDate")) + ", 地点: " + text(v.get("location")));
            lines.add("办理情况: " + text(v.get("answeredCount")) + " / " + text(v.get("itemCount")) + " 个事项已书面答复");
            for (Map<String, Object> item : (List<Map<String, Object>>) v.get("items")) {
                lines.add(text(item.get("number")) + ". " + text(item.get("issue")) + " — 责任部门: "
                        + text(item.get("departmentName")) + "; 现场答复: " + text(item.get("onSiteAnswer")));
            }
        } else {
            lines.add("类别: " + text(v.get("categoryLabel")) + ", 地点: " + text(v.get("location")));
            lines.add("方案: " + text(v.get("planContent")) + "(第 " + text(v.get("planVersion")) + " 稿)");
            if (v.get("votesFor") != null) {
                lines.add("表决结果: " + text(v.get("voteResult")) + ": 应到 " + text(v.get("seatedRepresentatives"))
                        + " 人, 实到 " + text(v.get("presentRepresentatives")) + " 人, 赞成 " + text(v.get("votesFor"))
                        + ", 反对 " + text(v.get("votesAgainst")) + ", 弃权 " + text(v.get("votesAbstain")));
            }
            lines.add("责任单位: " + text(v.get("responsible")) + ", 完成期限: " + text(v.get("implementationDeadline")));
            lines.add("当前进度: " + (v.get("progressPercent") == null ? "尚未报告" : v.get("progressPercent") + "%"));
        }
        return String.join("\n", lines);
    }

    private static String text(Object value) {
        return value == null ? "" : CaseRecord.text(value);
    }

    private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    static String time(Date date) {
        return OffsetDateTime.ofInstant((date instanceof Timestamp t ? t.toInstant() : date.toInstant()), CaseRecord.CHINA)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
