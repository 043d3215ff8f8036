package cn.xieshang.organisation;

import cn.xieshang.validation.InputRejectedException;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Every case belongs to one community: its tenant. The community is the {@code communityId} start variable,
 * or, when that is absent, the one community the starting user belongs to. Nobody starts a case in a
 * community they are not a member of. A process called by another stays in the caller's community.
 * Each case also gets the variables {@code communityId}, {@code communityName}, {@code streetId},
 * {@code streetName} and a readable case number as business key and as variable {@code caseNumber} (prefix from the
 * process's {@code caseNumberPrefix} property).
 */
@Component
public class CommunityTenancyPlugin extends AbstractProcessEnginePlugin {

    public static final String COMMUNITY_ID = "communityId";

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
                        : "字段「所属社区(communityId)」: 您属于多个社区, 请填写社区编号");
            }
            return own.get(0);
        }

        private boolean isMember(Authentication user, String community) {
            return (user.getTenantIds() != null && user.getTenantIds().contains(community))
                    || (user.getGroupIds() != null && user.getGroupIds().contains(Groups.CAMUNDA_ADMIN));
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
