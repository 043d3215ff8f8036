package cn.xieshang.residents;

import cn.xieshang.organisation.Role;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the public pages do in the engine, as the technical user {@value #USER}: a resident without an account acts
 * through it. The user exists only as an authentication the application sets for the one call it makes — there is no
 * such account in the identity service, so nobody can log in as it — with the role {@code resident} and the one
 * community the resident chose as its tenant, i.e. a starter of {@code concern} and {@code deliberation} in every community and in none
 * beyond the call. Everything goes through the engine's public API, so the start form's rules
 * ({@code forms/raise-concern.form}, {@code FormRulesPlugin}), the tenancy checks and the authorizations apply exactly as
 * for Tasklist and REST. The model names the same user as assignee of {@code Task_RequesterRates}, which the
 * follow-up page completes on the requester's behalf through the form {@code rate-concern}.
 */
@Component
class ResidentsDoor {

    static final String USER = "residents-door";
    static final String CONCERN = "concern";
    static final String TOPIC = "deliberation";
    static final String RATE_TASK = "Task_RequesterRates";

    record Raised(String processInstanceId, String caseNumber, String token) {
    }

    private final FormService formService;
    private final RepositoryService repositoryService;
    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final IdentityService identityService;
    private final FollowUpLinks links;
    private final TransactionTemplate transaction;

    ResidentsDoor(FormService formService, RepositoryService repositoryService, RuntimeService runtimeService,
            TaskService taskService, IdentityService identityService, FollowUpLinks links,
            PlatformTransactionManager transactions) {
        this.formService = formService;
        this.repositoryService = repositoryService;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.identityService = identityService;
        this.links = links;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Starts a concern ({@value #CONCERN}) or proposes a topic ({@value #TOPIC}) with the start form's values, marks
     * the case as followed through a link and issues the link's token, in one transaction: refused input
     * ({@code InputRejectedException}) stores nothing.
     */
    Raised raise(String process, String communityId, Map<String, Object> values) {
        return transaction.execute(status -> {
            ProcessDefinition definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(process)
                    .withoutTenantId().latestVersion().singleResult();
            ProcessInstance instance = as(communityId, () -> formService.submitStartForm(definition.getId(), values));
            runtimeService.setVariable(instance.getId(), FollowUpLinks.VARIABLE, true);
            return new Raised(instance.getId(), instance.getBusinessKey(), links.create(instance.getId()));
        });
    }

    /** The requester's rating, if the case waits for it; false when it does not (rated already, or timed out). */
    boolean rate(String processInstanceId, Map<String, Object> values) {
        Task task = taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(RATE_TASK)
                .singleResult();
        if (task == null) {
            return false;
        }
        submit(task, values);
        return true;
    }

    /** Submits a task's form on a resident's behalf, in the task's community (the rating, an online objection). */
    void submit(Task task, Map<String, Object> values) {
        as(task.getTenantId(), () -> {
            formService.submitTaskForm(task.getId(), values);
            return null;
        });
    }

    private <T> T as(String communityId, java.util.function.Supplier<T> call) {
        identityService.setAuthentication(USER, List.of(Role.RESIDENT.groupId()),
                communityId == null ? List.of() : List.of(communityId));
        try {
            return call.get();
        } finally {
            identityService.clearAuthentication();
        }
    }
}
