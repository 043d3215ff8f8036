package cn.xieshang.caseview;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.Lists;
import cn.xieshang.security.RequesterPrivacyPlugin;
import cn.xieshang.validation.FormLabels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * A case's record in sections, as a person reads it: each step's section (the diagram's group that holds the step, or
 * the step's name) with the values its forms asked for under the forms' labels, and the lists the steps wrote (opinions,
 * plan versions, rounds, hand-overs, …) as tables. What no form labels is labelled by {@code processes/case-record.yaml};
 * every other variable is technical and not shown, so no variable name ever reaches the reader.
 */
@Component
public class CaseRecordView {

    static final String LAYOUT = "processes/case-record.yaml";

    /**
     * Never in the record: what the header shows (or nothing a person reads), and the requester's identity, which
     * the header alone decides to show (see {@link RequesterPrivacyPlugin}).
     */
    static final Set<String> NOT_IN_RECORD = Stream.concat(
            Stream.of("caseNumber", "communityName", "streetName", "communityId", "anonymous"),
            RequesterPrivacyPlugin.IDENTITY.stream()).collect(Collectors.toUnmodifiableSet());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final RepositoryService repositoryService;
    private final Lists lists;
    private final JsonNode layout;
    private final Map<String, Model> models = new ConcurrentHashMap<>();

    CaseRecordView(RepositoryService repositoryService, Lists lists) {
        this.repositoryService = repositoryService;
        this.lists = lists;
        try (InputStream in = new ClassPathResource(LAYOUT).getInputStream()) {
            this.layout = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file variable in the record: its name; the file itself is {@link CaseView#file}. */
    public record CaseFile(String name) {
    }

    /**
     * The record's sections in the model's order: {@code [{"section", "fields": [{"name", "label", "value", "file"}],
     * "lists": [{"name", "label", "columns", "rows"}]}]}; empty sections are left out.
     *
     * @param variables the case's process variables (a file as {@link CaseFile})
     * @param nameOf a person's display name by user id
     */
    public List<Map<String, Object>> of(String processDefinitionId, String processInstanceId, Map<String, Object> variables,
            UnaryOperator<String> nameOf) {
        Model model = models.computeIfAbsent(processDefinitionId, this::model);
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        model.order().forEach(heading -> sections.put(heading, section(heading)));
        Reader reader = new Reader(model.fields(), variables, nameOf);

        // what the forms asked for, in the forms' order
        for (Map.Entry<String, String> field : model.fields().labels().entrySet()) {
            String key = field.getKey();
            Object value = variables.get(key);
            if (NOT_IN_RECORD.contains(key) || blank(value) || !model.fieldSection().containsKey(key)) {
                continue;
            }
            Map<String, Object> row = fieldRow(processInstanceId, key, field.getValue(), value,
                    v -> reader.field(key, v));
            fields(sections, model.fieldSection().get(key)).add(row);
        }
        // what the process computed, as case-record.yaml labels it
        layout.path("values").fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            Object value = variables.get(key);
            if (NOT_IN_RECORD.contains(key) || blank(value) || model.fields().labels().containsKey(key)) {
                return;
            }
            JsonNode spec = entry.getValue();
            Map<String, Object> row = fieldRow(processInstanceId, key, spec.path("label").asText(key), value,
                    v -> reader.cell(spec, v));
            fields(sections, model.place(spec, spec.path("label").asText())).add(row);
        });
        // the lists the steps wrote
        layout.path("lists").fields().forEachRemaining(entry -> {
            List<Map<String, Object>> entries = CaseRecord.entries(json(variables.get(entry.getKey())));
            if (entries.isEmpty()) {
                return;
            }
            JsonNode spec = entry.getValue();
            Map<String, Object> table = reader.table(entry.getKey(), spec, entries);
            if (table != null) {
                String heading = spec.hasNonNull("section") ? spec.path("section").asText()
                        : model.place(spec, spec.path("label").asText());
                lists(sections, heading).add(table);
            }
        });
        List<Map<String, Object>> record = new ArrayList<>();
        for (Map<String, Object> section : sections.values()) {
            if (!((List<?>) section.get("fields")).isEmpty() || !((List<?>) section.get("lists")).isEmpty()) {
                record.add(section);
            }
        }
        return record;
    }

    private static Map<String, Object> fieldRow(String processInstanceId, String key, String label, Object value,
            java.util.function.Function<Object, String> display) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", key);
        row.put("label", label);
        if (value instanceof CaseFile file) {
            row.put("value", file.name());
            // beside /api, readable with the same rights
            row.put("file", "cases/" + processInstanceId + "/files/" + key);
        } else {
            row.put("value", display.apply(value));
        }
        return row;
    }

    private static Map<String, Object> section(String heading) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("section", heading);
        section.put("fields", new ArrayList<Map<String, Object>>());
        section.put("lists", new ArrayList<Map<String, Object>>());
        return section;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Map<String, Object>> sections, String heading) {
        return (List<Map<String, Object>>) sections.computeIfAbsent(heading, CaseRecordView::section).get("fields");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lists(Map<String, Map<String, Object>> sections, String heading) {
        return (List<Map<String, Object>>) sections.computeIfAbsent(heading, CaseRecordView::section).get("lists");
    }

    private static boolean blank(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    /** A Json value as Spin reads it, whether stored as Json or as its text. */
    private static Object json(Object value) {
        if (value instanceof String text && text.startsWith("[")) {
            try {
                return Spin.JSON(text);
            } catch (RuntimeException notJson) {
                return value;
            }
        }
        return value;
    }

    /**
     * What the process model says about its record: the labels of its forms, the section of each form field (the step
     * whose form asks for it first), the section of each element, and the sections' order.
     */
    record Model(FormLabels.Fields fields, Map<String, String> fieldSection, Map<String, String> sectionOf,
            List<String> order) {

        /** The section of the first of {@code at} the process has; without one, a section of its own. */
        String place(JsonNode spec, String ownHeading) {
            for (JsonNode at : spec.path("at")) {
                String heading = sectionOf.get(at.asText());
                if (heading != null) {
                    return heading;
                }
            }
            return ownHeading;
        }
    }

    private Model model(String processDefinitionId) {
        BpmnModelInstance model = repositoryService.getBpmnModelInstance(processDefinitionId);
        Map<String, Bounds> drawn = new LinkedHashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (shape.getBpmnElement() != null && shape.getBounds() != null) {
                drawn.put(shape.getBpmnElement().getId(), shape.getBounds());
            }
        }
        // the groups that frame the steps (the deliberation's 第一步 … 第七步), in the model's order
        Map<String, Bounds> groups = new LinkedHashMap<>();
        for (Group group : model.getModelElementsByType(Group.class)) {
            if (group.getCategory() != null && group.getCategory().getValue() != null && drawn.containsKey(group.getId())) {
                groups.put(group.getCategory().getValue(), drawn.get(group.getId()));
            }
        }
        List<String> order = new ArrayList<>(groups.keySet());
        Map<String, String> sectionOf = new LinkedHashMap<>();
        List<String> forms = new ArrayList<>();
        Map<String, String> formSection = new LinkedHashMap<>();
        for (FlowNode node : inFlowOrder(model)) {
            String heading = groupOf(drawn.get(node.getId()), groups);
            if (heading == null) {
                heading = node.getName();
            }
            if (heading == null) {
                continue;
            }
            sectionOf.put(node.getId(), heading);
            String form = node.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "formRef");
            if (form != null && !forms.contains(form)) {
                forms.add(form);
                formSection.put(form, heading);
            }
        }
        // sections in the order of the steps: the groups, then the steps outside any group in the model's order
        sectionOf.values().stream().distinct().filter(h -> !order.contains(h)).forEach(order::add);
        Map<String, String> fieldSection = new LinkedHashMap<>();
        for (String form : forms) {
            FormLabels.fields(List.of(form)).labels().keySet()
                    .forEach(key -> fieldSection.putIfAbsent(key, formSection.get(form)));
        }
        return new Model(FormLabels.fields(forms), fieldSection, sectionOf, order);
    }

    /**
     * The flow nodes as a reader follows the process: from the start events along the sequence flows, into
     * sub-processes, a boundary event after its step; what no flow reaches (event sub-processes) last.
     */
    private static List<FlowNode> inFlowOrder(BpmnModelInstance model) {
        Map<String, List<FlowNode>> attached = new LinkedHashMap<>();
        for (BoundaryEvent event : model.getModelElementsByType(BoundaryEvent.class)) {
            attached.computeIfAbsent(event.getAttachedTo().getId(), k -> new ArrayList<>()).add(event);
        }
        Set<FlowNode> seen = new LinkedHashSet<>();
        Deque<FlowNode> next = new ArrayDeque<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            process.getChildElementsByType(StartEvent.class).forEach(next::add);
        }
        while (!next.isEmpty()) {
            FlowNode node = next.poll();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof SubProcess sub) {
                sub.getChildElementsByType(StartEvent.class).forEach(next::add);
            }
            next.addAll(attached.getOrDefault(node.getId(), List.of()));
            node.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
        }
        seen.addAll(model.getModelElementsByType(FlowNode.class));
        return new ArrayList<>(seen);
    }

    /** The group whose frame holds the shape's centre. */
    private static String groupOf(Bounds shape, Map<String, Bounds> groups) {
        if (shape == null) {
            return null;
        }
        double x = shape.getX() + shape.getWidth() / 2;
        double y = shape.getY() + shape.getHeight() / 2;
        for (Map.Entry<String, Bounds> group : groups.entrySet()) {
            Bounds g = group.getValue();
            if (x >= g.getX() && x <= g.getX() + g.getWidth() && y >= g.getY() && y <= g.getY() + g.getHeight()) {
                return group.getKey();
            }
        }
        return null;
    }

    /** Values as a person reads them: options by their labels, people by name, 是/否, Beijing time. */
    private final class Reader {

        private final FormLabels.Fields forms;
        private final Map<String, Object> variables;
        private final UnaryOperator<String> nameOf;

        Reader(FormLabels.Fields forms, Map<String, Object> variables, UnaryOperator<String> nameOf) {
            this.forms = forms;
            this.variables = variables;
            this.nameOf = nameOf;
        }

        /** A form field's value: its options' labels, a choice from a pool (people, communities) by its label. */
        String field(String key, Object value) {
            Object json = json(value);
            if (json instanceof SpinJsonNode || json instanceof Collection<?>) {
                List<Map<String, Object>> objects = json instanceof SpinJsonNode node && node.isArray()
                        && node.elements().stream().anyMatch(SpinJsonNode::isObject) ? CaseRecord.entries(json) : List.of();
                if (!objects.isEmpty()) {
                    // a list of entries a form wrote: one line each, its fields under their labels
                    List<String> lines = new ArrayList<>();
                    for (Map<String, Object> o : objects) {
                        List<String> parts = new ArrayList<>();
                        o.forEach((k, v) -> {
                            if (forms.labels().containsKey(k) && !blank(v)) {
                                parts.add(forms.labels().get(k) + ": " + field(k, v));
                            }
                        });
                        lines.add(String.join(";", parts));
                    }
                    return String.join("\n", lines);
                }
                return String.join("、", lists.of(json).stream().map(item -> choice(key, item)).toList());
            }
            if (value instanceof String text) {
                return choice(key, text);
            }
            return plain(value);
        }

        private String choice(String key, String value) {
            Map<String, String> options = forms.options().get(key);
            if (options != null && options.containsKey(value)) {
                return options.get(value);
            }
            String pool = forms.valuesKeys().get(key);
            if (pool != null) {
                for (Map<String, Object> option : CaseRecord.entries(json(variables.get(pool)))) {
                    if (value.equals(String.valueOf(option.get("value")))) {
                        return String.valueOf(option.get("label"));
                    }
                }
                return nameOf.apply(value);
            }
            return value;
        }

        /** A value labelled by case-record.yaml: its options, a person by name, or as it is. */
        String cell(JsonNode spec, Object value) {
            if (blank(value)) {
                return "";
            }
            String text = value instanceof Boolean || value instanceof Date ? null : String.valueOf(value);
            if (text != null && spec.path("options").has(text)) {
                return spec.path("options").path(text).asText();
            }
            if (spec.path("person").asBoolean(false) && text != null) {
                return nameOf.apply(text);
            }
            return plain(value);
        }

        /** A list of entries as a table: the columns case-record.yaml names, under its or the forms' labels. */
        Map<String, Object> table(String name, JsonNode spec, List<Map<String, Object>> entries) {
            List<String> columns = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            entries.forEach(e -> rows.add(new ArrayList<>()));
            spec.path("columns").fields().forEachRemaining(column -> {
                JsonNode c = column.getValue();
                String field = c.isObject() ? c.path("field").asText(column.getKey()) : column.getKey();
                String label = c.isTextual() ? c.asText() : c.path("label").asText(forms.labels().get(field));
                if (label == null || label.isBlank()) {
                    return; // nothing without a Chinese label
                }
                boolean fromForm = c.isNull() || (c.isObject() && !c.has("label") && !c.has("options"));
                List<String> cells = new ArrayList<>();
                for (Map<String, Object> entry : entries) {
                    Object value = entry.get(column.getKey());
                    cells.add(blank(value) ? "" : fromForm ? field(field, value) : cell(c, value));
                }
                if (cells.stream().allMatch(String::isEmpty)) {
                    return;
                }
                columns.add(label);
                for (int i = 0; i < rows.size(); i++) {
                    rows.get(i).add(cells.get(i));
                }
            });
            if (columns.isEmpty()) {
                return null;
            }
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("name", name);
            table.put("label", spec.path("label").asText());
            table.put("columns", columns);
            table.put("rows", rows);
            return table;
        }

        private String plain(Object value) {
            if (value instanceof Boolean b) {
                return b ? "是" : "否";
            }
            if (value instanceof Date date) {
                return CaseRecord.minute(date);
            }
            if (value instanceof Collection<?> || value instanceof SpinJsonNode) {
                return String.join("、", lists.of(value));
            }
            return String.valueOf(value);
        }
    }
}
