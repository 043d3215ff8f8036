package cn.xieshang.concern;

import cn.xieshang.validation.InputRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Many concerns at once, as one evening talk (社区夜话) collects them: one {@code concern} per item, each through the
 * start form's rules exactly as a single entry, all in one transaction. Either every item is valid and all start,
 * or the answer lists every problem by item and nothing is stored.
 */
@Component
public class ConcernBatch {

    public static final String PROCESS = "concern";
    public static final int MAX_ITEMS = 100;

    public record Started(int index, String id, String caseNumber, String title) {
    }

    private final FormService formService;
    private final RepositoryService repositoryService;
    private final TransactionTemplate transaction;

    ConcernBatch(FormService formService, RepositoryService repositoryService, PlatformTransactionManager transactions) {
        this.formService = formService;
        this.repositoryService = repositoryService;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @param shared values every item has unless it says otherwise (channel, location, communityId …)
     * @param items each item's own values, by start form field
     */
    public List<Started> start(Map<String, Object> shared, List<Map<String, Object>> items) {
        if (items == null || items.isEmpty()) {
            throw new InputRejectedException("字段「诉求(concerns)」为必填项: 至少登记一条诉求");
        }
        if (items.size() > MAX_ITEMS) {
            throw new InputRejectedException("字段「诉求(concerns)」: 一次最多登记 " + MAX_ITEMS + " 条(收到 " + items.size() + " 条)");
        }
        return transaction.execute(status -> {
            ProcessDefinition definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS)
                    .withoutTenantId().latestVersion().singleResult();
            if (definition == null) {
                throw new org.camunda.bpm.engine.AuthorizationException("您无权登记诉求");
            }
            List<Started> started = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i + 1;
                Map<String, Object> values = new LinkedHashMap<>(shared);
                values.putAll(items.get(i));
                try {
                    ProcessInstance instance = formService.submitStartForm(definition.getId(), values);
                    started.add(new Started(index, instance.getId(), instance.getBusinessKey(),
                            String.valueOf(values.get("title"))));
                } catch (InputRejectedException rejected) {
                    rejected.problems().forEach(p -> problems.add("第 " + index + " 条: " + p));
                }
            }
            if (!problems.isEmpty()) {
                status.setRollbackOnly();
                throw new InputRejectedException(problems);
            }
            return started;
        });
    }
}
