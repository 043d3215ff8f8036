package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The JSON log lines of profile {@code json-logs}: the same encoder (Spring Boot's structured logging, ECS) fed with
 * every event the application logs while a concern with a named requester is raised and a form of it is refused.
 * A line about the case carries its number and community; no line carries the requester's name, phone or mail; a
 * refused form is one line with the Chinese reason and no stack trace.
 */
class JsonLogsTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESIDENT = "ljy3-resident";
    private static final String DISPATCHER = "ljy3-residents-committee";
    private static final String COMMUNITY = "laojunying-3";

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // the engine's own lines while it walks the case (DEBUG: it logs nothing at INFO for an ordinary step)
    private final Logger steps = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.pvm");
    private Level stepsLevel;
    private AppenderBase<ILoggingEvent> appender;

    @BeforeEach
    void captureJsonLines() {
        LoggerContext context = root.getLoggerContext();
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        stepsLevel = steps.getLevel();
        steps.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopCapturing() {
        steps.setLevel(stepsLevel);
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void aCasesLinesCarryItsNumberAndCommunityAndNothingOfTheRequester() throws Exception {
        Map<String, Object> values = ConcernWalk.concern(unique("楼道灯不亮"));
        String requesterName = (String) values.get("requesterName");
        String requesterPhone = (String) values.get("requesterContact");
        String requesterMail = (String) values.get("requesterEmail");
        Rest.Reply raised = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(values));
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        String id = raised.json().get("id").asText();
        executeAsyncSteps(id);
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
        String caseNumber = instance.getBusinessKey();
        assertThat(caseNumber).isNotBlank();
        assertThat(instance.getTenantId()).isEqualTo(COMMUNITY);

        Task dispatch = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_DispatchConcern")
                .singleResult();
        int before = lines.size();
        Rest.Reply refused = as(DISPATCHER).post("/engine-rest/task/" + dispatch.getId() + "/submit-form",
                Rest.variables(Map.of("dispatchDecision", "weather")));
        assertThat(refused.status()).isEqualTo(400);

        List<JsonNode> all = parsed(lines);
        assertThat(all).as("the engine's lines while it walks the case")
                .anySatisfy(line -> {
                    assertThat(text(line, "caseNumber")).isEqualTo(caseNumber);
                    assertThat(text(line, "community")).isEqualTo(COMMUNITY);
                });
        List<JsonNode> refusal = parsed(lines.subList(before, lines.size()));
        List<JsonNode> refusalLines = refusal.stream().filter(l -> text(l, "message").contains("dispatchDecision")
                || text(l, "message").contains("交办方式")).toList();
        assertThat(refusalLines).as("one line for the refused form: " + refusal).hasSize(1);
        JsonNode line = refusalLines.get(0);
        assertThat(text(line, "log.level")).isEqualTo("INFO");
        assertThat(text(line, "message")).contains("输入有误").contains("不是可选的值");
        assertThat(text(line, "caseNumber")).isEqualTo(caseNumber);
        assertThat(text(line, "community")).isEqualTo(COMMUNITY);
        assertThat(refusal).as("no stack trace for a refusal").allSatisfy(l ->
                assertThat(l.toString()).doesNotContain("stack_trace").doesNotContain("\\tat "));

        String everything = String.join("\n", lines);
        assertThat(everything).doesNotContain(requesterName).doesNotContain(requesterPhone)
                .doesNotContain(requesterMail).doesNotContain("lu.yao@");
    }

    @Test
    void aRefusedStartFormIsOneLineWithoutStackTrace() throws Exception {
        Map<String, Object> values = ConcernWalk.concern(unique("楼道灯不亮"));
        values.put("requesterContact", "请打电话");
        Rest.Reply refused = as(RESIDENT).post("/engine-rest/process-definition/key/concern/submit-form",
                Rest.variables(values));
        assertThat(refused.status()).isEqualTo(400);

        List<JsonNode> all = parsed(lines);
        List<JsonNode> refusal = all.stream().filter(l -> text(l, "message").contains("requesterContact")
                || text(l, "message").contains("格式不正确")).toList();
        assertThat(refusal).as("one line for the refused start: " + all).hasSize(1);
        assertThat(text(refusal.get(0), "message")).contains("输入有误");
        assertThat(text(refusal.get(0), "community")).as("the community it was raised in").isEqualTo(COMMUNITY);
        assertThat(all).allSatisfy(l -> assertThat(l.toString()).doesNotContain("stack_trace"));
        assertThat(String.join("\n", lines)).doesNotContain((String) values.get("requesterName"))
                .doesNotContain("请打电话").doesNotContain("lu.yao@");
    }

    private static List<JsonNode> parsed(List<String> jsonLines) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : List.copyOf(jsonLines)) {
            assertThat(line).endsWith("\n").doesNotContain("\n".repeat(2));
            assertThat(line.strip()).doesNotContain("\n"); // one line per event
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    /** A field of a line, also when the formatter nests a dotted name ({@code log.level} as {@code log: {level}}). */
    private static String text(JsonNode line, String field) {
        JsonNode node = line.get(field);
        if (node == null && field.contains(".")) {
            node = line;
            for (String part : field.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
        }
        return node == null || node.isNull() ? "" : node.asText();
    }
}
