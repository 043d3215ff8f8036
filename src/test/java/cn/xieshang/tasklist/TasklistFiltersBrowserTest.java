package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Browser;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The filters, cards, community choice and refusals as a person meets them in Tasklist 7.24, in headless Chromium:
 * a researcher named on a topic finds the task in 我的待办, every card names its case, a street office picks the
 * community by name (a resident is not asked), a refused start reads as our rule only. Screenshots in
 * {@code target/screenshots/filters-*}.
 */
@EnabledIf(value = "browserInstalled", disabledReason = TasklistBrowserTest.NO_BROWSER)
class TasklistFiltersBrowserTest extends IntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static WebDriver driver;
    private static Browser browser;

    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                String name = "FAILED-filters-" + context.getRequiredTestMethod().getName();
                screenshot(name);
                try {
                    Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource(),
                            StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    // best effort
                }
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(browserInstalled(), TasklistBrowserTest.NO_BROWSER);
        browser = Browser.chinese();
        driver = browser.driver();
        Files.createDirectories(SCREENSHOTS);
    }

    static boolean browserInstalled() {
        return Browser.installed();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
            driver = null;
        }
    }

    @Test
    void aNamedResearcherFindsTheResearchInMyTasksAndTheCardNamesTheCase() {
        String title = unique("楼顶防水层老化漏雨");
        String id = raise("ljy3-resident", topic(title));
        Map<String, Object> accept = new HashMap<>();
        accept.put("decision", "accept");
        accept.put("stakeholders", List.of("ljy3-cppcc-member", "ljy3-property-company"));
        accept.put("researchers", List.of("ljy3-cppcc-member", "ljy3-grid-worker"));
        Rest.Reply accepted = as("ljy3-party-committee").post("/engine-rest/task/" + task(id).getId() + "/submit-form",
                Rest.variables(accept));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
        executeAsyncSteps(id);
        Task research = task(id);
        assertThat(research.getTaskDefinitionKey()).isEqualTo("Task_FileResearch");
        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();

        logIn("ljy3-grid-worker");
        WebElement card = cardInFilter("我的待办", research.getId());
        screenshot("filters-01-researcher-my-tasks");
        assertThat(card.getText()).contains("提交调研情况", title, "老军营小区第三社区");
        // the case number is on the card too, shown when it is unfolded (Tasklist folds a card after two variables)
        card.findElement(By.cssSelector(".task-card-details .shutter")).click();
        waitUntil(() -> card.getText().contains(caseNumber));
        screenshot("filters-01b-card-unfolded");

        card.findElement(By.cssSelector("a[href='#/?task=" + research.getId() + "']")).click();
        waitFor(By.cssSelector(".task-details .fjs-container"));
        click(By.cssSelector(".task-details button.claim"));
        waitUntil(() -> "ljy3-grid-worker".equals(task(id).getAssignee()));
        screenshot("filters-02-researcher-claimed");

        // the other researcher still finds it, with who has it
        logIn("ljy3-cppcc-member");
        WebElement seen = cardInFilter("我的待办", research.getId());
        screenshot("filters-03-other-researcher-sees-assignee");
        assertThat(seen.getText()).contains(title);
        assertThat(seen.getText()).containsAnyOf("ljy3-grid-worker", "网格员");
    }

    @Test
    void aStreetOfficeChoosesTheCommunityByNameAndAResidentIsNotAsked() {
        logIn("ljy3-resident");
        openStartForm("社区协商议事", "title");
        assertThat(fields("communityId")).as("one community: no choice shown").isEmpty();
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                driver.findElement(fieldLocator("requesterEmail")));
        screenshot("filters-04-resident-start-form-without-community");

        String title = unique("老军营街道统一安装充电桩");
        logIn("laojunying-street");
        openStartForm("社区协商议事", "title");
        type("title", title);
        type("description", "街道内多个小区电动自行车充电难, 飞线充电现象严重。");
        type("location", "老军营小区");
        choose("category", "电动车充电");
        choose("channel", "座谈会");
        type("requesterName", "王秀兰");
        type("requesterContact", "13812345678");
        click(fieldLocator("communityId"));
        List<String> offered = driver.findElements(By.cssSelector(".fjs-dropdownlist-item")).stream()
                .map(WebElement::getText).toList();
        screenshot("filters-05-street-community-options");
        assertThat(offered).contains("老军营小区第三社区").doesNotContain("上马街二社区");
        click(By.xpath("//div[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)='老军营小区第三社区']"));
        screenshot("filters-05b-street-chose-community");
        start();

        waitUntil(() -> runtimeService.createProcessInstanceQuery().variableValueEquals("title", title).count() == 1);
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().variableValueEquals("title", title)
                .singleResult();
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
    }

    @Test
    void aRefusedStartReadsAsOurRuleOnly() {
        logIn("ljy3-party-committee");
        openStartForm("政协协商", "title");
        type("title", unique("加强社区养老服务"));
        type("description", "社区老年人多, 日间照料中心床位不足。");
        pick("platformLevel", "社区(村、委员工作室)协商微平台");
        type("platformName", "委员工作室");
        type("location", "社区党群服务中心");
        // today: the form accepts any date, the decision table propose-consultation-rules wants a later one
        click(By.cssSelector(".modal .fjs-container [id$='-Field_plannedMeetingDate-date']"));
        click(By.cssSelector(".flatpickr-calendar.open .flatpickr-day.today"));
        click(By.cssSelector(".modal button[ng-click='startProcessInstance()']"));

        // the start dialog shows the refusal at its top
        WebElement alert = waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".modal .notifications .alert-danger")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", alert);
        String error = alert.getText();
        screenshot("filters-06-refused-start");
        assertThat(error).contains("输入有误", "拟定会议日期(plannedMeetingDate)必须晚于今天")
                .doesNotContain("Cannot instantiate", "consultation:");
    }

    // --- Tasklist

    private String tasklist() {
        return "http://localhost:" + port + "/camunda/app/tasklist/";
    }

    private void logIn(String user) {
        Browser.signIn(driver, tasklist(), user, DEMO_PASSWORD);
        waitFor(By.cssSelector(".task-filter"));
    }

    /** Chooses the filter by its name and returns the task's card in its list. */
    private WebElement cardInFilter(String filter, String taskId) {
        click(By.xpath("//div[contains(@class,'task-filter')]//a[contains(normalize-space(.),'" + filter + "')]"));
        waitFor(By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]"
                + "//a[contains(normalize-space(.),'" + filter + "')]"));
        By card = By.xpath("//ol[contains(@class,'tasks-list')]/li[contains(@class,'task')]"
                + "[.//a[@href='#/?task=" + taskId + "']]");
        // the card's variables arrive with the list; wait until they are drawn
        waiting().until(d -> !d.findElements(card).isEmpty() && d.findElement(card).getText().contains("社区"));
        return driver.findElement(card);
    }

    private void openStartForm(String processName, String firstField) {
        click(By.cssSelector("li.start-process-action a"));
        By process = By.xpath("//ul[contains(@class,'processes')]//a[contains(normalize-space(.),'" + processName + "')]");
        By form = By.cssSelector(".modal .fjs-container [id$='-Field_" + firstField + "']");
        waitFor(process);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofSeconds(1)).ignoring(WebDriverException.class);
        wait.until(d -> {
            if (!d.findElements(form).isEmpty() && d.findElement(form).isDisplayed()) {
                return true;
            }
            List<WebElement> links = d.findElements(process);
            if (!links.isEmpty() && links.get(0).isDisplayed()) {
                links.get(0).click();
            }
            return false;
        });
    }

    private void start() {
        click(By.cssSelector(".modal button[ng-click='startProcessInstance()']"));
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal")));
    }

    private static By fieldLocator(String key) {
        return By.cssSelector(".fjs-container [id$='-Field_" + key + "']");
    }

    private List<WebElement> fields(String key) {
        return driver.findElements(fieldLocator(key));
    }

    private void type(String key, String text) {
        WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(fieldLocator(key)));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text); // typed over at once, as Tasklist#type does
    }

    /** A form-js select (searchable or not): open its drop-down, click the option with the label. */
    private void choose(String key, String label) {
        By display = By.cssSelector(".fjs-container [id$='-Field_" + key + "-display']");
        if (!driver.findElements(display).isEmpty()) {
            click(display);
        } else {
            click(fieldLocator(key)); // a searchable select is an input
        }
        click(By.xpath("//div[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)='" + label + "']"));
    }

    private void pick(String key, String label) {
        click(By.xpath("//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space(.)='" + label
                + "']/input[contains(@id,'-Field_" + key + "-')]"));
    }

    private void click(By locator) {
        WebElement element = waiting().until(ExpectedConditions.elementToBeClickable(locator));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void waitUntil(Supplier<Boolean> condition) {
        waiting().until(d -> condition.get());
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
