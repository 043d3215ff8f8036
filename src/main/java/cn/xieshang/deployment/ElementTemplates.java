package cn.xieshang.deployment;

import cn.xieshang.organisation.Role;
import cn.xieshang.report.CaseSummary;
import cn.xieshang.report.ConsultationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The Camunda Modeler element templates of {@code element-templates/} (packed into the jar under the same name), and
 * whether a service step of a model matches its template: the template it names exists in that version, every
 * property the template binds is there — a Hidden one with the template's value, a Dropdown one with one of its
 * choices, a String one not empty and of the template's pattern — and what the step names exists: the mail template,
 * the role, the user task to remind, the file to attach (a step of the same process writes it). Used at deployment
 * ({@link ElementTemplateCheck}) and by the model tests.
 */
public final class ElementTemplates {

    static final String LOCATION = "classpath*:element-templates/*.json";

    /** One property of a template: how it is bound (a BPMN attribute or a camunda:inputParameter) and what it allows. */
    record Property(String label, String type, String bindingType, String bindingName, String value, List<String> choices,
            boolean notEmpty, String pattern, String patternMessage) {

        boolean isInput() {
            return "camunda:inputParameter".equals(bindingType);
        }

        String title() {
            return (label == null ? "" : label) + "(" + bindingName + ")";
        }
    }

    record Template(String id, int version, String name, List<Property> properties) {
    }

    /**
     * A service task as a model has it. {@code attribute} answers a qualified attribute name such as
     * {@code camunda:expression} (null when absent); {@code inputs} are its camunda:inputParameters by name.
     */
    public record Step(String processId, String id, String name, String templateId, String templateVersion,
            Function<String, String> attribute, Map<String, String> inputs) {

        String where() {
            return "流程 " + processId + " 的服务任务 " + id + (name == null || name.isBlank() ? "" : "「" + name + "」");
        }
    }

    /**
     * What the step's process offers it: the ids of its user tasks, and the expressions of its steps and listeners
     * (which tell which files it writes).
     */
    public record ProcessFacts(Set<String> userTasks, Set<String> expressions) {
    }

    /** The file variables a case can attach, by the call that writes each. */
    private static final Map<String, String> FILES = Map.of(
            CaseSummary.VARIABLE, "caseSummary.generate(",
            ConsultationReport.VARIABLE, "consultationReport.generate(");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Template> templates;

    private ElementTemplates(Map<String, Template> templates) {
        this.templates = templates;
    }

