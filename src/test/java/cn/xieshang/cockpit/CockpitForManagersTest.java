package cn.xieshang.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.Browser;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Managers watch a case in Cockpit as a Chinese browser shows it: the 案件 tab reads the case in Chinese for the
 * community's street office, another community's manager cannot reach it; the dashboard's 案件查找 finds a finished
 * case by its number and reads it; a street office, which may read but not
 * repair, is offered none of Cockpit's write actions on the case, its variables and tasks; an administrator keeps
 * them all; the dashboard's 1+7+X numbers move by what the test's own case produces, for a community's manager and the
 * district, and list that case. Screenshots in {@code target/screenshots/cockpit-*}.
 */
@EnabledIf(value = "cn.xieshang.support.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class CockpitForManagersTest extends IntegrationTest {

    /** Cockpit's write actions on a case page (toolbar, variables, a task's assignee and candidates). */
    static final List<String> WRITE_ACTIONS = List.of("a.btn-toolbar", "a.action-button", "[ng-click^='enableEditMode']",
            "[ng-click^='deleteVariable']", ".edit-toggle", ".change-group-identity-links");

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
    void aStreetOfficeReadsTheCaseButIsOfferedNoRepair_anAdministratorIs() {
        String id = raise("ljy3-resident", topic("驾驶舱只读: 楼道堆放杂物"));

        List<String> street = visibleWriteActions("laojunying-street", id);
        browser.screenshot("cockpit-01-case-as-street-office");
        assertThat(driver.findElement(By.tagName("body")).getAttribute("class")).contains("xs-read-only");
        assertThat(driver.findElement(By.tagName("body")).getText()).as("the case's tasks, read").contains("受理议题");
        assertThat(street).isEmpty();

        List<String> admin = visibleWriteActions("admin", id);
        browser.screenshot("cockpit-02-case-as-administrator");
        assertThat(admin).contains("a.btn-toolbar", "[ng-click^='enableEditMode']", "[ng-click^='deleteVariable']",
                ".change-group-identity-links");
    }

    @Test
    void theCaseTabReadsTheCaseInChinese_anotherCommunityCannotReachIt() {
        String id = raise("ljy3-resident", topic("驾驶舱案件: 3幢楼没有车棚"));
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";

        logIn(cockpit, "laojunying-street");
        driver.get(cockpit + "#/process-instance/" + id + "/runtime");
        waiting().until(ExpectedConditions.elementToBeClickable(By.xpath("//a[normalize-space(.)='案件']"))).click();
        WebElement tab = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".xs-case")));
        waiting().until(d -> tab.getText().contains("案件记录"));
        browser.screenshot("cockpit-03-case-tab-as-street-office");
        assertThat(tab.getText()).contains("驾驶舱案件: 3幢楼没有车棚", "老军营小区第三社区", "办理中", "当前环节", "受理议题",
                "社区党委", "类别", "电动车充电");
        // the record step by step, every line under a Chinese label: no variable name, no option code
        String record = driver.findElements(By.cssSelector(".xs-case-section")).stream().map(WebElement::getText)
                .reduce("", String::concat);
        assertThat(record).contains("第一步 多种渠道“提议题”", "议题标题").doesNotContainPattern("[a-z]{3,}");

        logIn(cockpit, "smj2-party-committee");
        driver.get(cockpit + "#/process-instance/" + id + "/runtime");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ctn-header, .alert, .notifications")));
        browser.screenshot("cockpit-04-another-communitys-case");
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("驾驶舱案件: 3幢楼没有车棚");
    }

    @Test
    void onTheDashboardAStreetOfficeFindsAFinishedCaseByItsNumberAndReadsIt() {
        String id = raise("ljy3-resident", topic("驾驶舱查找: 占道经营的菜摊"));
        Rest.Reply rejected = as("ljy3-party-committee").post("/engine-rest/task/" + task(id).getId() + "/submit-form",
                Rest.variables(java.util.Map.of("decision", "reject", "rejectionReason", "属城管执法事项")));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(204);
        String number = historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";

        logIn(cockpit, "laojunying-street");
        driver.get(cockpit + "#/dashboard");
        WebElement caseNumber = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".xs-case-search input[name=caseNumber]")));
        caseNumber.sendKeys(number);
        driver.findElement(By.cssSelector(".xs-case-search button[type=submit]")).click();
        WebElement open = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".xs-case-open")));
        assertThat(driver.findElement(By.cssSelector(".xs-case-results")).getText())
                .contains(number, "驾驶舱查找: 占道经营的菜摊", "老军营小区第三社区", "已结束");
        open.click();
        WebElement detail = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".xs-case-detail .xs-case")));
        waiting().until(d -> detail.getText().contains("案件记录"));
        browser.screenshot("cockpit-05-finished-case-found-on-the-dashboard");
        assertThat(detail.getText()).contains("驾驶舱查找: 占道经营的菜摊", "已结束", "属城管执法事项")
                .doesNotContain("杜翠萍");
    }

    @Test
    void onTheDashboardACommunityAndTheDistrictSeeTheNumbersTheirCasesProduce_andEachNumberListsThem() {
        Date start = ClockUtil.getCurrentTime();
        // six days on, the topic's review (5 days) is overdue; no timer runs
        Date later = new Date(start.getTime() + 6L * 24 * 3600 * 1000);
        List<String> managers = List.of("ljy3-party-committee", "district");
        Map<String, long[]> before = new HashMap<>();
        ClockUtil.setCurrentTime(later);
        for (String manager : managers) {
            before.put(manager, numbers(manager));
        }
        ClockUtil.setCurrentTime(start);
        String title = unique("驾驶舱看板: 楼道灯不亮");
        raise("ljy3-resident", topic(title));
        ClockUtil.setCurrentTime(later);
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";

        for (String manager : managers) {
            logIn(cockpit, manager);
            driver.get(cockpit + "#/dashboard");
            WebElement steps = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".xs-dashboard-process[data-process=deliberation]")));
            assertThat(steps.getText()).contains("社区协商议事(七步工作法)", "第一步 多种渠道“提议题”", "第七步 张榜公示“受监督”");
            WebElement raised = steps.findElement(By.xpath(".//tr[td[1][starts-with(., '第一步')]]/td[2]"));
            WebElement overdue = driver.findElement(By.cssSelector(".xs-dashboard-communities a[data-cases='overdue=community']"));
            WebElement dashboard = driver.findElement(By.cssSelector(".xs-dashboard"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", dashboard);
            browser.screenshot("cockpit-06-dashboard-as-" + manager);
            assertThat(dashboard.getText()).contains("协商工作看板", "各社区办理中的案件和逾期任务", "逾期 · 社区", "累计数字",
                    "重点协商议题", "微课题", "协商活动(场)", "参与人次", "办结事项", "老军营小区第三社区");
            assertThat(Long.parseLong(raised.getText())).as(manager + ": open at step one").isEqualTo(before.get(manager)[0] + 1);
            assertThat(Long.parseLong(overdue.getText())).as(manager + ": overdue at the community level")
                    .isEqualTo(before.get(manager)[1] + 1);

            raised.findElement(By.tagName("a")).click();
            WebElement listed = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".xs-dashboard-cases .xs-case-table")));
            waiting().until(d -> listed.getText().contains(title));
            assertThat(driver.findElement(By.cssSelector(".xs-dashboard-cases")).getText())
                    .contains("第一步 多种渠道“提议题”", "办理中", "在监控中心打开");
            overdue = driver.findElement(By.cssSelector(".xs-dashboard-communities a[data-cases='overdue=community']"));
            overdue.click();
            waiting().until(d -> d.findElement(By.cssSelector(".xs-dashboard-cases")).getText().contains("逾期 · 社区")
                    && d.findElement(By.cssSelector(".xs-dashboard-cases")).getText().contains(title));
            browser.screenshot("cockpit-07-dashboard-overdue-cases-as-" + manager);
        }
        // another community's manager: the topic neither counts nor lists
        logIn(cockpit, "smj2-party-committee");
        driver.get(cockpit + "#/dashboard");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".xs-dashboard-communities")));
        assertThat(driver.findElement(By.cssSelector(".xs-dashboard")).getText()).doesNotContain("老军营小区第三社区");
    }

    /** What the dashboard's REST resource says: open cases at step one, and overdue tasks at the community level. */
    private long[] numbers(String manager) {
        JsonNode body = as(manager).get("/api/dashboard").json();
        long raised = 0;
        for (JsonNode process : body.path("processes")) {
            if (process.path("key").asText().equals("deliberation")) {
                raised = process.path("steps").get(0).path("open").asLong();
            }
        }
        return new long[] {raised, body.path("overdue").path("total").path("levels").path("community").path("count").asLong()};
    }

    /** Logs in to Cockpit, opens the case's variables and then its tasks; the write actions shown on either. */
    private List<String> visibleWriteActions(String user, String processInstanceId) {
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";
        logIn(cockpit, user);
        driver.get(cockpit + "#/process-instance/" + processInstanceId + "/runtime?tab=variables-tab");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[ng-click^='readStringVar']")));
        assertThat(driver.findElement(By.tagName("body")).getText()).as("the case's variables, read")
                .contains("驾驶舱只读: 楼道堆放杂物");
        // the script that decides runs once the page is there: wait for its verdict either way
        waiting().until(d -> d.findElement(By.tagName("body")).getAttribute("class").contains("xs-read-only")
                || !d.findElements(By.cssSelector("a.btn-toolbar")).stream().filter(WebElement::isDisplayed).toList().isEmpty());
        List<String> shown = new java.util.ArrayList<>(visible());
        driver.get(cockpit + "#/process-instance/" + processInstanceId + "/runtime?tab=user-tasks-tab");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//td[contains(., '受理议题')]")));
        visible().stream().filter(s -> !shown.contains(s)).forEach(shown::add);
        return shown;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSevenStepsReadInOrderOnTheDiagramAtTheZoomCockpitOpensItWith() throws Exception {
        String id = raise("ljy3-resident", topic("驾驶舱流程图: 小区东门路灯不亮"));
        List<String> steps;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("processes/deliberation.bpmn"))) {
            org.camunda.bpm.model.bpmn.BpmnModelInstance model = org.camunda.bpm.model.bpmn.Bpmn.readModelFromStream(in);
            steps = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape.class).stream()
                    .filter(s -> s.getBpmnElement() instanceof org.camunda.bpm.model.bpmn.instance.Group)
                    .sorted(java.util.Comparator.comparingDouble(s -> s.getBounds().getY()))
                    .map(s -> ((org.camunda.bpm.model.bpmn.instance.Group) s.getBpmnElement()).getCategory().getValue())
                    .toList();
        }
        assertThat(steps).hasSize(7);
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";

        logIn(cockpit, "ljy3-party-committee");
        driver.get(cockpit + "#/process-instance/" + id + "/runtime");
        waiting().until(d -> d.findElements(By.cssSelector(".xs-step-name")).size() == steps.size());
        Thread.sleep(1000); // Cockpit fits the diagram once more after its panel has its size
        browser.screenshot("cockpit-08-the-seven-steps-on-the-diagram");
        Map<String, Object> drawn = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                function box(e) { const r = e.getBoundingClientRect();
                  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; }
                const names = Array.from(document.querySelectorAll('.xs-step-name'));
                const svg = names[0].closest('.djs-container');
                const shapes = Array.from(svg.querySelectorAll('.djs-shape'))
                  .filter(s => !s.getAttribute('data-element-id').startsWith('Group_')
                    && !s.getAttribute('data-element-id').endsWith('_label'))
                  .map(s => box(s.querySelector('.djs-visual')));
                const matrix = svg.querySelector('.viewport').transform.baseVal.consolidate().matrix;
                return { names: names.map(n => ({ text: n.innerText.replace(/\\s+/g, ' ').trim(), box: box(n),
                           size: parseFloat(getComputedStyle(n).fontSize) })),
                         panel: box(svg), shapes: shapes, zoom: matrix.a };""");
        List<Map<String, Object>> names = (List<Map<String, Object>>) drawn.get("names");
        List<Map<String, Object>> shapes = (List<Map<String, Object>>) drawn.get("shapes");
        Map<String, Object> panel = (Map<String, Object>) drawn.get("panel");
        double zoom = ((Number) drawn.get("zoom")).doubleValue();
        assertThat(names).extracting(n -> n.get("text")).as("at zoom %.2f", zoom).containsExactlyElementsOf(steps);
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> name = (Map<String, Object>) names.get(i).get("box");
            assertThat(((Number) names.get(i).get("size")).doubleValue()).as("font size of " + steps.get(i))
                    .isGreaterThanOrEqualTo(14);
            assertThat(num(name, "top")).as(steps.get(i) + " in the diagram panel").isGreaterThanOrEqualTo(num(panel, "top"));
            assertThat(num(name, "bottom")).as(steps.get(i) + " in the diagram panel").isLessThanOrEqualTo(num(panel, "bottom"));
            if (i > 0) {
                assertThat(num(name, "top")).as(steps.get(i) + " below the step before")
                        .isGreaterThanOrEqualTo(num((Map<String, Object>) names.get(i - 1).get("box"), "bottom"));
            }
            for (Map<String, Object> shape : shapes) {
                boolean apart = num(name, "right") <= num(shape, "left") || num(shape, "right") <= num(name, "left")
                        || num(name, "bottom") <= num(shape, "top") || num(shape, "bottom") <= num(name, "top");
                assertThat(apart).as("%s over a shape at %s (zoom %.2f)", steps.get(i), shape, zoom).isTrue();
            }
        }
    }

    private static double num(Map<String, Object> box, String key) {
        return ((Number) box.get(key)).doubleValue();
    }

    /** Logged out, a fresh page (Cockpit keeps its state across a change of the hash alone), and a login. */
    private static void logIn(String cockpit, String user) {
        driver.manage().deleteAllCookies(); // the application's, while on its page
        driver.get("about:blank");
        Browser.signIn(driver, cockpit, user, DEMO_PASSWORD);
    }

    private static List<String> visible() {
        return WRITE_ACTIONS.stream()
                .filter(css -> driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed))
                .toList();
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(200));
        return wait;
    }
}
