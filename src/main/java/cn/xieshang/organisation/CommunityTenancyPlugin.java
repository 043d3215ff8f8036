package cn.xieshang.organisation;

import cn.xieshang.validation.InputRejectedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.form.StartFormData;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.FormDataImpl;
import org.camunda.bpm.engine.impl.form.FormFieldImpl;
import org.camunda.bpm.engine.impl.form.handler.StartFormHandler;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * Every case belongs to one community: its tenant. The community is the {@code communityId} start variable,
 * or, when that is absent, the one community the starting user belongs to. Nobody starts a case in a
 * community they are not a member of. A process called by another stays in the caller's community.
 * Each case also gets the variables {@code communityId}, {@code communityName}, {@code streetId},
 * {@code streetName} and a readable case number as business key and as variable {@code caseNumber} (prefix from the
 * process's {@code caseNumberPrefix} property).
 * <p>
 * A start form chooses the community by name: every process started with a Camunda Form offers the start-form
 * variable {@code communityOptions}, the communities the person may start a case in ({@code [{label, value}]}), for a
 * select with {@code "valuesKey": "communityOptions"} (see {@code cn.xieshang.validation.ServedStartForms} for how
 * Tasklist gets them, and the forms' own rule to hide the choice when there is nothing to choose).
 */
@Component
public class CommunityTenancyPlugin extends AbstractProcessEnginePlugin {

    public static final String COMMUNITY_ID = "communityId";
    /** The start-form variable that lists the communities a person may start a case in. */
    public static final String COMMUNITY_OPTIONS = "communityOptions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Organisation organisation;

    CommunityTenancyPlugin(Organisation organisation) {
        this.organisation = organisation;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setTenantIdProvider(new CommunityTenantIdProvider());
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
                        new CaseIdentity(property(processElement, "caseNumberPrefix")));
                if (processDefinition.getStartFormHandler() != null) {
                    processDefinition.setStartFormHandler(new CommunityChoice(processDefinition.getStartFormHandler()));
                }
            }
        });
    }

    class CommunityTenantIdProvider implements TenantIdProvider {

        @Override
        public String provideTenantIdForProcessInstance(TenantIdProviderProcessInstanceContext ctx) {
            if (ctx.getSuperExecution() != null) {
                return ctx.getSuperExecution().getTenantId();
            }
            Object requested = ctx.getVariables().get(COMMUNITY_ID);
            Authentication user = Context.getCommandContext().getAuthentication();
            if (requested != null && !(requested instanceof String)) {
                throw new InputRejectedException("字段「所属社区(communityId)」应为文本");
            }
            String community = (String) requested;
            if (community != null && !community.isBlank()) {
                if (organisation.community(community).isEmpty()) {
                    throw new InputRejectedException("字段「所属社区(communityId)」: 未知社区 " + community);
                }
                if (user != null && !isMember(user, community)) {
                    throw new InputRejectedException("字段「所属社区(communityId)」: 您不属于社区 " + community);
                }
                return community;
            }
            if (user == null) {
                throw new InputRejectedException("字段「所属社区(communityId)」为必填项");
            }
            List<String> own = user.getTenantIds() == null ? List.of()
                    : user.getTenantIds().stream().filter(t -> organisation.community(t).isPresent()).toList();
            if (own.size() != 1) {
                throw new InputRejectedException(own.isEmpty()
                        ? "字段「所属社区(communityId)」: 您不属于任何社区, 无法提交"
                        : "字段「所属社区(communityId)」: 您属于多个社区, 请选择一个");
            }
            return own.get(0);
        }

        @Override
        public String provideTenantIdForCaseInstance(TenantIdProviderCaseInstanceContext ctx) {
            return null;
        }

        @Override
        public String provideTenantIdForHistoricDecisionInstance(TenantIdProviderHistoricDecisionInstanceContext ctx) {
            return ctx.getExecution() != null ? ctx.getExecution().getTenantId() : null;
        }
    }

    /**
     * The communities the user may start a case in, as options of a select: their own communities (all of them
     * for administrators and for the engine's own work), named as people know them; with the street where they
     * span more than one.
     */
    List<Map<String, String>> communityOptions(Authentication user) {
        List<Organisation.Community> communities = organisation.communities().stream()
                .filter(c -> user == null || isMember(user, c.id())).toList();
        long streets = communities.stream().map(c -> organisation.streetOf(c.id()).map(Organisation.Street::id)
                .orElse("")).distinct().count();
        List<Map<String, String>> options = new ArrayList<>();
        for (Organisation.Community community : communities) {
            String street = organisation.streetOf(community.id()).map(Organisation.Street::name).orElse(null);
            Map<String, String> option = new LinkedHashMap<>();
            option.put("label", streets > 1 && street != null ? community.name() + "(" + street + ")" : community.name());
            option.put("value", community.id());
            options.add(option);
        }
        return options;
    }

    private static boolean isMember(Authentication user, String community) {
        return (user.getTenantIds() != null && user.getTenantIds().contains(community))
                || (user.getGroupIds() != null && user.getGroupIds().contains(Groups.CAMUNDA_ADMIN));
    }

    /** A start form handler that also offers {@link #COMMUNITY_OPTIONS} with a Camunda Form start form. */
    class CommunityChoice implements StartFormHandler {

        private final StartFormHandler delegate;

        CommunityChoice(StartFormHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public StartFormData createStartFormData(ProcessDefinitionEntity processDefinition) {
            StartFormData data = delegate.createStartFormData(processDefinition);
            if (data.getCamundaFormRef() != null && data instanceof FormDataImpl form) {
                FormFieldImpl options = new FormFieldImpl();
                options.setId(COMMUNITY_OPTIONS);
                options.setLabel("所属社区");
                try {
                    options.setValue(SpinValues.jsonValue(JSON.writeValueAsString(
                            communityOptions(Context.getCommandContext().getAuthentication()))).create());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                List<org.camunda.bpm.engine.form.FormField> fields = new ArrayList<>(form.getFormFields());
                fields.add(options);
                form.setFormFields(fields);
            }
            return data;
        }

        @Override
        public void parseConfiguration(Element element, DeploymentEntity deployment,
                ProcessDefinitionEntity definition, BpmnParse parse) {
            delegate.parseConfiguration(element, deployment, definition, parse);
        }

        @Override
        public void submitFormVariables(VariableMap properties, VariableScope scope) {
            delegate.submitFormVariables(properties, scope);
        }
    }

    class CaseIdentity implements ExecutionListener {

        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

        private final String prefix;

        CaseIdentity(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void notify(DelegateExecution execution) {
            String tenant = execution.getTenantId();
            organisation.community(tenant).ifPresent(c -> {
                execution.setVariable(COMMUNITY_ID, c.id());
                execution.setVariable("communityName", c.name());
            });
            organisation.streetOf(tenant).ifPresent(s -> {
                execution.setVariable("streetId", s.id());
                execution.setVariable("streetName", s.name());
            });
            if (prefix != null && execution.getProcessBusinessKey() == null) {
                StringBuilder number = new StringBuilder(prefix).append('-')
                        .append(ClockUtil.now().toInstant().atZone(java.time.ZoneId.of("Asia/Shanghai")).format(DAY))
                        .append('-');
                for (int i = 0; i < 6; i++) {
                    number.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
                }
                execution.setProcessBusinessKey(number.toString());
            }
            if (execution.getProcessBusinessKey() != null) {
                execution.setVariable("caseNumber", execution.getProcessBusinessKey()); // for forms and mails
            }
        }
    }

    private static String property(Element processElement, String name) {
        Element extensions = processElement.element("extensionElements");
        Element properties = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
        if (properties == null) {
            return null;
        }
        for (Element property : properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
            if (name.equals(property.attribute("name"))) {
                return property.attribute("value");
            }
        }
        return null;
    }
}
