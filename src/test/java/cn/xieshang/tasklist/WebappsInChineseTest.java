package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.xieshang.support.Browser;
import cn.xieshang.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda's webapps as a Chinese browser shows them: our name and logo, Chinese chosen for it (English for an English
 * browser), no migration banner, no "Create task", form-js's messages and both date pickers in Chinese with Monday
 * first, and Welcome's links to the notice board and the totals. Screenshots in {@code target/screenshots/webapps-*}.
 */
@EnabledIf(value = "cn.xieshang.support.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class WebappsInChineseTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RESIDENT = "ljy3-resident";
    private static final String COMMITTEE = "ljy3-party-committee";
    private static final String ADMIN = "admin";

    private static Browser browser;
    private static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.chinese();
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theLoginPageShowsOurNameAndLogoInChinese() {
        driver.manage().deleteAllCookies();
        driver.get(app("tasklist"));
        WebElement name = waitFor(By.cssSelector("form[name=signinForm] input[ng-model=username]"));
        browser.screenshot("webapps-01-login");

        assertThat(name.getAttribute("placeholder")).as("the Chinese locale was chosen").matches(".*\\p{IsHan}.*");
        assertThat(driver.getTitle()).isEqualTo("协商议事 · 任务列表");
        assertThat(text(".form-signin .login-header .app-name")).isEqualTo("任务列表");
        assertThat(background(".form-signin .login-header .login-logo")).contains("/app/brand/logo.svg");
        assertThat(driver.findElements(By.cssSelector(".login-logo svg"))).allSatisfy(
                svg -> assertThat(svg.isDisplayed()).as("Camunda's logo").isFalse());
        assertNoBanner();
    }

    @Test
    void anEnglishBrowserStillGetsEnglish() {
        try (Browser english = Browser.english()) {
            english.driver().get(app("tasklist"));
            WebElement name = new WebDriverWait(english.driver(), WAIT).until(ExpectedConditions
                    .visibilityOfElementLocated(By.cssSelector("form[name=signinForm] input[ng-model=username]")));

            assertThat(name.getAttribute("placeholder")).isEqualTo("Username");
            assertThat(english.driver().getTitle()).isEqualTo("协商议事 · 任务列表");
        }
    }

    @Test
    void tasklistIsOursOffersNoCreateTaskAndExplainsAnEmptyRequiredFieldInChinese() {
        logIn("tasklist", RESIDENT);
        waitFor(By.cssSelector(".task-filter"));
        assertHeader("协商议事 · 任务列表");
        assertThat(driver.getTitle()).isEqualTo("协商议事 · 任务列表");
        assertThat(waitFor(By.cssSelector("li.start-process-action")).getText()).matches(".*\\p{IsHan}.*");
        assertThat(driver.findElements(By.cssSelector("li.create-task-action"))).allSatisfy(
                action -> assertThat(action.isDisplayed()).as("Create task").isFalse());
        browser.screenshot("webapps-02-tasklist");

        openStartForm("社区协商议事");
        WebElement title = waitFor(By.cssSelector(".modal .fjs-container [id$='-Field_title']"));
        title.sendKeys("x");
        title.sendKeys(Keys.BACK_SPACE);
        click(By.cssSelector(".modal button[ng-click='startProcessInstance()']"));
        WebElement error = waitFor(By.cssSelector(".modal [id$='-Field_title-error-message']"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", error);
        browser.screenshot("webapps-03-start-form-required");

        assertThat(error.getText()).isEqualTo("此项为必填项");
        assertThat(driver.findElements(By.cssSelector(".modal .fjs-form-field-error"))).extracting(WebElement::getText)
                .isNotEmpty().allSatisfy(message -> assertThat(message).doesNotContainPattern("[A-Za-z]{3,}"));
    }

    @Test
    void bothDatePickersAreChineseAndStartOnMonday() {
        String taskId = task(raise(RESIDENT, topic(unique("路灯不亮"))))
                .getId();
        taskService.claim(taskId, COMMITTEE);
        logIn("tasklist", COMMITTEE);

        // Tasklist's own (the due date)
        driver.get(app("tasklist") + "default/#/?task=" + taskId);
        click(By.cssSelector(".task-details .due-date"));
        waitFor(By.cssSelector(".uib-daypicker"));
        browser.screenshot("webapps-04-due-date-picker");
        assertThat(driver.findElements(By.cssSelector(".uib-daypicker thead th small")))
                .extracting(WebElement::getText).containsExactly("周一", "周二", "周三", "周四", "周五", "周六", "周日");
        assertThat(text(".uib-daypicker .uib-title")).matches("\\d{4}年\\d{1,2}月");

        // form-js's (flatpickr), in the consultation's start form
        driver.get(app("tasklist") + "default/");
        openStartForm("请你来协商");
        WebElement date = waitFor(By.cssSelector(".modal .fjs-datepicker input"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", date);
        date.click();
        WebElement calendar = waitFor(By.cssSelector(".flatpickr-calendar.open"));
        waiting().until(d -> "1".equals(calendar.getCssValue("opacity")));
        browser.screenshot("webapps-05-form-date-picker");
        assertThat(driver.findElements(By.cssSelector(".flatpickr-calendar.open .flatpickr-weekday")))
                .extracting(element -> element.getText().trim())
                .containsExactly("一", "二", "三", "四", "五", "六", "日");
        assertThat(date.getAttribute("placeholder")).as("a Chinese browser's date order").isEqualTo("yyyy/mm/dd");
    }

    @Test
    void welcomeCockpitAndAdminAreOursAndWelcomeLinksTheNoticeBoardAndTheTotalsWithoutASecondLogin() {
        logIn("welcome", ADMIN);
        waitFor(By.cssSelector(".custom-links"));
        assertHeader("协商议事 · 首页");
        browser.screenshot("webapps-06-welcome");
        assertThat(driver.findElements(By.cssSelector(".custom-links a")))
                .extracting(link -> link.getAttribute("href"), WebElement::getText)
                .containsExactly(
                        tuple(root() + "/notices", "公示栏"),
                        tuple(root() + "/api/totals/page", "运行统计"));
        // the link opens the totals with the webapps' session: no second login
        driver.findElements(By.cssSelector(".custom-links a")).get(1).click();
        waiting().until(d -> d.findElement(By.tagName("body")).getText().contains("协商工作统计"));
        assertThat(driver.getCurrentUrl()).isEqualTo(root() + "/api/totals/page");

        driver.get(app("cockpit") + "default/");
        waitFor(By.cssSelector(".dashboard"));
        assertHeader("协商议事 · 监控中心");
        assertThat(driver.getTitle()).startsWith("协商议事 · 监控中心");
        browser.screenshot("webapps-07-cockpit");

        driver.get(app("admin") + "default/");
        waitFor(By.cssSelector(".dashboard"));
        assertHeader("协商议事 · 系统管理");
        assertThat(driver.getTitle()).startsWith("协商议事 · 系统管理");
        click(By.cssSelector("li.app-switch a.dropdown-toggle"));
        waitFor(By.cssSelector("li.app-switch li.cockpit a"));
        browser.screenshot("webapps-08-admin-app-menu");
        assertThat(driver.findElements(By.cssSelector("li.app-switch .dropdown-menu a")))
                .extracting(link -> (String) ((JavascriptExecutor) driver).executeScript(
                        "return getComputedStyle(arguments[0], '::after').content;", link))
                .containsExactly("\"监控中心\"", "\"任务列表\"");
    }

    // --- the webapps

    private String root() {
        return "http://localhost:" + port;
    }

    private String app(String name) {
        return root() + "/camunda/app/" + name + "/";
    }

    /** Our mark and name in the header, no banner above it. */
    private void assertHeader(String brand) {
        assertThat(waitFor(By.cssSelector("[cam-widget-header] .brand-name")).getText()).isEqualTo(brand);
        assertThat(background("[cam-widget-header] .brand-logo")).contains("/app/brand/mark.svg");
        assertNoBanner();
    }

    private void assertNoBanner() {
        assertThat(driver.findElements(By.cssSelector(".ce-eol-banner"))).allSatisfy(
                banner -> assertThat(banner.isDisplayed()).as("the migration banner").isFalse());
    }

    /** Logs in through the app's form; a sign-in the loaded page swallowed is tried again, twice at most. */
    private void logIn(String app, String user) {
        Browser.signIn(driver, app(app), user, DEMO_PASSWORD);
    }

    /** Tasklist's start dialog, then the process whose name contains the given words, until its form is there. */
    private void openStartForm(String process) {
        click(By.cssSelector("li.start-process-action a"));
        By link = By.xpath("//ul[contains(@class,'processes')]//a[contains(normalize-space(.),'" + process + "')]");
        By form = By.cssSelector(".modal .fjs-container .fjs-form-field");
        waitFor(link);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofSeconds(1)).ignoring(WebDriverException.class);
        wait.until(d -> {
            if (!d.findElements(form).isEmpty() && d.findElement(form).isDisplayed()) {
                return true;
            }
            List<WebElement> links = d.findElements(link);
            if (!links.isEmpty() && links.get(0).isDisplayed()) {
                links.get(0).click();
            }
            return false;
        });
    }

    private String text(String css) {
        return waitFor(By.cssSelector(css)).getText();
    }

    private String background(String css) {
        return waitFor(By.cssSelector(css)).getCssValue("background-image");
    }

    private void click(By locator) {
        WebElement element = waiting().until(ExpectedConditions.elementToBeClickable(locator));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }
}
