package cn.xieshang.residents;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** A resident at the public pages over plain HTTP, and the staff's steps done on the engine. */
abstract class ResidentWalk extends IntegrationTest {

    static final String COMMUNITY = "laojunying-3";
    static final String GRID_WORKER = "ljy3-grid-worker";
    static final String NAME = "郝秀英";
    static final String PHONE = "13766554433";
    static final String EMAIL = "hao.xiuying@example.cn";

    record Page(int status, String body, java.net.http.HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final Pattern STAMP = Pattern.compile("name=\"stamp\" value=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("id=\"followUpLink\" href=\"(/follow/[A-Za-z0-9_-]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Autowired
    AbuseGuard guard;
    @Autowired
    FormService formService;

    @BeforeEach
    void cleanSlate() throws Exception {
        guard.forget();
        MAIL.purgeEmailFromAllMailboxes();
    }

    static Map<String, String> concern(String title, boolean anonymous) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("communityId", COMMUNITY);
        values.put("title", title);
        values.put("description", "楼道里的声控灯坏了两个月, 晚上老人上下楼看不见。");
        values.put("location", "农场小区5号楼2单元");
        values.put("category", "facilities");
        values.put("scope", "building");
        values.put("urgency", "normal");
        if (anonymous) {
            values.put("anonymous", "true");
        } else {
            values.put("requesterName", NAME);
            values.put("requesterContact", PHONE);
            values.put("requesterEmail", EMAIL);
        }
        return values;
    }

    Page get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Page post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh form's stamp, then the time a person takes to fill it in. */
    String servedStamp() {
        Matcher stamp = STAMP.matcher(get("/raise").body());
        assertThat(stamp.find()).isTrue();
        later(5);
        return stamp.group(1);
    }

    /** Submits the form as a person would (a served stamp, the honeypot empty, some seconds to fill it in). */
    Page submit(Map<String, String> values) {
        Map<String, String> form = new LinkedHashMap<>(values);
        if (!form.containsKey("stamp")) {
            form.put("stamp", servedStamp());
        }
        form.putIfAbsent("website", "");
        return post("/raise", form);
    }

    /** Raises a concern; returns the follow-up page's path. */
    String raise(Map<String, String> values) {
        Page page = submit(values);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Matcher link = LINK.matcher(page.body());
        assertThat(link.find()).as(page.body()).isTrue();
        return link.group(1);
    }

    String caseOf(String path) {
        return links.caseOf(path.substring("/follow/".length())).orElseThrow();
    }

    @Autowired
    FollowUpLinks links;

    static String body(jakarta.mail.internet.MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void later(int seconds) {
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + seconds * 1000L));
    }

    long concerns() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count();
    }

    // ---------------------------------------------------------------- the staff's steps, on the engine

    void step(String id, String key, Map<String, Object> values) {
        Task task = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(key).singleResult();
        assertThat(task).as("open " + key).isNotNull();
        formService.submitTaskForm(task.getId(), values);
        executeAsyncSteps(id);
    }

    /** Dispatched to the grid worker, accepted and settled with this result. */
    void settle(String id, String result) {
        step(id, "Task_DispatchConcern", Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        step(id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));
        step(id, "Task_HandleConcern", Map.of("handlingOutcome", "settled", "handlingNotes", result));
    }

    String waitingAt(String id) {
        Task task = taskService.createTaskQuery().processInstanceId(id).singleResult();
        return task == null ? null : task.getTaskDefinitionKey();
    }

    String endedAt(String id) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId();
    }
}
