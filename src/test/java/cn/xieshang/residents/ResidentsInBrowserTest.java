package cn.xieshang.residents;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Browser;
import cn.xieshang.support.Phone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A resident on a phone (zh-CN, 390×844) raises a concern anonymously and another by name, follows each through the
 * private link to its result, rates the first not satisfied (reopened) and then satisfied, the second satisfied
 * through the link in the result mail. The staff's steps are done on the engine. Screenshots in
 * {@code target/screenshots/residents-*}.
 */
@EnabledIf(value = "cn.xieshang.support.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class ResidentsInBrowserTest extends ResidentWalk {

    private static Phone phone;
    private static ChromeDriver driver;

    @BeforeAll
    static void startPhone() {
        phone = new Phone();
        driver = phone.driver();
    }

    @AfterAll
    static void stopPhone() {
        if (phone != null) {
            phone.close();
        }
    }

    @Test
    void anAnonymousResidentRaisesFollowsRatesNotSatisfied_thenSatisfied() {
        fillIn("单元门禁坏了, 陌生人随意进出", "7号楼1单元", true);
        phone.screenshot("residents-01-raise-anonymous");
        String id = submitAndOpenTheLink("residents-02-raised-anonymous");
        assertThat(text()).contains("办理中", "交办诉求", "匿名(背靠背)");
        phone.screenshot("residents-03-follow-received");

        settle(id, "已请物业更换门禁锁。");
        driver.navigate().refresh();
        assertThat(text()).contains("已请物业更换门禁锁", "社区已派单给网格员办理", "您对办理结果满意吗?");
        phone.screenshot("residents-04-follow-result");
        driver.findElement(By.id("satisfiedNo")).click();
        driver.findElement(By.id("dissatisfactionReason")).sendKeys("锁换了, 可门还是关不上。");
        driver.findElement(By.id("submitRating")).click();
        waitFor("已收到您的意见");
        assertThat(text()).contains("您的评价: 不满意", "因不满意重新办理", "交办诉求");
        assertThat(waitingAt(id)).isEqualTo("Task_DispatchConcern");
        phone.screenshot("residents-05-reopened");

        settle(id, "已更换闭门器, 门能自动关上了。");
        driver.navigate().refresh();
        assertThat(text()).contains("已更换闭门器", "已经重新办理过一次");
        driver.findElement(By.id("satisfiedYes")).click();
        driver.findElement(By.id("submitRating")).click();
        waitFor("感谢您的评价");
        assertThat(text()).contains("已办结, 您对结果表示满意");
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
        phone.screenshot("residents-06-settled");
        assertFitsThePhone();
    }

    @Test
    void aNamedResidentFollowsToTheResultAndRatesThroughTheMailsLink() {
        fillIn("小区南门路灯不亮", "南门", false);
        driver.findElement(By.id("requesterName")).sendKeys(NAME);
        driver.findElement(By.id("requesterContact")).sendKeys(PHONE);
        driver.findElement(By.id("requesterEmail")).sendKeys(EMAIL);
        String id = submitAndOpenTheLink("residents-07-raised-named");
        assertThat(text()).contains("小区南门路灯不亮", "办理中").doesNotContain(NAME, PHONE, EMAIL);

        settle(id, "已修复南门路灯线路。");
        String mail = body(mailsTo(EMAIL).get(0));
        Matcher link = Pattern.compile("http://[^\\s]+/follow/[A-Za-z0-9_-]{43}").matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        driver.get(link.group());
        assertThat(text()).contains("已修复南门路灯线路", "您对办理结果满意吗?").doesNotContain(NAME, PHONE, EMAIL, GRID_WORKER);
        driver.findElement(By.id("satisfiedYes")).click();
        driver.findElement(By.id("submitRating")).click();
        waitFor("感谢您的评价");
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
        phone.screenshot("residents-08-named-settled");
    }

    /** Opens the form and fills in a concern of laojunying-3, as a person chooses: by street and name. */
    private void fillIn(String title, String location, boolean anonymous) {
        driver.get("http://localhost:" + port + "/raise");
        assertThat(driver.getTitle()).contains("反映诉求");
        new Select(driver.findElement(By.id("communityId"))).selectByVisibleText("老军营小区第三社区");
        driver.findElement(By.id("location")).sendKeys(location);
        new Select(driver.findElement(By.id("category"))).selectByVisibleText("设施维修");
        driver.findElement(By.id("title")).sendKeys(title);
        driver.findElement(By.id("description")).sendKeys(title + ", 已经一个多星期了, 请社区帮忙解决。");
        driver.findElement(By.xpath("//label[contains(., '一个楼栋或单元')]")).click();
        if (anonymous) {
            driver.findElement(By.id("anonymous")).click();
        }
        assertFitsThePhone();
    }

    /** Submits (after the time a person takes), reads the case number and follows the link; returns the case. */
    private String submitAndOpenTheLink(String screenshot) {
        later(10);
        driver.findElement(By.id("submit")).click();
        waitFor("诉求已提交");
        String caseNumber = driver.findElement(By.id("caseNumber")).getText();
        assertThat(caseNumber).matches("SQ-\\d{8}-[A-Z0-9]{6}");
        phone.screenshot(screenshot);
        driver.findElement(By.id("followUpLink")).click();
        waitFor("诉求办理进展");
        assertThat(driver.findElement(By.id("caseNumber")).getText()).isEqualTo(caseNumber);
        String path = driver.getCurrentUrl().substring(driver.getCurrentUrl().indexOf("/follow/"));
        return caseOf(path);
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
