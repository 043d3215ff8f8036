package cn.xieshang.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Abuse of the public door and bad input: every refusal is a Chinese message on the form, and nothing is stored
 * (no case, no follow-up link).
 */
class RaiseRefusalsTest extends ResidentWalk {

    @Test
    void theBotTrap_aFilledHoneypot_aFormTooFast_aForgedOrOldOrReusedStamp() {
        refused(v -> v.put("website", "http://spam.example"), 400, "请不要填写页面上隐藏的栏目");
        refused(v -> v.put("stamp", "1700000000000.AAAAAAAAAAAAAAAA.forged"), 400, "页面已失效");
        refused(v -> v.put("stamp", ""), 400, "页面已失效");
        // submitted a second after the page was served
        String stamp = servedStamp();
        later(-4);
        refused(v -> v.put("stamp", stamp), 400, "提交太快了");
        later(3 * 3600);
        refused(v -> v.put("stamp", stamp), 400, "已失效");

        // a stamp that raised a concern raises no second one
        String used = servedStamp();
        Map<String, String> first = concern("9号楼楼顶漏水", false);
        first.put("stamp", used);
        raise(first);
        long before = concerns();
        Page again = submit(first);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("这份表单已经提交过了");
        assertThat(concerns()).isEqualTo(before);
    }

    @Test
    void perAddressAndPerContactLimits() {
        // the same phone number three times a day, then no more (other addresses alike: it is the contact that counts)
        for (int i = 1; i <= 3; i++) {
            raise(concern("同一电话反映的第" + i + "件事", false));
        }
        refused(v -> v.put("title", "同一电话反映的第4件事"), 429, "同一联系方式一天内最多提交 3 件诉求");
        refused(v -> {
            v.put("title", "同一邮箱换了电话");
            v.put("requesterContact", "13600001111");
        }, 429, "同一联系方式一天内最多提交 3 件诉求");

        // anonymous concerns from this address: five an hour in all, then none until the hour has passed
        raise(concern("匿名反映的第1件事", true));
        raise(concern("匿名反映的第2件事", true));
        refused(v -> {
            v.remove("requesterName");
            v.remove("requesterContact");
            v.remove("requesterEmail");
            v.put("anonymous", "true");
        }, 429, "一小时内已提交 5 件诉求");
        later(3601);
        raise(concern("一小时后又可以反映", true));
    }

    @Test
    void badInputIsRefusedByTheFormsRules_inChinese() {
        refused(v -> v.remove("title"), 400, "诉求标题");
        refused(v -> v.put("title", "短"), 400, "诉求标题");
        refused(v -> v.put("description", "<script>alert(1)</script>"), 400, "诉求内容");
        refused(v -> v.put("description", "长".repeat(2001)), 400, "诉求内容");
        refused(v -> v.put("category", "weather"), 400, "类别");
        refused(v -> v.remove("requesterName"), 400, "提出人姓名");
        refused(v -> v.put("requesterContact", "12345"), 400, "联系电话");
        refused(v -> v.put("communityId", "atlantis"), 400, "请选择诉求所在的社区");
        refused(v -> v.put("description", "长".repeat(20_000)), 413, "提交的内容太长");
        // what was typed comes back, escaped
        Page page = submit(with(v -> v.put("title", "<b>粗体</b>标题")));
        assertThat(page.body()).contains("&lt;b&gt;粗体&lt;/b&gt;标题").doesNotContain("<b>粗体</b>");
    }

    /** The changed submission is refused with that status and message; no case and no link are stored. */
    private void refused(Consumer<Map<String, String>> change, int status, String message) {
        long cases = concerns();
        Integer links = jdbc.queryForObject("SELECT count(*) FROM xs_follow_up", Integer.class);
        Page page = submit(with(change));
        assertThat(page.status()).as(page.body()).isEqualTo(status);
        assertThat(page.body()).contains("提交未成功", message, "什么也没有保存");
        assertThat(concerns()).isEqualTo(cases);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM xs_follow_up", Integer.class)).isEqualTo(links);
    }

    private static Map<String, String> with(Consumer<Map<String, String>> change) {
        Map<String, String> values = concern("8号楼电梯经常停运", false);
        change.accept(values);
        return values;
    }

    @Autowired
    private JdbcTemplate jdbc;
}
