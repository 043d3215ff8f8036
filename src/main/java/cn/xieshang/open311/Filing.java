package cn.xieshang.open311;

import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.FormSchema;
import cn.xieshang.validation.InputRejectedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * {@code POST requests.json}: a concern started as the key's user, through the start form {@code raise-concern} and
 * its rules exactly as Tasklist and {@code /engine-rest} start one (the engine checks the form when the process
 * starts; a refusal stores nothing). GeoReport's parameters become the form's fields ({@link Services#STANDARD}),
 * {@code attribute[code]} the others. {@code lat}/{@code long} only stand in for a missing address;
 * {@code media_url}, {@code device_id} and {@code account_id} are not kept.
 */
@Component
class Filing {

    record Filed(String caseNumber, String notice) {
    }

    private final Services services;
    private final FormService formService;
    private final IdentityService identityService;
    private final Organisation organisation;

    Filing(Services services, FormService formService, IdentityService identityService, Organisation organisation) {
        this.services = services;
        this.formService = formService;
        this.identityService = identityService;
        this.organisation = organisation;
    }

    Filed file(Integrators.Integrator integrator, MultiValueMap<String, String> params) {
        Services.Form form = services.form();
        Map<String, Object> values = values(form, integrator, params);
        ProcessInstance instance;
        identityService.setAuthentication(integrator.userId(), integrator.groups(), integrator.communities());
        try {
            instance = formService.submitStartForm(form.definition().getId(), values);
        } catch (InputRejectedException e) {
            throw Open311Error.badRequest(e.getMessage());
        } catch (AuthorizationException e) {
            throw new Open311Error(403, "此 api_key 无权登记诉求");
        } finally {
            identityService.clearAuthentication();
        }
        return new Filed(instance.getBusinessKey(), "诉求已登记, 编号 " + instance.getBusinessKey()
                + "。可凭编号查询办理进度(GET requests/" + instance.getBusinessKey() + ".json)。");
    }

    private Map<String, Object> values(Services.Form form, Integrators.Integrator integrator,
            MultiValueMap<String, String> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        String code = param(params, "service_code");
        if (code == null) {
            throw Open311Error.badRequest("缺少 service_code(诉求类别)");
        }
        if (!form.categories().containsKey(code)) {
            throw Open311Error.badRequest("service_code 不是可选的类别: " + code);
        }
        values.put(Services.CATEGORY, code);
        String community = param(params, "jurisdiction_id");
        if (community != null) {
            if (organisation.community(community).isEmpty()) {
                throw Open311Error.notFound("没有这个社区(jurisdiction_id): " + community);
            }
            if (!integrator.communities().contains(community)) {
                throw new Open311Error(403, "此 api_key 不能在社区 " + community + " 登记诉求");
            }
            values.put("communityId", community);
        }
        put(values, "description", param(params, "description"));
        String address = param(params, "address_string");
        if (address == null && param(params, "lat") != null && param(params, "long") != null) {
            address = "纬度 " + param(params, "lat") + ", 经度 " + param(params, "long");
        }
        put(values, "location", address);
        String family = param(params, "last_name");
        String given = param(params, "first_name");
        if (family != null || given != null) {
            values.put("requesterName", (family == null ? "" : family) + (given == null ? "" : given)); // 姓在前
        }
        put(values, "requesterContact", param(params, "phone"));
        put(values, "requesterEmail", param(params, "email"));
        List<FormSchema.Field> attributes = form.attributes();
        for (String name : params.keySet()) {
            if (!name.startsWith("attribute[")) {
                continue;
            }
            String key = name.endsWith("]") ? name.substring("attribute[".length(), name.length() - 1) : "";
            FormSchema.Field field = attributes.stream().filter(f -> f.key().equals(key)).findFirst()
                    .orElseThrow(() -> Open311Error.badRequest("此服务没有属性 " + name));
            List<String> given311 = params.get(name).stream().filter(s -> s != null && !s.isBlank()).toList();
            if (given311.isEmpty()) {
                continue;
            }
            values.put(key, value(field, given311));
        }
        return values;
    }

    /** A form field's value from the text GeoReport sends. */
    private static Object value(FormSchema.Field field, List<String> texts) {
        String text = texts.get(0).trim();
        switch (field.type()) {
            case "checkbox" -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw Open311Error.badRequest("属性 attribute[" + field.key() + "] 应为 true 或 false");
                }
                return Boolean.valueOf(text);
            }
            case "number" -> {
                try {
                    return new java.math.BigDecimal(text).stripTrailingZeros().scale() <= 0 ? (Object) Long.valueOf(text)
                            : Double.valueOf(text);
                } catch (NumberFormatException e) {
                    throw Open311Error.badRequest("属性 attribute[" + field.key() + "] 应为数字");
                }
            }
            default -> {
                return text;
            }
        }
    }

    private static void put(Map<String, Object> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private static String param(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
