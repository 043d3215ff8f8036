package cn.xieshang.concern;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Batch entry of an evening talk's concerns (all or nothing), and a community's 12345 concerns about one property
 * company, by category, as JSON and CSV.
 */
class ConcernApiTest extends ConcernWalk {

    /** The seven issues of the Maoyuefu evening talk (茂悦府社区夜话), seed 003. */
    static List<Map<String, Object>> maoyuefuEvening() {
        String[][] issues = {
                {"物业服务与物业费不匹配", "业主缴纳物业费却没有感受到相应的服务", "property", "estate"},
                {"损坏的公共设施很久才修", "小区里损坏的公共设施很长时间才维修", "facilities", "estate"},
                {"电梯卫生打扫不及时", "电梯轿厢和电梯间的卫生应及时打扫", "environment", "building"},
                {"小区死树需要补种", "对死树和绿化问题统计, 按土壤情况补种", "environment", "estate"},
                {"西门口存在安全隐患", "茂悦府西门口车辆进出有安全隐患", "safety", "estate"},
                {"电动车充电棚太小", "单排充电不够用, 希望扩建为双排", "charging", "building"},
                {"旗袍秀队没有活动场地", "居民文体队伍缺少固定的活动场地", "care", "community"}};
        List<Map<String, Object>> items = new ArrayList<>();
        for (String[] issue : issues) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("title", issue[0]);
            item.put("description", issue[1]);
            item.put("category", issue[2]);
            item.put("scope", issue[3]);
            items.add(item);
        }
        return items;
    }

    static Map<String, Object> evening() {
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("channel", "evening-talk");
        shared.put("location", "茂悦府小区");
        shared.put("urgency", "normal");
        shared.put("party", "茂悦府物业");
        shared.put("requesterName", "赵利民");
        shared.put("requesterContact", "13900001111");
        return shared;
    }

    @Test
    void sevenConcernsOfOneEveningTalkStartTogether() {
        long before = historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count();
        Rest.Reply reply = as(DISPATCHER).post("/api/concerns/batch", Map.of("shared", evening(), "concerns", maoyuefuEvening()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.path("count").asInt()).isEqualTo(7);
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count())
                .isEqualTo(before + 7);
        List<JsonNode> started = StreamSupport.stream(answer.path("concerns").spliterator(), false).toList();
        assertThat(started).extracting(n -> n.path("index").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(started).allSatisfy(n -> assertThat(n.path("caseNumber").asText()).matches("SQ-\\d{8}-[A-Z0-9]{6}"));
        String first = started.get(0).path("id").asText();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(first).singleResult().getTenantId())
                .isEqualTo("laojunying-3");
        assertThat(variable(first, "channel")).isEqualTo("evening-talk");
        assertThat(variable(first, "needsDeliberation")).isEqualTo(true); // the property service: a meeting
        assertThat(variable(started.get(2).path("id").asText(), "triageLevel")).isEqualTo("grid");
    }

    @Test
    void oneBadItemStopsTheWholeBatchAndEveryProblemIsNamed() {
        List<Map<String, Object>> items = maoyuefuEvening();
        items.get(2).put("category", "weather");
        items.get(5).put("title", "<b>充电棚</b>");
        long before = historyService.createHistoricProcessInstanceQuery().count();
        long variables = historyService.createHistoricVariableInstanceQuery().count();

        Rest.Reply reply = as(DISPATCHER).post("/api/concerns/batch", Map.of("shared", evening(), "concerns", items));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("message").asText()).contains("第 3 条", "category", "第 6 条", "title");
        assertThat(reply.json().path("problems")).hasSize(2);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(before);
        assertThat(historyService.createHistoricVariableInstanceQuery().count()).isEqualTo(variables);

        assertThat(as(DISPATCHER).post("/api/concerns/batch", Map.of("concerns", List.of())).status()).isEqualTo(400);
        assertThat(as(DISPATCHER).post("/api/concerns/batch", "{not json").status()).isEqualTo(400);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < ConcernBatch.MAX_ITEMS + 1; i++) {
            tooMany.add(maoyuefuEvening().get(0));
        }
        assertThat(as(DISPATCHER).post("/api/concerns/batch", Map.of("shared", evening(), "concerns", tooMany)).body())
                .contains("最多登记 " + ConcernBatch.MAX_ITEMS);
        Map<String, Object> elsewhere = evening();
        elsewhere.put("communityId", "shangmajie-2");
        Rest.Reply foreign = as(DISPATCHER).post("/api/concerns/batch", Map.of("shared", elsewhere, "concerns", maoyuefuEvening()));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).contains("communityId");
        assertThat(anonymousClient().post("/api/concerns/batch", Map.of("concerns", maoyuefuEvening())).status()).isEqualTo(401);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).isEqualTo(before);
    }

    @Test
    void every12345ConcernAboutOnePropertyCompanyByCategory_asJsonAndCsv() {
        String party = "湖映康晨物业" + System.nanoTime();
        String[][] complaints = {{"楼道卫生打扫不及时", "environment"}, {"安保人员疏于管理", "safety"},
                {"单元门把手损坏", "facilities"}, {"垃圾清运不及时", "environment"}};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < complaints.length; i++) {
            Map<String, Object> values = concern(complaints[i][0]);
            values.put("category", complaints[i][1]);
            values.put("channel", "hotline-12345");
            values.put("hotlineTicket", "12345-2026-00" + i);
            values.put("party", party);
            ids.add(raiseConcern(DISTRICT_HOTLINE, withCommunity(values)));
        }
        Map<String, Object> teaRoom = concern("物业费收据开错");
        teaRoom.put("party", party);
        raiseConcern(RESIDENT, teaRoom);
        Map<String, Object> otherParty = concern("别家物业的问题");
        otherParty.put("party", "另一家物业");
        otherParty.put("channel", "hotline-12345");
        raiseConcern(DISTRICT_HOTLINE, withCommunity(otherParty));
        // one of them is settled already
        dispatch(ids.get(0), PROPERTY);
        acceptAndSettle(ids.get(0), PROPERTY, "已增加保洁频次");

        Rest.Reply reply = as(COMMITTEE).get("/api/concerns/by-party?channel=hotline-12345&party=" + encode(party));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(report.path("communityId").asText()).isEqualTo("laojunying-3");
        assertThat(report.path("total").asInt()).isEqualTo(4);
        assertThat(StreamSupport.stream(report.path("categories").spliterator(), false)
                .map(c -> c.path("label").asText() + "=" + c.path("count").asInt()))
                .containsExactly("环境卫生=2", "设施维修=1", "安全隐患=1");
        assertThat(report.toString()).contains("已增加保洁频次", "12345-2026-000", "办理中")
                .doesNotContain("路瑶", "13812345678", "另一家物业", "物业费收据开错");
        assertThat(as(COMMITTEE).get("/api/concerns/by-party?party=" + encode(party)).json().path("total").asInt()).isEqualTo(5);

        Rest.Reply csv = as(COMMITTEE).get("/api/concerns/by-party.csv?channel=hotline-12345&party=" + encode(party));
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF类别,案件编号,标题");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("环境卫生,SQ-").contains("楼道卫生打扫不及时", "12345热线", "已增加保洁频次");

        // the street office sees its communities' lists; another street, a resident or a stranger does not
        assertThat(as(STREET).get("/api/concerns/by-party?communityId=laojunying-3&party=" + encode(party))
                .json().path("total").asInt()).isEqualTo(5);
        assertThat(as(OTHER_STREET).get("/api/concerns/by-party?communityId=laojunying-3&party=" + encode(party))
                .status()).isEqualTo(400);
        assertThat(as(RESIDENT).get("/api/concerns/by-party?party=" + encode(party)).json().path("total").asInt()).isZero();
        assertThat(anonymousClient().get("/api/concerns/by-party?party=x").status()).isEqualTo(401);
        assertThat(as(COMMITTEE).get("/api/concerns/by-party?party=" + encode("100%")).status()).isEqualTo(400);
        assertThat(as(COMMITTEE).get("/api/concerns/by-party").status()).isEqualTo(400);
    }

    /** The 12345 hotline's account: a district-level user, who names the community of each concern. */
    static final String DISTRICT_HOTLINE = "district";

    private static Map<String, Object> withCommunity(Map<String, Object> values) {
        values.put("communityId", "laojunying-3");
        return values;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
