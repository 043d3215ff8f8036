package cn.xieshang.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a real engine and database, with the demo organisation, serving HTTP on a random
 * port, and sending mail over SMTP to a GreenMail server run by the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public abstract class IntegrationTest {

    public static final String DEMO_PASSWORD = "demo";
    public static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected ProcessEngine engine;
    @Autowired
    protected RuntimeService runtimeService;
    @Autowired
    protected TaskService taskService;
    @Autowired
    protected HistoryService historyService;
    @Autowired
    protected ManagementService managementService;
    @Autowired
    protected IdentityService identityService;

    /**
     * The REST API and the webapps find the engine by name in Camunda's static registry, where the last application
     * context started in this JVM (a test with its own configuration, a second node) has put its own: each test
     * puts back the engine of the context it runs in.
     */
    @BeforeEach
    void serveThisContextsEngine() {
        org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    protected Rest as(String user) {
        return new Rest(port, user, DEMO_PASSWORD);
    }

    protected Rest anonymousClient() {
        return new Rest(port, null, null);
    }

    /** A complete, valid topic as the raise-topic form submits it. */
    public static Map<String, Object> topic(String title) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("description", "3幢楼54户居民,没有车棚和充电桩,飞线充电、电动自行车入户现象严重。");
        values.put("location", "水利大厦宿舍");
        values.put("category", "charging");
        values.put("channel", "face-to-face");
        values.put("requesterName", "杜翠萍");
        values.put("requesterContact", "13912345678");
        return values;
    }

    /** Starts a deliberation over REST as the given user through the start form; returns the instance id. */
    protected String raise(String user, Map<String, Object> values) {
        Rest.Reply reply = as(user).post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(values));
        if (reply.status() != 200) {
            throw new AssertionError("Raising the topic failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("id").asText();
    }

    protected Task task(String processInstanceId) {
        return taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
    }

    /**
     * Runs the case's due asynchronous steps (not its mail jobs or timers), as the job executor would, until the case
     * waits for a person or a timer.
     */
    protected void executeAsyncSteps(String processInstanceId) {
        runDueJobs(managementService.createJobQuery().processInstanceId(processInstanceId).executable().messages());
    }

    /** Runs every case's due asynchronous steps (not task mails or timers), as the job executor would. */
    protected void executeDueSteps() {
        runDueJobs(managementService.createJobQuery().executable().messages());
    }

    /** Lets days pass on the engine clock and runs what falls due in the running cases, as the job executor would. */
    protected void passTime(double days) {
        letTimePass(days, this::runningCases, () -> {
            java.util.Set<String> running = runningCases();
            if (!running.isEmpty()) { // every case may have ended on the way
                runDueJobs(managementService.createJobQuery().executable().processInstanceIds(running));
            }
        });
    }

    private java.util.Set<String> runningCases() {
        java.util.Set<String> running = new java.util.HashSet<>();
        runtimeService.createProcessInstanceQuery().list().forEach(p -> running.add(p.getId()));
        return running;
    }

    /**
     * Moves the engine clock forward by {@code days}, stopping at each timer of the cases that falls due on the way,
     * earliest first, and running what is due there ({@code runDue}) — as a job executor that never sleeps would.
     * Jumping straight to the end would fire a reminder and the deadline it warns of in one batch, in any order.
     */
    protected void letTimePass(double days, Supplier<? extends Collection<String>> cases, Runnable runDue) {
        Date end = new Date(ClockUtil.getCurrentTime().getTime() + (long) (days * 24 * 3600 * 1000));
        for (int stop = 0; stop < 1000; stop++) {
            Collection<String> ids = cases.get();
            List<Job> next = ids.isEmpty() ? List.of() : managementService.createJobQuery().timers()
                    .processInstanceIds(new java.util.HashSet<>(ids)).withRetriesLeft()
                    .duedateLowerThan(new Date(end.getTime() + 1)).orderByJobDuedate().asc().listPage(0, 1);
            if (next.isEmpty()) {
                ClockUtil.setCurrentTime(end);
                runDue.run();
                return;
            }
            Date due = next.get(0).getDuedate();
            if (due.after(ClockUtil.getCurrentTime())) {
                ClockUtil.setCurrentTime(due);
            }
            runDue.run();
        }
        throw new AssertionError("Timers keep falling due before " + end);
    }

    /**
     * Tests start the engine clock at the hour {@code -Dxieshang.test.clock=HH:mm} (China time) of today when it is
     * given, so that CI can prove the time-driven tests pass at any hour of the day.
     */
    @BeforeEach
    void startClock() {
        String at = System.getProperty("xieshang.test.clock");
        if (at != null && !at.isBlank()) {
            ZoneId china = ZoneId.of("Asia/Shanghai");
            ClockUtil.setCurrentTime(Date.from(LocalDate.now(china).atTime(LocalTime.parse(at)).atZone(china).toInstant()));
        }
    }

    /** Runs the jobs the query finds (never the task mails: tests deliver those themselves) until none is left. */
    private void runDueJobs(org.camunda.bpm.engine.runtime.JobQuery query) {
        for (int i = 0; i < 100; i++) {
            List<Job> due = query.list().stream()
                    .filter(j -> !cn.xieshang.notification.TaskMailPlugin.JOB_TYPE.equals(
                            ((org.camunda.bpm.engine.impl.persistence.entity.JobEntity) j).getJobHandlerType()))
                    .toList();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                // an earlier job of the batch may have removed this one (an interrupting timer ends its siblings)
                if (managementService.createJobQuery().jobId(job.getId()).count() > 0) {
                    managementService.executeJob(job.getId());
                }
            }
        }
        throw new AssertionError("The cases keep producing jobs");
    }

    /** The mails the test's SMTP server received for one address. */
    protected static List<jakarta.mail.internet.MimeMessage> mailsTo(String address) {
        return java.util.Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    protected static String subject(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected List<Job> jobs(String processInstanceId) {
        return managementService.createJobQuery().processInstanceId(processInstanceId).list();
    }

    private static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A title no other case of the test run has. Digits only: the cases of all tests share one database and so one
     * Tasklist, whose screens the walks check for stray ASCII letters (a hex suffix such as 3ffa4d reads as English).
     */
    protected static String unique(String title) {
        return title + " " + (System.currentTimeMillis() % 100000) + CASES.incrementAndGet();
    }
}
