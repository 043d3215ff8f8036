package cn.xieshang.security;

import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

/**
 * The engine's authorization checks, with the person's {@link CommunityRoles community roles} added to the groups
 * they are checked with. Added only for the authenticated person themself (checks of someone else's rights get
 * their plain groups: fewer rights, never more).
 * <p>
 * The engine's own version first reads every group that has any authorization
 * ({@code SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION}, a scan of the whole table on every request) only to
 * leave out groups without authorizations; a group without rows matches no row, so the checks' results are the same
 * without that read.
 */
public class CommunityRoleGroups extends AuthorizationManager {

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> groupIds) {
        if (groupIds == null || groupIds.isEmpty()) {
            return Collections.emptyList();
        }
        CommandContext command = Context.getCommandContext();
        Authentication current = command == null ? null : command.getAuthentication();
        if (current == null || !groupIds.equals(current.getGroupIds())) {
            return groupIds;
        }
        return CommunityRoles.held(groupIds, current.getTenantIds());
    }
}
