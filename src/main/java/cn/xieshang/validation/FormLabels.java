package cn.xieshang.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;

/** The labels a form shows for the options of one field, so what people read elsewhere matches the form. */
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

    private static void collect(JsonNode components, String key, Map<String, String> labels) {
        for (JsonNode component : components) {
            if (key.equals(component.path("key").asText())) {
                component.path("values").forEach(v -> labels.put(v.path("value").asText(), v.path("label").asText()));
            }
            collect(component.path("components"), key, labels);
        }
    }
}
