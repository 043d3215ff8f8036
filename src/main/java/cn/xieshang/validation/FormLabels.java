package cn.xieshang.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;

/**
 * The labels the forms show for their fields and options, so that what people read elsewhere (notices, lists, the case
 * view in Cockpit) says what the form says; a designer's change of wording shows everywhere.
 */
public final class FormLabels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FormLabels() {
    }

    /** @param form the form's resource, e.g. {@code forms/raise-concern.form} */
    public static Map<String, String> of(String form, String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        try (InputStream in = new ClassPathResource(form).getInputStream()) {
            collect(JSON.readTree(in).path("components"), key, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return labels;
    }

    /**
     * The fields of the given forms ({@code forms/<id>.form}), in that order: the label of each key (the first form
     * that names it), and the labels of its options.
     */
    public static Fields fields(List<String> formIds) {
        Fields fields = new Fields(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        for (String formId : formIds) {
            ClassPathResource form = new ClassPathResource("forms/" + formId + ".form");
            if (!form.exists()) {
                continue;
            }
            try (InputStream in = form.getInputStream()) {
                collectFields(JSON.readTree(in).path("components"), fields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fields;
    }

    /** The fields of one form as it was deployed (the engine's copy), as {@link #fields(List)} reads them. */
    public static Fields fields(InputStream form) {
        Fields fields = new Fields(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        try {
            collectFields(JSON.readTree(form).path("components"), fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }

    /**
     * Labels by field key; by field key the labels of its option values; and by field key the variable its options
     * come from at run time ({@code valuesKey}: a pool of people or communities, {@code [{"label", "value"}]}).
     */
    public record Fields(Map<String, String> labels, Map<String, Map<String, String>> options,
            Map<String, String> valuesKeys) {
    }

    private static void collectFields(JsonNode components, Fields fields) {
        for (JsonNode component : components) {
            String key = component.path("key").asText("");
            // a date picker names its field dateLabel
            String label = component.path("label").asText(component.path("dateLabel").asText(""));
            if (!key.isEmpty() && !label.isEmpty()) {
                fields.labels().putIfAbsent(key, label);
                component.path("values").forEach(v -> fields.options().computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .putIfAbsent(v.path("value").asText(), v.path("label").asText()));
                if (component.hasNonNull("valuesKey")) {
                    fields.valuesKeys().putIfAbsent(key, component.path("valuesKey").asText());
                }
            }
            collectFields(component.path("components"), fields);
        }
    }

    private static void collect(JsonNode components, String key, Map<String, String> labels) {
        for (JsonNode component : components) {
            if (key.equals(component.path("key").asText())) {
                component.path("values").forEach(v -> labels.put(v.path("value").asText(), v.path("label").asText()));
            }
            collect(component.path("components"), key, labels);
        }
    }
}