    /** The templates on the classpath. */
    public static ElementTemplates load() {
        Map<String, Template> found = new LinkedHashMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                try (InputStream in = resource.getInputStream()) {
                    JsonNode content = JSON.readTree(in);
                    for (JsonNode node : content.isArray() ? content : List.of(content)) {
                        Template template = template(node);
                        found.put(template.id(), template);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the element templates", e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("No element templates found at " + LOCATION);
        }
        return new ElementTemplates(found);
    }

    public Map<String, Template> templates() {
        return templates;
    }

    /** What is wrong with the step, in Chinese, each naming the step; empty when it matches its template. */
    public List<String> problems(Step step, ProcessFacts process) {
        List<String> problems = new ArrayList<>();
        if (step.templateId() == null || step.templateId().isBlank()) {
            problems.add(step.where() + " 没有使用元素模板(camunda:modelerTemplate); 请在 Camunda Modeler 中为它选择 "
                    + "element-templates/ 中的一个模板 (可选: " + String.join(", ", templates.keySet()) + ")");
            return problems;
        }
        Template template = templates.get(step.templateId());
        if (template == null) {
            problems.add(step.where() + " 使用的元素模板 " + step.templateId() + " 不存在 (可选: "
                    + String.join(", ", templates.keySet()) + ")");
            return problems;
        }
        if (!String.valueOf(template.version()).equals(step.templateVersion())) {
            problems.add(step.where() + " 使用元素模板 " + template.id() + " 的版本 " + step.templateVersion()
                    + ", 现有版本是 " + template.version() + "; 请在 Camunda Modeler 中更新该步骤的模板");
        }
        for (Property property : template.properties()) {
            String value = property.isInput() ? step.inputs().get(property.bindingName())
                    : step.attribute().apply(property.bindingName());
            String problem = problem(property, value, process, step.processId());
            if (problem != null) {
                problems.add(step.where() + ": " + problem);
            }
        }
        Set<String> bound = new java.util.HashSet<>();
        template.properties().stream().filter(Property::isInput).forEach(p -> bound.add(p.bindingName()));
        for (String input : step.inputs().keySet()) {
            if (!bound.contains(input)) {
                problems.add(step.where() + ": 输入参数 " + input + " 不属于元素模板 " + template.id() + " (「"
                        + template.name() + "」)");
            }
        }
        return problems;
    }

    private static String problem(Property property, String value, ProcessFacts process, String processId) {
        if (value == null || value.isBlank()) {
            return switch (property.type()) {
                case "Hidden", "Dropdown" -> "缺少" + property.title() + ", 元素模板要求 "
                        + (property.type().equals("Hidden") ? property.value() : String.join(" / ", property.choices()));
                default -> property.notEmpty() ? "缺少" + property.title() : null;
            };
        }
        String v = value.trim();
        // what the step names must exist, whatever the template offers
        if (property.isInput() && property.bindingName().equals("mailTemplate")
                && !new ClassPathResource("mail/" + v + ".mustache").exists()) {
            return "邮件模板「" + v + "」不存在 (src/main/resources/mail/" + v + ".mustache)";
        }
        if (property.isInput() && property.bindingName().equals("role") && Role.byGroupId(v).isEmpty()) {
            return "角色「" + v + "」不存在 (可选: " + String.join(", ", property.choices()) + ")";
        }
        if (property.isInput() && property.bindingName().equals("remindTask") && !process.userTasks().contains(v)) {
            return "要提醒的用户任务「" + v + "」不在流程 " + processId + " 中";
        }
        if (property.isInput() && property.bindingName().equals("attachmentVariable") && FILES.containsKey(v)
                && process.expressions().stream().noneMatch(e -> e.contains(FILES.get(v)))) {
            return "附件「" + v + "」在流程 " + processId + " 中没有哪一步生成 (先用“生成书面材料(PDF)”生成它)";
        }
        switch (property.type()) {
            case "Hidden" -> {
                if (!v.equals(property.value())) {
                    return property.title() + " 须是「" + property.value() + "」(由元素模板固定), 模型中是「" + v + "」";
                }
            }
            case "Dropdown" -> {
                if (!property.choices().contains(v)) {
                    return property.title() + "「" + v + "」不是元素模板的选项 (可选: " + String.join(", ", property.choices())
                            + ")";
                }
            }
            default -> {
                if (property.pattern() != null && !Pattern.matches(property.pattern(), v)) {
                    return property.title() + "「" + v + "」不合要求: "
                            + (property.patternMessage() == null ? property.pattern() : property.patternMessage());
                }
            }
        }
        return null;
    }

    private static Template template(JsonNode node) {
        List<Property> properties = new ArrayList<>();
        for (JsonNode p : node.path("properties")) {
            List<String> choices = new ArrayList<>();
            p.path("choices").forEach(c -> choices.add(c.path("value").asText()));
            JsonNode constraints = p.path("constraints");
            JsonNode pattern = constraints.path("pattern");
            properties.add(new Property(text(p.get("label")), p.path("type").asText("String"),
                    p.path("binding").path("type").asText(), p.path("binding").path("name").asText(),
                    text(p.get("value")), List.copyOf(choices), constraints.path("notEmpty").asBoolean(false),
                    pattern.isTextual() ? pattern.asText() : text(pattern.get("value")),
                    pattern.isObject() ? text(pattern.get("message")) : null));
        }
        return new Template(node.path("id").asText(), node.path("version").asInt(0), node.path("name").asText(),
                List.copyOf(properties));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
