package cn.xieshang.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The input fields of a Camunda Form (form-js JSON) with the constraints the form declares. */
public record FormSchema(String id, List<Field> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One keyed input component.
     *
     * @param values static options of a select/radio/checklist/taglist; empty when {@code valuesKey} names a variable
     * @param hide the FEEL condition under which the form hides the field (hidden fields are not required)
     * @param decimalDigits for numbers: how many decimals are allowed (0: whole numbers only)
     * @param items for a dynamic list ({@code dynamiclist}, keyed by its {@code path}): the fields of each item
     */
    public record Field(String key, String type, String label, boolean required, Integer minLength,
            Integer maxLength, String pattern, Double min, Double max, Set<String> values, String valuesKey,
            String hide, Integer decimalDigits, List<Field> items) {

        public String displayName() {
            return label == null || label.isBlank() ? key : label + "(" + key + ")";
        }

        public boolean isList() {
            return DYNAMIC_LIST.equals(type);
        }

        public Field item(String itemKey) {
            return items.stream().filter(f -> f.key().equals(itemKey)).findFirst().orElse(null);
        }
    }

    /** A repeating list of items (form-js {@code dynamiclist}): its value is a list of objects, one per item. */
    static final String DYNAMIC_LIST = "dynamiclist";

    /** Components that hold no input of their own (a group's fields count as the form's own). */
    static final Set<String> LAYOUT_TYPES = Set.of("text", "html", "image", "spacer", "separator", "button",
            "group", "iframe", "table", "default");

    public Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    public static FormSchema parse(InputStream json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FormSchema parse(JsonNode form) {
        List<Field> fields = new ArrayList<>();
        collect(form.path("components"), fields);
        return new FormSchema(form.path("id").asText(null), List.copyOf(fields));
    }

    private static void collect(JsonNode components, List<Field> into) {
        for (JsonNode c : components) {
            String type = c.path("type").asText();
            if (DYNAMIC_LIST.equals(type)) {
                // its fields belong to each item, not to the form: the list is one field, keyed by its path
                if (c.hasNonNull("path")) {
                    List<Field> items = new ArrayList<>();
                    collect(c.path("components"), items);
                    into.add(new Field(c.get("path").asText(), type, c.path("label").asText(null), false, null, null,
                            null, null, null, Set.of(), null, c.path("conditional").path("hide").asText(null), null,
                            List.copyOf(items)));
                }
                continue;
            }
            if (c.has("components")) {
                collect(c.get("components"), into);
            }
            if (LAYOUT_TYPES.contains(type) || !c.hasNonNull("key")) {
                continue;
            }
            JsonNode v = c.path("validate");
            Set<String> values = new LinkedHashSet<>();
            c.path("values").forEach(o -> values.add(o.path("value").asText()));
            String label = c.hasNonNull("label") ? c.get("label").asText() : c.path("dateLabel").asText(null);
            into.add(new Field(c.get("key").asText(), type, label,
                    v.path("required").asBoolean(false), intOrNull(v, "minLength"), intOrNull(v, "maxLength"),
                    v.path("pattern").asText(null), doubleOrNull(v, "min"), doubleOrNull(v, "max"),
                    values, c.path("valuesKey").asText(null), c.path("conditional").path("hide").asText(null),
                    c.path("decimalDigits").isInt() ? c.get("decimalDigits").asInt() : null, List.of()));
        }
    }

    private static Integer intOrNull(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asInt() : null;
    }

    private static Double doubleOrNull(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asDouble() : null;
    }
}
