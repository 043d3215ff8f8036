package cn.xieshang.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The input fields of a Camunda Form (form-js JSON) with the constraints the form declares. */
public record FormSchema(String id, List<Field> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One keyed input component.
     *
     * @param values static options of a select/radio/checklist/taglist; empty when {@code valuesKey} names a variable
     * @param hide the FEEL condition under which the form hides the field (hidden fields are not required)
     * @param decimalDigits for numbers: how many decimals are allowed (0: whole numbers only)
     * @param items for a list of items: the fields of each item
     * @param maxItems for a list of numbered item groups: how many items the form can hold; null for no limit
     */
    public record Field(String key, String type, String label, boolean required, Integer minLength,
            Integer maxLength, String pattern, Double min, Double max, Set<String> values, String valuesKey,
            String hide, Integer decimalDigits, List<Field> items, Integer maxItems) {

        public String displayName() {
            return label == null || label.isBlank() ? key : label + "(" + key + ")";
        }

        public boolean isList() {
            return DYNAMIC_LIST.equals(type) || ITEM_GROUPS.equals(type);
        }

        public Field item(String itemKey) {
            return items.stream().filter(f -> f.key().equals(itemKey)).findFirst().orElse(null);
        }
    }

    /** A repeating list of items (form-js {@code dynamiclist}): its value is a list of objects, one per item. */
    static final String DYNAMIC_LIST = "dynamiclist";

    /**
     * A list written by numbered groups: form-js 1.8 stores the fields of a group with path {@code items.0} in the
     * first object of the list {@code items}, of {@code items.1} in the second, and so on. Tasklist 7.24 cannot
     * complete a form with a {@code dynamiclist} (its Complete button stays disabled once an item is typed), so a
     * form offers a fixed number of such groups and hides the ones not needed. Every group of a list holds the same
     * fields; the list's label is that of the group around them.
     */
    static final String ITEM_GROUPS = "item-groups";

    private static final Pattern ITEM_PATH = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\.(\\d+)");

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
        String id = form.path("id").asText(null);
        List<Field> fields = new ArrayList<>();
        Map<String, List<List<Field>>> itemGroups = new LinkedHashMap<>();
        collect(id, form.path("components"), null, fields, itemGroups);
        itemGroups.forEach((key, groups) -> {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i) == null) {
                    throw new IllegalArgumentException("form " + id + ": no group with path " + key + "." + i
                            + " although a later item of " + key + " has one");
                }
                if (!groups.get(i).equals(groups.get(0))) {
                    throw new IllegalArgumentException("form " + id + ": the group with path " + key + "." + i
                            + " holds other fields than " + key + ".0; every item of a list has the same fields");
                }
            }
        });
        return new FormSchema(id, List.copyOf(fields.stream().map(f -> ITEM_GROUPS.equals(f.type())
                ? new Field(f.key(), f.type(), f.label(), false, null, null, null, null, null, Set.of(), null, null,
                        null, List.copyOf(itemGroups.get(f.key()).get(0)), itemGroups.get(f.key()).size())
                : f).toList()));
    }

    /**
     * @param around the label of the group these components are in, if any
     * @param itemGroups for each list written by numbered groups: each group's fields, by position
     */
    private static void collect(String formId, JsonNode components, String around, List<Field> into,
            Map<String, List<List<Field>>> itemGroups) {
        for (JsonNode c : components) {
            String type = c.path("type").asText();
            if (DYNAMIC_LIST.equals(type)) {
                // its fields belong to each item, not to the form: the list is one field, keyed by its path
                if (c.hasNonNull("path")) {
                    List<Field> items = new ArrayList<>();
                    collect(formId, c.path("components"), null, items, itemGroups);
                    into.add(new Field(c.get("path").asText(), type, c.path("label").asText(null), false, null, null,
                            null, null, null, Set.of(), null, c.path("conditional").path("hide").asText(null), null,
                            List.copyOf(items), null));
                }
                continue;
            }
            String path = c.path("path").asText("");
            if ("group".equals(type) && !path.isEmpty()) {
                Matcher item = ITEM_PATH.matcher(path);
                if (!item.matches()) {
                    throw new IllegalArgumentException("form " + formId + ": group " + c.path("id").asText()
                            + " has the path " + path + "; a group's path can only name an item of a list (items.0)");
                }
                String key = item.group(1);
                int position = Integer.parseInt(item.group(2));
                List<List<Field>> groups = itemGroups.computeIfAbsent(key, k -> {
                    into.add(new Field(k, ITEM_GROUPS, around, false, null, null, null, null, null, Set.of(), null,
                            null, null, List.of(), null));
                    return new ArrayList<>();
                });
                while (groups.size() <= position) {
                    groups.add(null);
                }
                List<Field> fields = new ArrayList<>();
                collect(formId, c.path("components"), null, fields, itemGroups);
                groups.set(position, List.copyOf(fields));
                continue;
            }
            if (c.has("components")) {
                collect(formId, c.get("components"), c.path("label").asText(around), into, itemGroups);
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
                    c.path("decimalDigits").isInt() ? c.get("decimalDigits").asInt() : null, List.of(), null));
        }
    }

    private static Integer intOrNull(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asInt() : null;
    }

    private static Double doubleOrNull(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asDouble() : null;
    }
}
