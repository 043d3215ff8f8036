package cn.xieshang.open311;

import cn.xieshang.validation.FormLabels;
import cn.xieshang.validation.FormSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * Open311's services are the concern's categories, read from the start form {@code raise-concern} as the engine
 * deployed it: a service per option of {@code category} (its value the {@code service_code}, its label the
 * {@code service_name}), and as attributes every other field of the form that no standard GeoReport parameter
 * carries (title, scope, urgency, channel …), with the form's labels, options and rules. A designer's change of the
 * form shows here with its next deployment.
 */
@Component
class Services {

    static final String PROCESS = "concern";
    static final String CATEGORY = "category";

    /**
     * Form fields a standard GeoReport parameter fills: {@code service_code}, {@code description},
     * {@code address_string}, {@code first_name}/{@code last_name}, {@code phone}, {@code email},
     * {@code jurisdiction_id}.
     */
    static final Map<String, String> STANDARD = Map.of(CATEGORY, "service_code", "description", "description",
            "location", "address_string", "requesterName", "first_name/last_name", "requesterContact", "phone",
            "requesterEmail", "email", "communityId", "jurisdiction_id");

    /** The deployed start form: its rules, labels and options; the definition it belongs to. */
    record Form(ProcessDefinition definition, FormSchema schema, FormLabels.Fields labels) {

        Map<String, String> categories() {
            return labels.options().getOrDefault(CATEGORY, Map.of());
        }

        /** The fields a client sends as {@code attribute[code]}, in the form's order. */
        List<FormSchema.Field> attributes() {
            return schema.fields().stream().filter(f -> !STANDARD.containsKey(f.key()) && !f.isList()).toList();
        }
    }

    private final RepositoryService repositoryService;
    private final FormService formService;
    private final Map<String, Form> parsed = new ConcurrentHashMap<>(); // a deployed form never changes

    Services(RepositoryService repositoryService, FormService formService) {
        this.repositoryService = repositoryService;
        this.formService = formService;
    }

    Form form() {
        ProcessDefinition definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS)
                .withoutTenantId().latestVersion().singleResult();
        if (definition == null) {
            throw new Open311Error(404, "居民诉求办理流程尚未部署");
        }
        return parsed.computeIfAbsent(definition.getId(), id -> {
            byte[] form;
            try (InputStream in = formService.getDeployedStartForm(id)) {
                form = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Form(definition, FormSchema.parse(new ByteArrayInputStream(form)),
                    FormLabels.fields(new ByteArrayInputStream(form)));
        });
    }

    /** {@code services.json}: one service per category. */
    List<Map<String, Object>> list() {
        Form form = form();
        List<Map<String, Object>> services = new ArrayList<>();
        form.categories().forEach((code, name) -> services.add(service(form, code, name)));
        return services;
    }

    /** The service of a category code; 404 for a code the form does not offer. */
    Map<String, Object> service(String code) {
        Form form = form();
        String name = form.categories().get(code);
        if (name == null) {
            throw Open311Error.notFound("没有这个服务: " + code);
        }
        return service(form, code, name);
    }

    private static Map<String, Object> service(Form form, String code, String name) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("service_code", code);
        s.put("service_name", name);
        s.put("description", form.definition().getName() + ": " + form.labels().labels().getOrDefault(CATEGORY, CATEGORY)
                + "「" + name + "」");
        s.put("metadata", true);
        s.put("type", "realtime");
        s.put("keywords", "");
        s.put("group", form.definition().getName());
        return s;
    }

    /** {@code services/{code}.json}: the attributes a request of this service takes. */
    Map<String, Object> definition(String code) {
        service(code); // 404 for an unknown one
        Form form = form();
        List<Map<String, Object>> attributes = new ArrayList<>();
        int order = 1;
        for (FormSchema.Field field : form.attributes()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("variable", true);
            a.put("code", field.key());
            a.put("datatype", datatype(field));
            // a field the form may hide is required only where shown (see datatype_description)
            a.put("required", field.required() && field.hide() == null);
            a.put("datatype_description", rules(field));
            a.put("order", order++);
            a.put("description", field.label() == null ? field.key() : field.label());
            List<Map<String, String>> values = new ArrayList<>();
            if ("checkbox".equals(field.type())) {
                values.add(Map.of("key", "true", "name", "是"));
                values.add(Map.of("key", "false", "name", "否"));
            }
            form.labels().options().getOrDefault(field.key(), Map.of())
                    .forEach((value, label) -> values.add(Map.of("key", value, "name", label)));
            a.put("values", values);
            attributes.add(a);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("service_code", code);
        d.put("attributes", attributes);
        return d;
    }

    private static String datatype(FormSchema.Field field) {
        return switch (field.type()) {
            case "select", "radio", "checkbox" -> "singlevaluelist";
            case "checklist", "taglist" -> "multivaluelist";
            case "number" -> "number";
            case "datetime" -> "datetime";
            case "textarea" -> "text";
            default -> "string";
        };
    }

    /** The form's rules in words. */
    private static String rules(FormSchema.Field field) {
        List<String> rules = new ArrayList<>();
        if (field.minLength() != null && field.maxLength() != null) {
            rules.add(field.minLength() + "–" + field.maxLength() + " 个字符");
        } else if (field.maxLength() != null) {
            rules.add("最多 " + field.maxLength() + " 个字符");
        }
        if (field.pattern() != null && Set.of("^[^<>]*$").contains(field.pattern())) {
            rules.add("不含 < >");
        } else if (field.pattern() != null) {
            rules.add("格式 " + field.pattern());
        }
        if (field.hide() != null) {
            rules.add("表单在 " + field.hide().replaceFirst("^=", "") + " 时不显示此项" + (field.required() ? ", 显示时必填" : ""));
        }
        return String.join("; ", rules);
    }
}
