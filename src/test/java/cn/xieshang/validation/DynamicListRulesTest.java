package cn.xieshang.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A list of items (the meeting's items): the form writes it through numbered groups ({@code items.0}, {@code items.1},
 * …, since Tasklist 7.24 cannot complete a dynamic list); each item is checked against the list's own fields, by
 * position.
 */
class DynamicListRulesTest {

    private static FormSchema recordMeeting() throws IOException {
        try (InputStream in = new FileInputStream("forms/record-meeting.form")) {
            return FormSchema.parse(in);
        }
    }

    private static Map<String, Object> item(String issue) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("issue", issue);
        item.put("raisedBy", "居民 李丽峰");
        item.put("suggestions", "建议上报城管局统一清运");
        item.put("department", "ljy3-responsible-unit");
        item.put("onSiteAnswer", "城管局当场答复: 每周二集中清运");
        item.put("responseDeadline", "2030-01-15");
        return item;
    }

    private static Map<String, Object> record(List<Map<String, Object>> items) {
        Map<String, Object> values = new HashMap<>();
        values.put("meetingDate", "2026-11-20");
        values.put("membersPresent", List.of("ljy3-cppcc-member"));
        values.put("memberPool", List.of(Map.of("label", "政协委员", "value", "ljy3-cppcc-member")));
        values.put("departmentPool", List.of(Map.of("label", "责任单位", "value", "ljy3-responsible-unit")));
        values.put("departmentHeadsPresent", 2);
        values.put("residentsPresent", 12);
        values.put("enterprisesPresent", 1);
        values.put("items", items);
        return values;
    }

    private static List<String> check(Map<String, Object> values) throws IOException {
        return FormRules.check(recordMeeting(), values, values::get, false);
    }

    @Test
    void theListIsOneFieldKeyedByItsPathWithTheItemFieldsInside() throws IOException {
        FormSchema form = recordMeeting();
        FormSchema.Field items = form.field("items");
        assertThat(items.isList()).isTrue();
        assertThat(items.label()).isEqualTo("事项");
        assertThat(items.items()).extracting(FormSchema.Field::key)
                .containsExactly("issue", "raisedBy", "suggestions", "department", "onSiteAnswer", "responseDeadline");
        assertThat(items.item("issue").maxLength()).isEqualTo(1000);
        assertThat(items.item("issue").pattern()).isEqualTo("^[^<>]*$");
        assertThat(items.maxItems()).as("one group per item the form can hold").isEqualTo(10);
        assertThat(form.field("issue")).as("item fields are not the form's own").isNull();
        assertThat(form.field("itemCount").max()).isEqualTo(10.0);
    }

    @Test
    void noMoreItemsThanTheFormHasGroupsFor() throws IOException {
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(item("事项" + i));
        }
        assertThat(check(record(eleven))).containsExactly("字段「事项(items)」最多 10 项(收到 11 项)");
        assertThat(check(record(eleven.subList(0, 10)))).isEmpty();
    }

    @Test
    void everyGroupOfAListHoldsTheSameFieldsAndNoneIsMissing() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String first = "{\"type\": \"group\", \"id\": \"G0\", \"path\": \"items.0\", \"components\": ["
                + "{\"type\": \"textfield\", \"id\": \"F0\", \"key\": \"issue\", \"validate\": {\"maxLength\": 10}}]}";
        String other = "{\"type\": \"group\", \"id\": \"G1\", \"path\": \"items.%d\", \"components\": ["
                + "{\"type\": \"textfield\", \"id\": \"F1\", \"key\": \"issue\", \"validate\": {\"maxLength\": %d}}]}";
        String form = "{\"id\": \"f\", \"components\": [" + first + ", %s]}";
        assertThat(FormSchema.parse(json.readTree(form.formatted(other.formatted(1, 10)))).field("items").maxItems())
                .isEqualTo(2);
        assertThatThrownBy(() -> FormSchema.parse(json.readTree(form.formatted(other.formatted(1, 20)))))
                .hasMessageContaining("items.1 holds other fields than items.0");
        assertThatThrownBy(() -> FormSchema.parse(json.readTree(form.formatted(other.formatted(2, 10)))))
                .hasMessageContaining("no group with path items.1");
        assertThatThrownBy(() -> FormSchema.parse(json.readTree(
                "{\"id\": \"f\", \"components\": [{\"type\": \"group\", \"id\": \"G\", \"path\": \"address\"}]}")))
                .hasMessageContaining("a group's path can only name an item of a list");
    }

    @Test
    void validItemsPass() throws IOException {
        assertThat(check(record(List.of(item("建筑垃圾和旧家具乱扔"), item("一户居民未通天然气"))))).isEmpty();
    }

    @Test
    void eachItemIsCheckedAndNamedByItsPosition() throws IOException {
        Map<String, Object> second = item("<script>alert(1)</script>");
        second.remove("raisedBy");
        second.put("responseDeadline", "下周");
        second.put("department", "smj2-responsible-unit");
        second.put("onSiteAnswer", "答".repeat(2001));
        List<String> problems = check(record(List.of(item("建筑垃圾和旧家具乱扔"), second)));
        assertThat(problems).containsExactlyInAnyOrder(
                "字段「事项 第 2 项 · 提出的问题(items[2].issue)」格式不正确(不能包含 < 或 > 等标记字符)",
                "字段「事项 第 2 项 · 提出人(items[2].raisedBy)」为必填项",
                "字段「事项 第 2 项 · 责任部门(items[2].department)」不是可选的值: smj2-responsible-unit",
                "字段「事项 第 2 项 · 责任部门现场答复(items[2].onSiteAnswer)」最多 2000 个字(收到 2001 个)",
                "字段「事项 第 2 项 · 办理答复期限(items[2].responseDeadline)」应为日期或时间(如 2026-11-22 或 2026-11-22T09:30)");
    }

    @Test
    void unknownKeysInAnItemAndItemsThatAreNoObjectsAreRefused() throws IOException {
        Map<String, Object> sneaky = item("楼道堆物");
        sneaky.put("assignee", "admin");
        List<Object> items = new ArrayList<>(List.of(sneaky, "一句话"));
        Map<String, Object> values = record(List.of());
        values.put("items", items);
        assertThat(check(values)).containsExactlyInAnyOrder(
                "未知字段(items[1].assignee): 「事项」的每一项没有这一项",
                "字段「事项 第 2 项(items[2])」应为对象");
        values.put("items", "不是列表");
        assertThat(check(values)).containsExactly("字段「事项(items)」应为列表");
    }
}
