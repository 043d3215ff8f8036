package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Step 1 in a real browser: the raise-topic and review-topic forms as Camunda Tasklist 7.24 (form-js) renders and
 * submits them, in headless Chromium. Needs the Debian packages {@code chromium} and {@code chromium-driver}; skipped
 * without them. Screenshots of the key pages are kept in {@code target/screenshots/}.
 */
@EnabledIf(value = "browserInstalled", disabledReason = TasklistBrowserTest.NO_BROWSER)
class TasklistBrowserTest extends IntegrationTest {

    static final String NO_BROWSER = "chromium not installed: apt-get install chromium chromium-driver";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String RESIDENT = "ljy3-resident";
    private static final String COMMITTEE = "ljy3-party-committee";

    /** Selenium 4.31 has no CDP binding for Chromium 156 and says so at every start; nothing here uses CDP. */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private static WebDriver driver;
    private static Path profile;

    /** Keeps what the browser showed when a test failed. */
    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                String name = "FAILED-" + context.getRequiredTestMethod().getName();
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
        Assumptions.assumeTrue(browserInstalled(), NO_BROWSER);
        // the driver and the browser are given: Selenium Manager has nothing to look up or download
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_STATS", "true");
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        profile = Files.createTempDirectory("tasklist-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aResidentRaisesATopicInTasklistAndTheCommitteeAcceptsItWithTwoStakeholders() {
        String title = unique("楼道堆物堵塞消防通道");
        logIn(RESIDENT);
        openStartForm();
        screenshot("01-raise-topic-form");
        type("title", title);
        type("description", "5号楼2单元楼道长期堆放杂物和电动车, 消防通道被堵。");
        type("location", "5号楼2单元");
        choose("category", "安全隐患");
        choose("channel", "面对面");
        type("requesterName", "王秀兰");
        type("requesterContact", "13812345678");
        screenshot("02-raise-topic-filled");
        start();

        ProcessInstance instance = instanceTitled(title);
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
        assertThat(instance.getBusinessKey()).matches("YT-\\d{8}-[A-Z0-9]{6}");
        assertThat(runtimeService.getVariables(instance.getId())).containsAllEntriesOf(Map.of(
                "title", title,
                "description", "5号楼2单元楼道长期堆放杂物和电动车, 消防通道被堵。",
                "location", "5号楼2单元",
                "category", "safety",
                "channel", "face-to-face",
                "requesterName", "王秀兰",
                "requesterContact", "13812345678",
                "communityId", "laojunying-3"));
        Task review = task(instance.getId());
        assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");
        List<String> pool = pool(instance.getId());
        assertThat(pool).hasSizeGreaterThanOrEqualTo(2);

        logOut();
        logIn(COMMITTEE);
        openFromGroupTasks(review.getId());
        WebElement form = waitFor(By.cssSelector(".task-details .fjs-container"));
        screenshot("03-review-topic-unclaimed");
        assertThat(form.findElement(By.cssSelector(".fjs-form-field-text")).getText())
                .contains(title).contains("5号楼2单元").contains("老军营小区第三社区");
        click(By.cssSelector(".task-details button.claim"));
        waitUntil(() -> COMMITTEE.equals(task(instance.getId()).getAssignee()));
        pick("decision", "受理");
        waitFor(fieldLocator("stakeholders-0"));
        List<String> labels = poolLabels(instance.getId());
        assertThat(options("stakeholders")).as("the checklist offers the Json stakeholderPool")
                .containsExactlyElementsOf(labels);
        tick("stakeholders", labels.get(0));
        tick("stakeholders", labels.get(1));
        if (!fields("researchers-0").isEmpty()) {
            // the seven-step model also asks whom to send researching when a topic is accepted
            tick("researchers", options("researchers").get(0));
        }
        screenshot("04-review-topic-accepting");
        complete();

        waitUntil(() -> runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId())
                .activityIdIn("Task_ReviewTopic").count() == 0);
        screenshot("05-review-topic-completed");
        assertAcceptedPath(instance.getId());
        Object stakeholders = historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId()).variableName("stakeholders").singleResult().getValue();
        assertThat(stakeholders).isInstanceOf(SpinJsonNode.class);
        assertThat(((SpinJsonNode) stakeholders).elements()).extracting(SpinJsonNode::stringValue)
                .containsExactlyInAnyOrder(pool.get(0), pool.get(1));
    }

    @Test
    void aBackToBackTopicHidesTheRequestersFieldsAndKeepsNoIdentity() {
        String title = unique("物业费收支不公开");
        logIn(RESIDENT);
        openStartForm();
        assertThat(field("requesterName").isDisplayed()).isTrue();
        assertThat(field("requesterContact").isDisplayed()).isTrue();
        type("title", title);
        type("description", "物业公司从未公示物业费和公共收益的收支情况。");
        type("location", "老军营小区");
        choose("category", "物业服务");
        choose("channel", "背靠背(匿名)");
        waitUntil(() -> fields("requesterName").isEmpty() && fields("requesterContact").isEmpty());
        assertThat(fields("anonymous")).as("the anonymous checkbox is implied by 背靠背").isEmpty();
        screenshot("06-raise-topic-back-to-back");
        start();

        ProcessInstance instance = instanceTitled(title);
        assertThat(instance.getTenantId()).isEqualTo("laojunying-3");
        assertThat(runtimeService.getVariable(instance.getId(), "anonymous")).isEqualTo(Boolean.TRUE);
        assertThat(runtimeService.getVariable(instance.getId(), "channel")).isEqualTo("back-to-back");
        assertThat(runtimeService.createVariableInstanceQuery().processInstanceIdIn(instance.getId())
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableNameIn("requesterName", "requesterContact").count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
                .singleResult().getStartUserId()).isNull();
    }

    @Test
    void aMergeTheServerRefusesIsShownInTasklistAndTheTaskStays() {
        String id = raise(RESIDENT, topic(unique("垃圾清运不及时")));
        Task review = task(id);

        String error = mergeIntoAnUnknownTopic(review);

        screenshot("07-review-topic-merge-refused");
        assertThat(error).contains("合并到的议题编号").contains("YT-20260101-ZZZZZZ");
        assertThat(task(id).getId()).isEqualTo(review.getId());
        assertThat(task(id).getAssignee()).isEqualTo(COMMITTEE);
        assertThat(runtimeService.getVariable(id, "decision")).isNull();
        assertThat(driver.findElements(By.cssSelector(".task-details .fjs-container"))).isNotEmpty();
    }

    /**
     * Tasklist completes tasks through the webapp's own REST API ({@code /camunda/api/engine}): a refused form must
     * read as the rule that refused it, not as a server error with a Java exception name.
     */
    @Test
    void aRefusalInTasklistReadsAsTheRuleOnly() {
        String error = mergeIntoAnUnknownTopic(task(raise(RESIDENT, topic(unique("路灯不亮")))));

        // neither Camunda's prefix ("Cannot submit task form <id>:") nor a Java exception reaches the person
        assertThat(error).contains("输入有误", "合并到的议题编号(mergedInto)")
                .doesNotContain("Exception", "Cannot submit task form");
    }

    /**
     * review-topic.form (and the later steps' forms) template {@code {{caseNumber}}}, but the case number is the
     * business key and no process variable {@code caseNumber} exists: Tasklist renders "(编号 )".
     */
    @Test
    void theReviewFormShowsTheCaseNumber() {
        String id = raise(RESIDENT, topic(unique("小区路面坑洼")));
        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();
        logIn(COMMITTEE);
        driver.get(tasklist() + "default/#/?task=" + task(id).getId());

        assertThat(waitFor(By.cssSelector(".task-details .fjs-form-field-text")).getText()).contains(caseNumber);
    }

    /** As the committee: claim the task, merge it into a case number that does not exist; the error shown. */
    private String mergeIntoAnUnknownTopic(Task review) {
        logIn(COMMITTEE);
        driver.get(tasklist() + "default/#/?task=" + review.getId());
        waitFor(By.cssSelector(".task-details .fjs-container"));
        click(By.cssSelector(".task-details button.claim"));
        waitUntil(() -> COMMITTEE.equals(taskService.createTaskQuery().taskId(review.getId()).singleResult()
                .getAssignee()));
        pick("decision", "合并到已有议题");
        type("mergedInto", "YT-20260101-ZZZZZZ");
        complete();
        return waitFor(By.cssSelector(".page-notifications .alert-danger")).getText();
    }

    // --- the engine

    private ProcessInstance instanceTitled(String title) {
        waitUntil(() -> runtimeService.createProcessInstanceQuery().processDefinitionKey("deliberation")
                .variableValueEquals("title", title).count() == 1);
        return runtimeService.createProcessInstanceQuery().processDefinitionKey("deliberation")
                .variableValueEquals("title", title).singleResult();
    }

    private List<String> pool(String processInstanceId) {
        return poolEntries(processInstanceId).stream().map(o -> o.prop("value").stringValue()).toList();
    }

    private List<String> poolLabels(String processInstanceId) {
        return poolEntries(processInstanceId).stream().map(o -> o.prop("label").stringValue()).toList();
    }

    private List<SpinJsonNode> poolEntries(String processInstanceId) {
        return ((SpinJsonNode) runtimeService.getVariable(processInstanceId, "stakeholderPool")).elements();
    }

    /** The review took the accepted path: to EndEvent_TopicAccepted where the model ends step 1 there. */
    private void assertAcceptedPath(String processInstanceId) {
        List<String> activities = historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).finished().list().stream()
                .map(HistoricActivityInstance::getActivityId).toList();
        assertThat(activities).contains("Task_ReviewTopic")
                .doesNotContain("EndEvent_TopicRejected", "Task_MergeTopic", "EndEvent_TopicMerged");
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName("decision").singleResult().getValue()).isEqualTo("accept");
        String definitionId = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult().getProcessDefinitionId();
        if (engine.getRepositoryService().getBpmnModelInstance(definitionId)
                .getModelElementById("EndEvent_TopicAccepted") != null) {
            assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count())
                    .isZero();
            assertThat(activities).contains("EndEvent_TopicAccepted");
        }
    }

    // --- Tasklist

    private String tasklist() {
        return "http://localhost:" + port + "/camunda/app/tasklist/";
    }

    /** Logs in through the form; a sign-in the loaded page swallowed (a busy machine) is tried again, twice at most. */
    private void logIn(String user) {
        for (int attempt = 1; ; attempt++) {
            driver.manage().deleteAllCookies();
            driver.get(tasklist());
            WebElement name = waitFor(By.cssSelector("form[name=signinForm] input[ng-model=username]"));
            name.clear();
            name.sendKeys(user);
            WebElement password = driver.findElement(By.cssSelector("form[name=signinForm] input[ng-model=password]"));
            password.clear();
            password.sendKeys(DEMO_PASSWORD);
            driver.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
            try {
                new WebDriverWait(driver, WAIT).until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.account a.dropdown-toggle")));
                break;
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        waitFor(By.cssSelector(".task-filter"));
    }

    private void logOut() {
        click(By.cssSelector("li.account a.dropdown-toggle"));
        click(By.cssSelector("li.account li.logout a"));
        waitFor(By.cssSelector("form[name=signinForm] input[ng-model=username]"));
    }

    /**
     * The filter 本组待办, then the task in its list (soonest due first; directly by its link if not on page 1, within
     * the filter: a link without it would switch Tasklist to the first filter, which drops the task it shows).
     */
    private void openFromGroupTasks(String taskId) {
        click(By.xpath("//div[contains(@class,'task-filter')]//a[contains(normalize-space(.),'本组待办')]"));
        waitFor(By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]"
                + "//a[contains(normalize-space(.),'本组待办')]"));
        waitFor(By.cssSelector("ol.tasks-list li.task"));
        By link = By.cssSelector("ol.tasks-list a[href='#/?task=" + taskId + "']");
        if (driver.findElements(link).isEmpty()) {
            String filtered = driver.getCurrentUrl();
            driver.get(filtered + (filtered.contains("?") ? "&" : "?") + "task=" + taskId);
        } else {
            click(link);
        }
    }

    private void openStartForm() {
        click(By.cssSelector("li.start-process-action a"));
        // a click while the modal still fades in or reloads its list can get lost: click until the form is there
        By process = By.xpath("//ul[contains(@class,'processes')]//a[contains(normalize-space(.),'社区协商议事')]");
        By form = By.cssSelector(".modal .fjs-container [id$='-Field_title']");
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

    private void complete() {
        click(By.cssSelector(".task-details .form-actions button[ng-click='complete()']"));
    }

    /** A form-js field by its key: its id is {@code fjs-form-<form instance>-Field_<key>}. */
    private static By fieldLocator(String key) {
        return By.cssSelector(".fjs-container [id$='-Field_" + key + "']");
    }

    private WebElement field(String key) {
        return waitFor(fieldLocator(key));
    }

    private List<WebElement> fields(String key) {
        return driver.findElements(fieldLocator(key));
    }

    private void type(String key, String text) {
        WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(fieldLocator(key)));
        input.clear();
        input.sendKeys(text);
    }

    /** A form-js select: its display opens a drop-down list of the options' labels. */
    private void choose(String key, String label) {
        click(By.cssSelector(".fjs-container [id$='-Field_" + key + "-display']"));
        // one drop-down is open at a time
        click(By.xpath("//div[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)='" + label + "']"));
        waitUntil(() -> driver.findElement(By.cssSelector(".fjs-container [id$='-Field_" + key + "-display']"))
                .getText().equals(label));
    }

    /** A form-js radio option, by its label. */
    private void pick(String key, String label) {
        click(By.xpath("//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space(.)='" + label
                + "']/input[contains(@id,'-Field_" + key + "-')]"));
    }

    /** The options a form-js checklist offers: their labels. */
    private List<String> options(String key) {
        return driver.findElements(By.xpath("//div[contains(@class,'fjs-form-field-checklist')]"
                + "//label[input[contains(@id,'-Field_" + key + "-')]]"))
                .stream().map(WebElement::getText).map(String::trim).toList();
    }

    /** A form-js checklist option, by its label. */
    private void tick(String key, String label) {
        click(By.xpath("//div[contains(@class,'fjs-form-field-checklist')]//label[normalize-space(.)='" + label
                + "']/input[contains(@id,'-Field_" + key + "-')]"));
    }

    /** Clicks an element once it can be clicked, scrolled to the middle (Tasklist's footer covers the bottom). */
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

    private static String unique(String title) {
        return title + " " + UUID.randomUUID().toString().substring(0, 6);
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
