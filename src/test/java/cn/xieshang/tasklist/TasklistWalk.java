package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.Browser;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.WebDriver;

/**
 * Tests that use Camunda Tasklist in headless Chromium as the demo users do: one browser per test class, a Chinese
 * browser in China ({@link Browser#chinese()}). The walks start a case with its start form and
 * take every user task in the browser, each found by the acting user through their filter; timers and asynchronous
 * steps are driven by the test on the engine clock, as the job executor would. Needs the Debian packages
 * {@code chromium} and {@code chromium-driver}; skipped without them.
 */
abstract class TasklistWalk extends IntegrationTest {

    static final String NO_BROWSER = "chromium not installed: apt-get install chromium chromium-driver fonts-noto-cjk";

    private static Browser browser;
    private static WebDriver driver;

    protected Tasklist tasklist;
    /** The forms completed in the browser in this test, start forms included, in order. */
    protected final List<String> walked = new ArrayList<>();

    /** Keeps what the browser showed when a test failed. */
    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (tasklist != null) {
                String name = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName();
                try {
                    tasklist.evidence(name);
                } catch (IOException | RuntimeException e) {
                    // best effort
                }
            }
        }
    };

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(browserInstalled(), NO_BROWSER);
        browser = Browser.chinese();
        driver = browser.driver();
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
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

    @BeforeEach
    void openTasklist() {
        tasklist = new Tasklist(driver, port);
    }

    // ---------------------------------------------------------------- people acting in Tasklist

    /**
     * The user starts a process in Tasklist with its start form (发起流程), filled by {@code fill}; returns the new case,
     * found by its title, once its first asynchronous steps ran.
     */
    protected String startInTasklist(String user, String processKey, String processName, String title,
                                     Consumer<Tasklist> fill) {
        tasklist.logIn(user);
        tasklist.screen("home");
        tasklist.startProcess(processName);
        String form = startForm(processKey);
        tasklist.screen(form);
        fill.accept(tasklist);
        tasklist.screen(form + "-filled");
        tasklist.submitStart();
        String error = tasklist.errorOr(() -> instances(processKey, title).size() == 1);
        assertThat(error).as(user + " starting " + processKey + " in Tasklist").isNull();
        tasklist.waitUntil(() -> !tasklist.isModalOpen());
        walked.add(form);
        String id = instances(processKey, title).get(0).getId();
        runAsync(id);
        tasklist.screen(form + "-started");
        return id;
    }

    /**
     * The user finds the case's task (its key, in the case or a case it called) through the filter, opens it, claims
     * it when it is offered rather than assigned, fills it with {@code fill} and completes it; then the case's
     * asynchronous steps run.
     */
    protected void act(String user, String filter, String caseId, String taskKey, Consumer<Tasklist> fill) {
        Task task = taskFor(user, caseId, taskKey);
        String form = formOf(task);
        assertThat(listedBy(user, filter)).as(user + "'s filter " + filter + " lists " + taskKey).contains(task.getId());
        tasklist.logIn(user);
        String title = String.valueOf(runtimeService.getVariable(task.getProcessInstanceId(), "title"));
        switch (filter) {
            case Tasklist.MY_TASKS -> tasklist.openMyTask(title, task);
            case Tasklist.GROUP_TASKS -> tasklist.openGroupTask(title, task);
            default -> tasklist.openFromFilter(filter, title, task);
        }
        tasklist.screen(form);
        tasklist.claimIfOffered();
        fill.accept(tasklist);
        tasklist.screen(form + "-filled");
        completeInBrowser(user, task);
        walked.add(form);
        runAsync(caseId);
    }

    /** The ids of the tasks the filter lists for the user, as the engine answers Tasklist. */
    private List<String> listedBy(String user, String filter) {
        String filterId = engine.getFilterService().createFilterQuery().filterName(filter).singleResult().getId();
        List<String> ids = new ArrayList<>();
        as(user).get("/engine-rest/filter/" + filterId + "/list?maxResults=5000").json()
                .forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** Clicks Complete and waits until the engine has the task completed; a refusal Tasklist shows fails the test. */
    protected void completeInBrowser(String user, Task task) {
        tasklist.complete();
        String error = tasklist.errorOr(() -> taskService.createTaskQuery().taskId(task.getId()).count() == 0);
        assertThat(error).as(user + " completing " + task.getTaskDefinitionKey() + " in Tasklist").isNull();
    }

    /**
     * A step already walked in the browser by another test, taken over REST to reach a branch quickly (only used
     * before a branch's own steps, which are walked in the browser).
     */
    protected void completeOverRest(String user, String caseId, String taskKey, Map<String, ?> values) {
        Task task = taskFor(user, caseId, taskKey);
        Rest.Reply reply = as(user).post("/engine-rest/task/" + task.getId() + "/submit-form", Rest.variables(values));
        assertThat(reply.status()).as(user + " completing " + taskKey + " over REST: " + reply.body()).isEqualTo(204);
        runAsync(caseId);
    }

    /** Starts a case over REST with its start form's values, to reach a branch quickly; returns its id. */
    protected String startOverRest(String user, String processKey, Map<String, ?> values) {
        Rest.Reply reply = as(user).post("/engine-rest/process-definition/key/" + processKey + "/submit-form",
                Rest.variables(values));
        assertThat(reply.status()).as(user + " starting " + processKey + " over REST: " + reply.body()).isEqualTo(200);
        String id = reply.json().get("id").asText();
        runAsync(id);
        return id;
    }

    /** The forms walked in the browser in this test are exactly these (each at least once). */
    protected void assertWalked(List<String> forms) {
        assertThat(new LinkedHashSet<>(walked)).as("forms completed in Tasklist").containsExactlyInAnyOrderElementsOf(forms);
    }

    // ---------------------------------------------------------------- the engine

    /** The open task with this key in the case tree that this user acts on: theirs, offered to them, or their group's. */
    protected Task taskFor(String user, String caseId, String taskKey) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceIdIn(caseTree(caseId).toArray(String[]::new))
                .taskDefinitionKey(taskKey).initializeFormKeys().list();
        assertThat(tasks).as("open " + taskKey + "; waiting at " + waitingAt(caseId)).isNotEmpty();
        if (tasks.size() == 1) {
            return tasks.get(0);
        }
        return tasks.stream().filter(t -> user.equals(t.getAssignee())).findFirst()
                .or(() -> tasks.stream().filter(t -> taskService.getIdentityLinksForTask(t.getId()).stream()
                        .map(IdentityLink::getUserId).anyMatch(user::equals)).findFirst())
                .orElse(tasks.get(0));
    }

    private String formOf(Task task) {
        assertThat(task.getCamundaFormRef()).as(task.getTaskDefinitionKey() + " has a Camunda Form").isNotNull();
        return task.getCamundaFormRef().getKey();
    }

    private String startForm(String processKey) {
        ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(processKey).latestVersion().withoutTenantId().singleResult();
        return engine.getFormService().getStartFormData(definition.getId()).getCamundaFormRef().getKey();
    }

    private List<ProcessInstance> instances(String processKey, String title) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(processKey)
                .variableValueEquals("title", title).list();
    }

    /** The case and every case below it (escalations, deliberations and theirs). */
    protected List<String> caseTree(String id) {
        List<String> tree = new ArrayList<>(List.of(id));
        for (int i = 0; i < tree.size(); i++) {
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(tree.get(i)).list()
                    .forEach(p -> tree.add(p.getId()));
        }
        return tree;
    }

    protected List<String> waitingAt(String id) {
        return taskService.createTaskQuery().processInstanceIdIn(caseTree(id).toArray(String[]::new)).list().stream()
                .map(Task::getTaskDefinitionKey).distinct().sorted().toList();
    }

    /** Runs the due asynchronous steps of the case tree (not task mails, not timers), as the job executor would. */
    protected void runAsync(String id) {
        runDue(id, false);
    }

    /** Lets days pass on the engine clock, timer by timer, running what falls due in the case tree. */
    protected void passTime(String id, double days) {
        letTimePass(days, () -> caseTree(id), () -> runDue(id, true));
    }

    private void runDue(String id, boolean timers) {
        for (int round = 0; round < 50; round++) {
            List<Job> due = caseTree(id).stream()
                    .flatMap(p -> managementService.createJobQuery().processInstanceId(p).executable().list().stream())
                    .filter(j -> !TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType()))
                    .filter(j -> timers || !(j instanceof TimerEntity))
                    .toList();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                // an earlier job may have removed this one (an interrupting timer ends its siblings)
                if (managementService.createJobQuery().jobId(job.getId()).count() > 0) {
                    managementService.executeJob(job.getId());
                }
            }
        }
        throw new AssertionError("The case keeps producing jobs: " + id);
    }

    /** Where the case ended. */
    protected String endedAt(String id) {
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).as("case ended").isZero();
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId();
    }

    protected Object variable(String id, String name) {
        if (runtimeService.createProcessInstanceQuery().processInstanceId(id).count() > 0) {
            return runtimeService.getVariable(id, name);
        }
        var v = historyService.createHistoricVariableInstanceQuery().processInstanceId(id).variableName(name)
                .singleResult();
        return v == null ? null : v.getValue();
    }

    /** How a form's select or checklist names a person of a pool variable ({@code [{"label", "value"}]}). */
    protected String label(String processInstanceId, String pool, String userId) {
        SpinJsonNode options = (SpinJsonNode) runtimeService.getVariable(processInstanceId, pool);
        return options.elements().stream().filter(o -> o.prop("value").stringValue().equals(userId))
                .map(o -> o.prop("label").stringValue()).findFirst()
                .orElseThrow(() -> new AssertionError(userId + " not in " + pool + ": " + options));
    }

    /** Today on the engine clock in the server's time zone: what the forms' date rules compare with. */
    protected static LocalDate today() {
        return LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
    }
}
