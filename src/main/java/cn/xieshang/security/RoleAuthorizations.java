package cn.xieshang.security;

import cn.xieshang.organisation.Role;
import cn.xieshang.system.StartupStep;
import java.util.Arrays;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What each role may do, as Camunda authorizations (the tenant check then confines everything to the user's
 * communities). Who may start a process is read from the model: the process's {@code camunda:candidateStarterGroups}.
 * Tasks need no grant here: the engine grants a task's candidate groups the right to work on it.
 */
@Component
@Order(40)
class RoleAuthorizations implements StartupStep {

    private final AuthorizationService authorizationService;
    private final RepositoryService repositoryService;

    RoleAuthorizations(AuthorizationService authorizationService, RepositoryService repositoryService) {
        this.authorizationService = authorizationService;
        this.repositoryService = repositoryService;
    }

    @Override
    public void run() {
        for (Role role : Role.values()) {
            String group = role.groupId();
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(group, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
            // role names (社区党委 …) shown in Tasklist instead of ids; users stay private
            grant(group, Resources.GROUP, Authorization.ANY, Permissions.READ);
            if (role.watchesFlows()) {
                grant(group, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
                grant(group, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ,
                        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                        ProcessDefinitionPermissions.READ_TASK);
                grant(group, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ);
                grant(group, Resources.TASK, Authorization.ANY, Permissions.READ);
                grant(group, Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ);
                grant(group, Resources.DECISION_DEFINITION, Authorization.ANY, Permissions.READ,
                        Permissions.READ_HISTORY);
            }
        }
        for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery().latestVersion().list()) {
            Process process = repositoryService.getBpmnModelInstance(definition.getId())
                    .getModelElementById(definition.getKey());
            String starters = process.getCamundaCandidateStarterGroups();
            if (starters == null) {
                continue;
            }
            for (String group : Arrays.stream(starters.split(",")).map(String::trim).toList()) {
                if (Role.byGroupId(group).isEmpty()) {
                    throw new IllegalStateException("Process " + definition.getKey()
                            + " names unknown candidate starter group '" + group + "'");
                }
                grant(group, Resources.PROCESS_DEFINITION, definition.getKey(), Permissions.READ,
                        Permissions.CREATE_INSTANCE);
            }
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization existing = authorizationService.createAuthorizationQuery().groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).singleResult();
        Authorization authorization = existing != null ? existing
                : authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(groupId);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizationService.saveAuthorization(authorization);
    }
}
