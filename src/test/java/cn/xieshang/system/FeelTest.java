package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Feel} decides as Camunda's own FEEL integration does: every decision table in {@code processes/} evaluated
 * by both on the same inputs (each input's values as the table names them, another value, nothing), every hide
 * condition of {@code forms/} and a set of expressions using built-in functions, lists, dates and failures.
 */
class FeelTest {

    private static final DmnEngine CAMUNDA = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private static final DmnEngine OURS = ((DefaultDmnEngineConfiguration) DmnEngineConfiguration
            .createDefaultDmnEngineConfiguration()).feelEngineFactory(Feel::standard).buildEngine();
    private static final FeelEngineApi PLAIN = FeelEngineBuilder.forJava().build();
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"|(?<![\\w.])(-?\\d+(?:\\.\\d+)?)(?![\\w.])");

    static Stream<Path> tables() throws IOException {
        return Files.list(Path.of("processes")).filter(p -> p.toString().endsWith(".dmn")).sorted();
    }

    @ParameterizedTest
    @MethodSource("tables")
    void everyTableDecidesAsCamundasOwnFeel(Path table) throws IOException {
        String xml = Files.readString(table);
        List<DmnDecision> camunda;
        List<DmnDecision> ours;
        try (InputStream a = Files.newInputStream(table); InputStream b = Files.newInputStream(table)) {
            camunda = CAMUNDA.parseDecisions(a);
            ours = OURS.parseDecisions(b);
        }
        int compared = 0;
        for (Map<String, Object> input : inputs(xml)) {
            for (int i = 0; i < camunda.size(); i++) {
                assertThat(outcome(OURS, ours.get(i), input))
                        .as("%s with %s", table.getFileName(), input)
                        .isEqualTo(outcome(CAMUNDA, camunda.get(i), input));
                compared++;
            }
        }
        assertThat(compared).as("inputs tried for " + table).isGreaterThan(2);
    }

    @Test
    void everyHideConditionOfTheFormsAsThePlainEngine() throws IOException {
        Pattern hide = Pattern.compile("\"hide\"\\s*:\\s*\"=((?:[^\"\\\\]|\\\\.)*)\"");
        Set<String> conditions = new LinkedHashSet<>();
        try (Stream<Path> forms = Files.list(Path.of("forms"))) {
            for (Path form : forms.sorted().toList()) {
                Matcher m = hide.matcher(Files.readString(form));
                while (m.find()) {
                    conditions.add(m.group(1).replace("\\\"", "\""));
                }
            }
        }
        assertThat(conditions).hasSizeGreaterThan(10);
        for (String condition : conditions) {
            for (Map<String, Object> variables : variablesFor(condition)) {
                assertSame(condition, variables);
            }
        }
    }

    @Test
    void builtInFunctionsListsDatesAndFailuresAsThePlainEngine() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("title", "楼道堆物");
        variables.put("n", 7);
        variables.put("items", List.of(Map.of("a", 1), Map.of("a", 3)));
        variables.put("today", "2026-12-02");
        variables.put("nothing", null);
        for (String expression : List.of("upper case(\"ab\") + lower case(\"CD\")", "string length(title)",
                "contains(title, \"堆\")", "n * 3 / 2", "floor(n / 2)", "sum(for i in items return i.a)",
                "count(items[a > 1])", "date(today) + duration(\"P3D\")", "date(today) > date(\"2026-01-01\")",
                "string join([\"a\", \"b\"], \"、\")", "if n > 5 then \"大\" else \"小\"", "nothing = null",
                "missing = null", "missing > 1", "n > \"text\"", "date(\"not a date\")", "1 +", "substring(title, 2)",
                "list contains([\"x\", \"y\"], \"y\")", "{a: n, b: title}.a", "today() instance of date",
                "assert(n, n > 100)")) {
            assertSame(expression, variables);
        }
    }

    private static void assertSame(String expression, Map<String, Object> variables) {
        EvaluationResult plain = PLAIN.evaluateExpression(expression, variables);
        Object ours;
        try {
            ours = Feel.standard().evaluate(expression, variables);
        } catch (org.camunda.bpm.dmn.feel.impl.FeelException e) {
            assertThat(plain.isSuccess()).as("%s with %s failed here (%s) but not in feel-scala", expression,
                    variables, e.getMessage()).isFalse();
            return;
        }
        assertThat(plain.isSuccess()).as("%s with %s: %s", expression, variables,
                plain.isSuccess() ? "" : plain.failure().message()).isTrue();
        assertThat(ours).as("%s with %s", expression, variables).isEqualTo(plain.result());
    }

    private static String outcome(DmnEngine engine, DmnDecision decision, Map<String, Object> input) {
        try {
            return String.valueOf(engine.evaluateDecision(decision, Variables.fromMap(input)).getResultList());
        } catch (RuntimeException e) {
            // the message names the engine's own class; the kind of failure and its FEEL cause must agree
            return e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("^[A-Z]+-\\d+ ", "");
        }
    }

    /** Each input of a table with the values its rules name, one more and null: 200 combinations spread evenly over all. */
    private static List<Map<String, Object>> inputs(String xml) {
        Matcher input = Pattern.compile("<input\\b.*?<inputExpression[^>]*typeRef=\"(\\w+)\"[^>]*>\\s*<text>(.*?)</text>",
                Pattern.DOTALL).matcher(xml);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        while (input.find()) {
            types.add(input.group(1));
            names.add(input.group(2).trim());
        }
        List<List<String>> cells = new ArrayList<>();
        names.forEach(n -> cells.add(new ArrayList<>()));
        Matcher rule = Pattern.compile("<rule\\b.*?</rule>", Pattern.DOTALL).matcher(xml);
        while (rule.find()) {
            Matcher entry = Pattern.compile("<inputEntry[^>]*>\\s*<text>(.*?)</text>", Pattern.DOTALL).matcher(rule.group());
            for (int i = 0; entry.find() && i < names.size(); i++) {
                cells.get(i).add(entry.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            }
        }
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Set<Object> candidates = new LinkedHashSet<>();
            for (String cell : cells.get(i)) {
                Matcher literal = LITERAL.matcher(cell);
                while (literal.find()) {
                    candidates.add(literal.group(1) != null ? literal.group(1) : number(literal.group(2)));
                }
            }
            switch (types.get(i)) {
                case "boolean" -> candidates.addAll(List.of(true, false));
                case "integer", "long", "double" -> candidates.addAll(List.of(0, 1, 2, 3, 10));
                case "string" -> candidates.add("其他");
                default -> {
                }
            }
            List<Object> list = new ArrayList<>(candidates);
            list.add(null);
            values.add(list);
        }
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (int i = 0; i < names.size(); i++) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : values.get(i)) {
                    Map<String, Object> map = new LinkedHashMap<>(partial);
                    map.put(names.get(i), value);
                    next.add(map);
                }
            }
            combinations = next;
        }
        if (combinations.size() > 200) {
            List<Map<String, Object>> spread = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                spread.add(combinations.get(i * combinations.size() / 200));
            }
            combinations = spread;
        }
        // the rules tables read the form's other values and today too
        for (Map<String, Object> map : combinations) {
            map.putIfAbsent("today", "2026-12-02");
        }
        return combinations;
    }

    /** For a condition: nothing set, then each identifier it names set to each literal it compares with. */
    private static List<Map<String, Object>> variablesFor(String condition) {
        Set<String> identifiers = new LinkedHashSet<>();
        Matcher id = Pattern.compile("(?<![\"\\w])([a-z][A-Za-z]*)(?![\"\\w(])").matcher(condition.replaceAll("\"[^\"]*\"", "\"\""));
        while (id.find()) {
            if (!Set.of("and", "or", "not", "null", "true", "false", "list", "contains").contains(id.group(1))) {
                identifiers.add(id.group(1));
            }
        }
        List<Object> literals = new ArrayList<>();
        Matcher literal = LITERAL.matcher(condition);
        while (literal.find()) {
            literals.add(literal.group(1) != null ? literal.group(1) : number(literal.group(2)));
        }
        literals.addAll(List.of(true, false, 0, List.of("a", "b")));
        List<Map<String, Object>> maps = new ArrayList<>();
        maps.add(Map.of());
        for (Object value : literals) {
            Map<String, Object> map = new HashMap<>();
            for (String identifier : identifiers) {
                map.put(identifier, value);
            }
            maps.add(map);
        }
        return maps;
    }

    private static Object number(String text) {
        return text.contains(".") ? Double.parseDouble(text) : Integer.parseInt(text);
    }
}
