package cn.xieshang.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules read from the form files themselves. */
class FormRulesTest {

    private static FormSchema form(String id) throws IOException {
        try (InputStream in = new FileInputStream("forms/" + id + ".form")) {
            return FormSchema.parse(in);
        }
    }

    /** What the start forms offer a person of one community: that community (see CommunityTenancyPlugin). */
    private static final List<Map<String, String>> ONE_COMMUNITY =
            List.of(Map.of("label", "老军营小区第三社区", "value", "laojunying-3"));

    private static List<String> check(FormSchema form, Map<String, Object> values) {
        return FormRules.check(form, values,
                k -> values.containsKey(k) || !k.equals("communityOptions") ? values.get(k) : ONE_COMMUNITY, true);
    }

    @Test
    void theCommunityIsChosenAmongTheOffered() throws IOException {
        FormSchema raise = form("raise-topic");
        Map<String, Object> values = new HashMap<>(Map.of("title", "楼道堆物", "description", "堆放杂物",
                "location", "5号楼", "category", "safety", "channel", "back-to-back"));
        List<Map<String, String>> two = List.of(Map.of("label", "老军营小区第三社区", "value", "laojunying-3"),
                Map.of("label", "老军营第4社区", "value", "laojunying-4"));
        java.util.function.Function<String, Object> offeredTwo = k -> k.equals("communityOptions") ? two : values.get(k);
        assertThat(FormRules.check(raise, values, offeredTwo, true)).singleElement().asString()
                .contains("所属社区(communityId)", "必填");
        values.put("communityId", "laojunying-4");
        assertThat(FormRules.check(raise, values, offeredTwo, true)).isEmpty();
        values.put("communityId", "shangmajie-2");
        assertThat(FormRules.check(raise, values, offeredTwo, true)).singleElement().asString()
                .contains("不是可选的值");
        // with one community the choice is hidden and not required
        values.remove("communityId");
        assertThat(check(raise, values)).isEmpty();
    }

    @Test
    void theRulesComeFromTheFormFile() throws IOException {
        FormSchema raise = form("raise-topic");
        FormSchema.Field title = raise.field("title");
        assertThat(title.required()).isTrue();
        assertThat(title.maxLength()).isEqualTo(100);
        assertThat(title.pattern()).isNotBlank();
        assertThat(raise.field("category").values()).contains("charging", "property", "other");
        assertThat(raise.field("requesterName").hide()).contains("anonymous");
    }

    @Test
    void aHiddenFieldIsNotRequired() throws IOException {
        FormSchema raise = form("raise-topic");
        Map<String, Object> values = new HashMap<>(Map.of("title", "楼道堆物", "description", "堆放杂物",
                "location", "5号楼", "category", "safety", "channel", "back-to-back"));
        assertThat(check(raise, values)).isEmpty();
        values.put("channel", "face-to-face");
        assertThat(check(raise, values)).anyMatch(p -> p.contains("requesterName"))
                .anyMatch(p -> p.contains("requesterContact"));
        values.put("anonymous", true);
        assertThat(check(raise, values)).isEmpty();
    }

    @Test
    void lengthsCountCharactersNotBytes() throws IOException {
        FormSchema raise = form("raise-topic");
        Map<String, Object> values = new HashMap<>(Map.of("title", "电".repeat(100), "description", "描述",
                "location", "地点", "category", "other", "channel", "online", "anonymous", true));
        assertThat(check(raise, values)).isEmpty();
        values.put("title", "电".repeat(101));
        assertThat(check(raise, values)).singleElement().asString().contains("最多 100 个字");
    }

    @Test
    void optionsOfAChecklistComeFromItsValuesKey() throws IOException {
        FormSchema review = form("review-topic");
        Map<String, Object> values = new HashMap<>();
        values.put("decision", "accept");
        values.put("stakeholderPool", List.of(Map.of("label", "政协委员", "value", "ljy3-cppcc-member")));
        values.put("stakeholders", List.of("ljy3-cppcc-member"));
        values.put("researcherPool", List.of(Map.of("label", "政协委员", "value", "ljy3-cppcc-member")));
        values.put("researchers", List.of("ljy3-cppcc-member"));
        assertThat(FormRules.check(review, values, values::get, false)).isEmpty();
        values.put("stakeholders", List.of("someone-else"));
        assertThat(FormRules.check(review, values, values::get, false)).singleElement().asString()
                .contains("someone-else");
    }
}
