package cn.xieshang.validation;

import cn.xieshang.system.Feel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.camunda.spin.json.SpinJsonNode;

/**
 * Checks submitted values against a form's declared constraints: the same rules Tasklist applies in the
 * browser (required, minLength, maxLength, pattern, min, max, options), applied on the server where REST
 * clients cannot bypass them. A field the form hides (its {@code conditional.hide} holds) is not required.
 */
public class FormRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private FormRules() {
    }

    /**
     * @param values the submitted values, by field key
     * @param variables all values the form sees (for hide conditions and dynamic options)
     * @param rejectUnknown whether keys that are no field of the form are refused
     */
    public static List<String> check(FormSchema form, Map<String, Object> values,
            Function<String, Object> variables, boolean rejectUnknown) {
        List<String> problems = new ArrayList<>();
        if (rejectUnknown) {
            for (String key : values.keySet()) {
                if (form.field(key) == null) {
                    problems.add("未知字段(" + key + "): 表单「" + form.id() + "」没有这一项");
                }
            }
        }
        Map<String, Object> context = new HashMap<>();
        for (FormSchema.Field field : form.fields()) {
            context.put(field.key(), plain(variables.apply(field.key())));
        }
        for (FormSchema.Field field : form.fields()) {
            // the options a select offers are part of what its conditions see, as in form-js
            if (field.valuesKey() != null && !field.valuesKey().isBlank()) {
                context.putIfAbsent(field.valuesKey(), plain(variables.apply(field.valuesKey())));
            }
        }
        for (FormSchema.Field field : form.fields()) {
            Object value = plain(values.get(field.key()));
            checkField(field, value, "字段「" + field.displayName() + "」", context, variables, problems);
        }
        return problems;
    }

    private static void checkField(FormSchema.Field field, Object value, String name, Map<String, Object> context,
            Function<String, Object> variables, List<String> problems) {
        if (isEmpty(value)) {
            if (field.required() && !hidden(field, context)) {
                problems.add(name + "为必填项");
            }
            return;
        }
        if (field.isList()) {
            checkItems(field, value, name, context, variables, problems);
        } else {
            checkValue(field, value, name, variables, problems);
        }
    }

    /**
     * Each item of a list (a dynamic list, or the numbered groups a form offers, at most as many items as groups) is
     * checked against the list's own fields, named by its position
     * ({@code 事项 第 2 项 · 答复期限(items[2].responseDeadline)}); keys that are no field of an item are refused.
     * Conditions inside an item see the form's values and that item's.
     */
    @SuppressWarnings("unchecked")
    private static void checkItems(FormSchema.Field list, Object value, String name, Map<String, Object> context,
            Function<String, Object> variables, List<String> problems) {
        if (!(value instanceof List<?> items)) {
            problems.add(name + "应为列表");
            return;
        }
        if (list.maxItems() != null && items.size() > list.maxItems()) {
            problems.add(name + "最多 " + list.maxItems() + " 项(收到 " + items.size() + " 项)");
        }
        String label = list.label() == null || list.label().isBlank() ? list.key() : list.label();
        for (int i = 0; i < items.size(); i++) {
            String position = label + " 第 " + (i + 1) + " 项";
            String path = list.key() + "[" + (i + 1) + "]";
            if (!(items.get(i) instanceof Map<?, ?> raw)) {
                problems.add("字段「" + position + "(" + path + ")」应为对象");
                continue;
            }
            Map<String, Object> item = (Map<String, Object>) raw;
            for (String key : item.keySet()) {
                if (list.item(key) == null) {
                    problems.add("未知字段(" + path + "." + key + "): 「" + label + "」的每一项没有这一项");
                }
            }
            Map<String, Object> itemContext = new HashMap<>(context);
            itemContext.putAll(item);
            for (FormSchema.Field field : list.items()) {
                String fieldLabel = field.label() == null || field.label().isBlank() ? field.key() : field.label();
                checkField(field, plain(item.get(field.key())),
                        "字段「" + position + " · " + fieldLabel + "(" + path + "." + field.key() + ")」",
                        itemContext, variables, problems);
            }
        }
    }

    private static void checkValue(FormSchema.Field field, Object value, String name,
            Function<String, Object> variables, List<String> problems) {
        switch (field.type()) {
            case "textfield", "textarea" -> {
                if (!(value instanceof String text)) {
                    problems.add(name + "应为文本");
                    return;
                }
                int length = text.codePointCount(0, text.length());
                if (field.minLength() != null && length < field.minLength()) {
                    problems.add(name + "至少 " + field.minLength() + " 个字");
                }
                if (field.maxLength() != null && length > field.maxLength()) {
                    problems.add(name + "最多 " + field.maxLength() + " 个字(收到 " + length + " 个)");
                }
                if (field.pattern() != null && !pattern(field.pattern()).matcher(text).find()) {
                    problems.add(name + "格式不正确" + patternHint(field.pattern()));
                }
            }
            case "number" -> {
                if (!(value instanceof Number number)) {
                    problems.add(name + "应为数字");
                    return;
                }
                double d = number.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    problems.add(name + "应为数字");
                } else if (field.decimalDigits() != null && field.decimalDigits() == 0 && d != Math.rint(d)) {
                    problems.add(name + "应为整数");
                } else if (field.min() != null && d < field.min()) {
                    problems.add(name + "不能小于 " + format(field.min()));
                } else if (field.max() != null && d > field.max()) {
                    problems.add(name + "不能大于 " + format(field.max()));
                }
            }
            case "checkbox" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(name + "应为是/否");
                }
            }
            case "select", "radio" -> {
                Set<String> options = options(field, variables);
                if (!(value instanceof String choice) || !options.contains(choice)) {
                    problems.add(name + "不是可选的值: " + value);
                }
            }
            case "checklist", "taglist" -> {
                Set<String> options = options(field, variables);
                if (!(value instanceof Collection<?> chosen)) {
                    problems.add(name + "应为列表");
                    return;
                }
                for (Object choice : chosen) {
                    if (!(choice instanceof String s) || !options.contains(s)) {
                        problems.add(name + "不是可选的值: " + choice);
                    }
                }
            }
            case "datetime" -> {
                if (!(value instanceof String text) || !isDateOrTime(text)) {
                    problems.add(name + "应为日期或时间(如 2026-11-22 或 2026-11-22T09:30)");
                }
            }
            default -> {
                // a component type this check does not know carries no constraints of its own
            }
        }
    }

    private static Set<String> options(FormSchema.Field field, Function<String, Object> variables) {
        if (field.valuesKey() == null || field.valuesKey().isBlank()) {
            return field.values();
        }
        Set<String> options = new LinkedHashSet<>();
        Object dynamic = plain(variables.apply(field.valuesKey()));
        if (dynamic instanceof Collection<?> list) {
            for (Object option : list) {
                if (option instanceof Map<?, ?> map && map.get("value") != null) {
                    options.add(String.valueOf(map.get("value")));
                }
            }
        }
        return options;
    }

    static boolean hidden(FormSchema.Field field, Map<String, Object> context) {
        if (field.hide() == null || field.hide().isBlank()) {
            return false;
        }
        String expression = field.hide().startsWith("=") ? field.hide().substring(1) : field.hide();
        try {
            return Boolean.TRUE.equals(Feel.standard().evaluate(expression, context));
        } catch (RuntimeException e) {
            // a condition that cannot be read or evaluated leaves the field visible, hence still required
            return false;
        }
    }

    /** Json variables (Tasklist's lists and objects) become plain lists and maps. */
    @SuppressWarnings("unchecked")
    static Object plain(Object value) {
        if (value instanceof SpinJsonNode spin) {
            try {
                JsonNode node = JSON.readTree(spin.toString());
                return JSON.convertValue(node, Object.class);
            } catch (java.io.IOException e) {
                return value;
            }
        }
        return value;
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty());
    }

    private static boolean isDateOrTime(String text) {
        for (Function<String, Object> parser : List.<Function<String, Object>>of(LocalDate::parse,
                LocalDateTime::parse, OffsetDateTime::parse, LocalTime::parse)) {
            try {
                parser.apply(text);
                return true;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }

    /** Like form-js, which tests {@code new RegExp(pattern)}: a pattern anchors itself with ^ and $. */
    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, r -> Pattern.compile(r));
    }

    private static String patternHint(String regex) {
        return regex.contains("<>") ? "(不能包含 < 或 > 等标记字符)" : "";
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
