package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Phone;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * 线上协商 as the people do it: a resident on a phone (zh-CN, 390×844) finds the topic from the community's notice
 * board and leaves an opinion anonymously; the party committee reviews it in Tasklist (its own task in 本组待办) and
 * then sees it, marked as online, in its summary task; during publicity the resident objects by name, and the
 * committee hides the objection in Tasklist with a reason, after which the phone shows only the reason. Screenshots
 * in {@code target/screenshots/online-*} and Tasklist's under {@code target/screenshots/online-deliberation/}.
 */
class OnlineDeliberationInTasklistTest extends TasklistWalk {

    static final String COMMITTEE = "ljy3-party-committee";
    static final String RESEARCHER = "ljy3-cppcc-member";
    static final List<String> FORMS = List.of("review-online-entry", "summarise-suggestions");

    private static Phone phone;
    private static ChromeDriver resident;

    @BeforeAll
    static void startPhone() {
        phone = new Phone();
        resident = phone.driver();
    }

    @AfterAll
    static void stopPhone() {
        if (phone != null) {
            phone.close();
        }
    }

    @Test
    void aResidentsOnlineOpinionReachesTheCommitteesSummary_andAnObjectionIsHiddenWithItsReason() {
        tasklist.walk("online-deliberation");
        String title = unique("小区中心花园改建");
        String id = startOverRest("ljy3-resident", "deliberation", topic(title));
        completeOverRest(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept",
                "stakeholders", List.of(RESEARCHER), "researchers", List.of(RESEARCHER)));
        completeOverRest(RESEARCHER, id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "实地查看了中心花园"));

        // the resident: from the notice board to the topic, an opinion without a name
        resident.get("http://localhost:" + port + "/notices/laojunying-3");
        resident.findElement(By.id("online")).click();
        waitFor("线上协商");
        resident.findElement(By.partialLinkText(title)).click();
        waitFor("发表您的意见");
        assertThat(text()).contains(title, "征求意见中").doesNotContain("杜翠萍", "13912345678");
        assertThat(resident.findElement(By.id("anonymous")).isSelected()).as("anonymous unless the resident says").isTrue();
        resident.findElement(By.id("text")).sendKeys("花园改建时请保留老人下棋的石桌, 再加几盏路灯。");
        phone.screenshot("online-01-opinion-written");
        later(10);
        resident.findElement(By.id("submit")).click();
        waitFor("已收到您的意见");
        assertThat(text()).contains("W1", "匿名居民", "请保留老人下棋的石桌");
        String topicPage = resident.getCurrentUrl().replaceAll("[?#].*", "");
        phone.screenshot("online-02-opinion-posted");
        assertFitsThePhone();

        // the committee reviews it in Tasklist, then sees it in the summary with the stakeholders' opinions
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_ReviewOnlineOpinion", form -> {
            form.waitFor(By.xpath("//*[contains(normalize-space(.), '请保留老人下棋的石桌')]"));
            form.pick("entryDecision", "保留公开");
        });
        completeOverRest(RESEARCHER, id, "Task_GiveOpinion", Map.of("opinion", "同意改建, 注意无障碍通道。"));
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_SummariseSuggestions", form -> {
            form.waitFor(By.xpath("//*[contains(normalize-space(.), '网上 · 匿名居民(W1): 花园改建时请保留老人下棋的石桌')]"));
            form.type("suggestions", "保留石桌, 增设路灯和无障碍通道。");
        });
        assertThat(waitingAt(id)).containsExactly("Task_DraftPlan");

        // publicity (the steps between are walked by DeliberationInTasklistTest): an objection by name
        runtimeService.setVariable(id, "planContent", "中心花园改建: 保留石桌, 增设路灯和无障碍通道。");
        runtimeService.createProcessInstanceModification(id).cancelAllForActivity("Task_DraftPlan")
                .startBeforeActivity("SubProcess_Publicity").execute();
        resident.get(topicPage);
        waitFor("对公示提出异议");
        resident.findElement(By.id("anonymous")).click();
        resident.findElement(By.id("name")).sendKeys("6号楼居民");
        resident.findElement(By.id("text")).sendKeys("路灯装在6号楼王某某家窗口(6-2-301), 晚上太亮。");
        later(10);
        resident.findElement(By.id("submit")).click();
        waitFor("已收到您的异议");
        assertThat(waitingAt(id)).contains("Task_HandleObjection", "Task_ReviewOnlineObjection");

        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_ReviewOnlineObjection", form -> {
            form.pick("entryDecision", "隐藏(不当内容)");
            form.type("entryHideReason", "含他人姓名和门牌号");
        });
        resident.get(topicPage);
        waitFor("该留言已被社区党委隐藏。理由: 含他人姓名和门牌号");
        assertThat(text()).doesNotContain("6-2-301").contains("请保留老人下棋的石桌");
        phone.screenshot("online-03-objection-hidden");
        assertWalked(FORMS);
    }

    private static void later(int seconds) {
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + seconds * 1000L));
    }

    private static String text() {
        return phone.text();
    }

    private static void waitFor(String text) {
        phone.waitFor(text);
    }

    private static void assertFitsThePhone() {
        phone.assertFits();
    }
}
