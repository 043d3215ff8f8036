package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.notification.TaskMailPlugin;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.io.IOException;
import java.net.ServerSocket;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * {@code /actuator/prometheus} is Prometheus's text format, and its numbers move by exactly what a case did: a concern
 * raised, a refused one, its mails (one failing first), its tasks falling overdue, the case cancelled.
 */
class MetricsTest extends IntegrationTest {

    static final String COMMUNITY = "laojunying-3";
    static final Set<String> GROUPS = Set.of("engine-rest", "api", "webapps", "open311", "residents", "notices",
            "actuator", "other");

    @Autowired
    Workload workload;
    @Autowired
    JavaMailSenderImpl mailSender;

    @Test
    void theCountersAndGaugesMoveByWhatTheCaseDid() throws IOException {
        PrometheusText before = scrape();
        int mailsBefore = MAIL.getReceivedMessages().length;

        // a concern raised, and one refused by its form (no title)
        Rest.Reply raised = as("ljy3-resident").post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(ConcernWalk.concern("指标测试: 楼道灯不亮")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        String id = raised.json().get("id").asText();
        executeAsyncSteps(id);
        Map<String, Object> untitled = ConcernWalk.concern("");
        Rest.Reply refused = as("ljy3-resident").post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(untitled));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);

        // its task mails: the first fails once, then goes out on its retry
        List<Job> mails = managementService.createJobQuery().processInstanceId(id).list().stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).toList();
        assertThat(mails).isNotEmpty();
        int port = mailSender.getPort();
        mailSender.setPort(closedPort());
        try {
            assertThatThrownBy(() -> managementService.executeJob(mails.get(0).getId())).isInstanceOf(Exception.class);
        } finally {
            mailSender.setPort(port);
        }
        mails.forEach(job -> managementService.executeJob(job.getId()));
        int mailsSent = MAIL.getReceivedMessages().length - mailsBefore;

        PrometheusText after = scrape();
        assertThat(delta(before, after, "xieshang_cases_started_total", "process", "concern")).isEqualTo(1);
        assertThat(delta(before, after, "xieshang_form_refusals_total", "form", "raise-concern")).isEqualTo(1);
        assertThat(delta(before, after, "camunda_process_instances_running", "process", "concern")).isEqualTo(1);
        assertThat(delta(before, after, "xieshang_mails_total", "outcome", "failed", "attempt", "first")).isEqualTo(1);
        assertThat(delta(before, after, "xieshang_mails_total", "outcome", "sent", "attempt", "retry")).isEqualTo(1);
        assertThat(delta(before, after, "xieshang_mails_total", "outcome", "sent")).isEqualTo(mailsSent);
        long caseTasks = taskService.createTaskQuery().processInstanceId(id).count();
        String level = String.valueOf(runtimeService.getVariable(id, "handlingLevel"));
        assertThat(caseTasks).isPositive();
        assertThat(delta(before, after, "xieshang_tasks_open", "community", COMMUNITY)).isEqualTo(caseTasks);
        assertThat(delta(before, after, "xieshang_tasks_open", "community", COMMUNITY, "level", level)).isEqualTo(caseTasks);
        assertThat(delta(before, after, "xieshang_tasks_overdue", "community", COMMUNITY)).isZero();

        // two days on, what was due by then is overdue: the gauge is the Tasklist filter's count
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + 2 * 24 * 3600 * 1000L));
        PrometheusText later = scrape();
        assertThat(later.sum("xieshang_tasks_overdue", "community", COMMUNITY)).isEqualTo(taskService.createTaskQuery()
                .tenantIdIn(COMMUNITY).dueBefore(ClockUtil.getCurrentTime()).count());
        ClockUtil.reset();

        runtimeService.deleteProcessInstance(id, "指标测试结束");
        PrometheusText ended = scrape();
        assertThat(delta(after, ended, "xieshang_cases_finished_total", "process", "concern", "outcome", "cancelled"))
                .isEqualTo(1);
        assertThat(delta(before, ended, "camunda_process_instances_running", "process", "concern")).isZero();
        assertThat(delta(before, ended, "xieshang_tasks_open", "community", COMMUNITY)).isZero();
    }

    @Test
    void labelsAreBounded_noCaseEverALabel() {
        Rest.Reply raised = as("ljy3-resident").post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(ConcernWalk.concern("指标测试: 标签")));
        String id = raised.json().get("id").asText();
        as("ljy3-resident").get("/engine-rest/process-instance/" + id);
        anonymousClient().get("/follow/no-such-token");

        String text = as("admin").get("/actuator/prometheus").body();
        PrometheusText scraped = PrometheusText.parse(text);

        assertThat(text).doesNotContain(id);
        List<PrometheusText.Sample> requests = scraped.all("http_server_requests_seconds_count");
        assertThat(requests).isNotEmpty();
        assertThat(requests).allSatisfy(s -> assertThat(s.labels().get("uri")).isIn(GROUPS));
        assertThat(requests).anySatisfy(s -> assertThat(s.labels().get("uri")).isEqualTo("engine-rest"));
        assertThat(requests).anySatisfy(s -> assertThat(s.labels().get("uri")).isEqualTo("residents"));
        assertThat(scraped.all("xieshang_tasks_open")).hasSizeLessThanOrEqualTo(71 * 5);
        assertThat(scraped.all("camunda_jobs_total")).hasSize(EngineCounters.JOB_EVENTS.size());
        // every form's refusals from zero, one series a form
        assertThat(scraped.all("xieshang_form_refusals_total")).hasSize(
                Objects.requireNonNull(Path.of("forms").toFile().list((dir, name) -> name.endsWith(".form"))).length);
        runtimeService.deleteProcessInstance(id, "指标测试结束");
    }

    /** The Grafana dashboard imports with a Prometheus data source and charts only metrics the application has. */
    @Test
    void theDashboardChartsWhatIsScraped() throws IOException {
        JsonNode dashboard = Rest.JSON.readTree(Path.of("docs/ops/grafana-dashboard.json").toFile());
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        Set<String> scraped = new HashSet<>();
        scrape().samples().forEach(s -> scraped.add(s.name()));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThan(10);
        for (String expression : expressions) {
            Matcher metric = Pattern.compile("\\b(xieshang|camunda|http_server)_[a-z_]+").matcher(expression);
            while (metric.find()) {
                assertThat(scraped).as(expression).contains(metric.group());
            }
        }
    }

    @Test
    void theParserIsStrict() {
        assertThat(PrometheusText.parse("# TYPE a counter\na_total{x=\"1\\\"2\"} 3.0\n").sum("a_total", "x", "1\"2"))
                .isEqualTo(3.0);
        for (String bad : List.of("a_total 1\n", "# TYPE a counter\na_bucket 1\n", "# TYPE a gauge\na{x=1} 1\n",
                "# TYPE a gauge\na 1\na 2\n", "# TYPE a gauge\na one\n", "# something\n")) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(AssertionError.class);
        }
    }

    private PrometheusText scrape() {
        workload.forget();
        Rest.Reply reply = as("admin").get("/actuator/prometheus");
        assertThat(reply.status()).isEqualTo(200);
        return PrometheusText.parse(reply.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
