package cn.xieshang.notice;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A community's published notices as JSON and Atom: both parse, carry the notices as the board shows them, are
 * linked from the board page, and copy nothing a notice's content might hold beyond the board's fields.
 */
class NoticeFeedsTest extends IntegrationTest {

    static final String COMMUNITY = "liuxiang-01"; // a community no other test publishes in
    static final String ATOM = "http://www.w3.org/2005/Atom";
    /** Planted in the stored content: a feed that copied the content wholesale would show them. */
    static final List<String> PRIVATE = List.of("欧阳明月", "13812345678", "ouyang@example.cn", "ljy3-");

    @Autowired
    JdbcTemplate jdbc;

    void publish(String caseNumber, NoticeBoard.Status status, Map<String, Object> content) throws Exception {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        jdbc.update("INSERT INTO xs_notice (case_id, case_number, community_id, community_name, status, content, "
                        + "published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "feed-" + caseNumber, caseNumber,
                COMMUNITY, "柳巷第1社区", status.name(), Rest.JSON.writeValueAsString(content), now, now);
    }

    @AfterEach
    void unpublish() {
        jdbc.update("DELETE FROM xs_notice WHERE community_id = ?", COMMUNITY);
    }

    void publishBoth() throws Exception {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("title", "水利大厦宿舍加装电动车充电棚");
        plan.put("location", "水利大厦宿舍");
        plan.put("category", "charging");
        plan.put("planVersion", 2);
        plan.put("planContent", "在3号楼北侧建车棚并安装20个充电桩");
        plan.put("votesFor", 20);
        plan.put("votesAgainst", 5);
        plan.put("votesAbstain", 3);
        plan.put("seatedRepresentatives", 30);
        plan.put("presentRepresentatives", 28);
        plan.put("voteResult", "通过");
        plan.put("responsible", "区城管局");
        plan.put("implementationDeadline", "2026-12-31");
        plan.put("progress", List.of(Map.of("percent", "50", "notes", "车棚主体完工", "at", "2026-11-30 10:00",
                "by", "ljy3-responsible-unit")));
        plan.put("requesterName", "欧阳明月");
        plan.put("requesterContact", "13812345678");
        publish("YT-20261201-FEED01", NoticeBoard.Status.IMPLEMENTING, plan);
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("kind", "consultation");
        meeting.put("title", "老旧小区加装电梯");
        meeting.put("platformLevelName", "社区协商微平台");
        meeting.put("platformName", "欢迎来协商");
        meeting.put("items", List.of(Map.of("number", 1, "issue", "加装电梯费用分摊", "departmentName", "区住建局",
                "onSiteAnswer", "按楼层分摊", "raisedBy", "欧阳明月", "answered", false)));
        meeting.put("itemCount", 1);
        meeting.put("answeredCount", 0);
        meeting.put("requesterEmail", "ouyang@example.cn");
        publish("XS-20261201-FEED02", NoticeBoard.Status.FOLLOWING_UP, meeting);
    }

    @Test
    void theBoardAsJson() throws Exception {
        publishBoth();
        Rest.Reply reply = anonymousClient().get("/notices/" + COMMUNITY + ".json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        PRIVATE.forEach(s -> assertThat(reply.body()).doesNotContain(s));
        JsonNode board = reply.json();
        assertThat(board.path("communityName").asText()).isEqualTo("柳巷第1社区");
        assertThat(board.path("board").asText()).endsWith("/notices/" + COMMUNITY);
        assertThat(board.path("notices")).hasSize(2);
        JsonNode plan = board.path("notices").findParent("planContent");
        assertThat(plan.path("caseNumber").asText()).isEqualTo("YT-20261201-FEED01");
        assertThat(plan.path("status").asText()).isEqualTo("落实中");
        assertThat(plan.path("categoryLabel").asText()).isEqualTo("电动车充电");
        assertThat(plan.path("votesFor").asInt()).isEqualTo(20);
        assertThat(plan.path("progress").get(0).path("notes").asText()).isEqualTo("车棚主体完工");
        assertThat(plan.path("link").asText()).endsWith("/notices/" + COMMUNITY + "#YT-20261201-FEED01");
        assertThat(plan.has("requesterName")).isFalse();
        JsonNode meeting = board.path("notices").findParent("platformName");
        assertThat(meeting.path("kind").asText()).isEqualTo("consultation");
        assertThat(meeting.path("items").get(0).path("issue").asText()).isEqualTo("加装电梯费用分摊");
        assertThat(meeting.path("items").get(0).has("raisedBy")).isFalse();

        assertThat(anonymousClient().get("/notices/atlantis.json").status()).isEqualTo(404);
        assertThat(anonymousClient().get("/notices/shangmajie-2.json").json().path("notices").isArray()).isTrue();
    }

    @Test
    void theBoardAsAnAtomFeedLinkedFromTheBoard() throws Exception {
        publishBoth();
        Rest.Reply reply = anonymousClient().get("/notices/" + COMMUNITY + ".atom");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        PRIVATE.forEach(s -> assertThat(reply.body()).doesNotContain(s));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document feed = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)));
        Element root = feed.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        assertThat(child(root, "title").getTextContent()).isEqualTo("柳巷第1社区协商公示栏");
        assertThat(child(root, "updated").getTextContent()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+08:00");
        assertThat(child(root, "id").getTextContent()).endsWith("/notices/" + COMMUNITY);
        assertThat(child(child(root, "author"), "name").getTextContent()).isEqualTo("柳巷第1社区");
        NodeList entries = root.getElementsByTagNameNS(ATOM, "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        String titles = child((Element) entries.item(0), "title").getTextContent()
                + child((Element) entries.item(1), "title").getTextContent();
        assertThat(titles).contains("【落实中】水利大厦宿舍加装电动车充电棚", "【办理中】老旧小区加装电梯");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            assertThat(child(entry, "id").getTextContent()).startsWith("urn:xieshang:notice:");
            assertThat(child(entry, "link").getAttribute("href")).contains("/notices/" + COMMUNITY + "#");
            assertThat(child(entry, "summary").getTextContent()).contains("议题编号");
        }

        String page = anonymousClient().get("/notices/" + COMMUNITY).body();
        assertThat(page).contains("<link rel=\"alternate\" type=\"application/atom+xml\"",
                "href=\"/notices/" + COMMUNITY + ".atom\"", "href=\"/notices/" + COMMUNITY + ".json\"",
                ">订阅(Atom)</a>", ">开放数据(JSON)</a>");
        assertThat(anonymousClient().get("/notices/atlantis.atom").status()).isEqualTo(404);
    }

    static Element child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(ATOM, name);
        assertThat(nodes.getLength()).as(name).isPositive();
        return (Element) nodes.item(0);
    }
}
