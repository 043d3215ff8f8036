package cn.xieshang.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * Start forms as served to Tasklist, with their start-form variables filled in. Tasklist 7.24 loads a task form's
 * variables for form-js, but gives a start form none: a select whose options come from a variable
 * ({@code "valuesKey": "communityOptions"}) would offer nothing. So the served start form carries them: a select
 * naming a start-form variable gets that variable's options as its own {@code values}, and the form's FEEL
 * expressions (its conditions) see the variable as a literal. The deployed form stays as the designer wrote it;
 * {@code /engine-rest/process-definition/<id>/form-variables} offers the same variables to other clients.
 */
class ServedStartForms extends FormServiceImpl {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public InputStream getDeployedStartForm(String processDefinitionId) {
        byte[] deployed;
        try (InputStream in = super.getDeployedStartForm(processDefinitionId)) {
            deployed = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JsonNode form = JSON.readTree(deployed);
            Set<String> keys = new LinkedHashSet<>();
            valuesKeys(form.path("components"), keys);
            if (keys.isEmpty()) {
                return new ByteArrayInputStream(deployed);
            }
            VariableMap variables = getStartFormVariables(processDefinitionId, keys, true);
            if (variables.isEmpty()) {
                return new ByteArrayInputStream(deployed);
            }
            Map<String, JsonNode> known = new java.util.HashMap<>();
            for (String key : variables.keySet()) {
                known.put(key, JSON.valueToTree(FormRules.plain(variables.get(key))));
            }
            fill(form.path("components"), known);
            return new ByteArrayInputStream(JSON.writeValueAsBytes(form));
        } catch (IOException e) {
            return new ByteArrayInputStream(deployed); // not a Camunda Form (JSON): served as deployed
        }
    }

    private static void valuesKeys(JsonNode components, Set<String> into) {
        for (JsonNode component : components) {
            if (component.hasNonNull("valuesKey")) {
                into.add(component.get("valuesKey").asText());
            }
            valuesKeys(component.path("components"), into);
        }
    }

    private static void fill(JsonNode components, Map<String, JsonNode> variables) {
        for (JsonNode node : components) {
            if (!(node instanceof ObjectNode component)) {
                continue;
            }
            JsonNode options = component.hasNonNull("valuesKey") ? variables.get(component.get("valuesKey").asText()) : null;
            if (options instanceof ArrayNode) {
                component.remove("valuesKey");
                component.set("values", options);
            }
            literals(component, variables);
            fill(component.path("components"), variables);
        }
    }

    /** In each FEEL expression of the component ("=…", e.g. its hide condition), the variables become literals. */
    private static void literals(ObjectNode node, Map<String, JsonNode> variables) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if ("components".equals(field.getKey())) {
                continue;
            }
            if (field.getValue() instanceof ObjectNode inner) {
                literals(inner, variables);
            } else if (field.getValue().isTextual() && field.getValue().asText().startsWith("=")) {
                String expression = field.getValue().asText();
                for (Map.Entry<String, JsonNode> variable : variables.entrySet()) {
                    // FEEL reads JSON lists and objects of strings as lists and contexts
                    Matcher name = Pattern.compile("(?<![\\w.\"])" + Pattern.quote(variable.getKey()) + "(?![\\w\"])")
                            .matcher(expression);
                    expression = name.replaceAll(Matcher.quoteReplacement(variable.getValue().toString()));
                }
                field.setValue(TextNode.valueOf(expression));
            }
        }
    }
}
