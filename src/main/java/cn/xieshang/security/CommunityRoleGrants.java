package cn.xieshang.security;

import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.Task;

/** The engine's default grants, except that a task's candidate role is granted as the role in the task's community. */
class CommunityRoleGrants extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
        return super.newTaskGroupIdentityLink(task, CommunityRoles.grantee(groupId, task.getTenantId()), type);
    }
}
