package cn.xieshang.security;

import cn.xieshang.organisation.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A role in one community — {@code party-committee@laojunying-3} — as the group a task's candidate-group permission
 * is granted to. The models name roles ({@code camunda:candidateGroups="party-committee"}) and people are members of
 * roles and of communities (tenants); a task of a community offered to a role is granted to that role in that
 * community. A person holds the community roles of every (role, community) pair they have. Nobody is a member of such
 * a group in the identity service: they are derived from the person's roles and communities when permissions are
 * checked ({@link CommunityRoleGroups}).
 * <p>
 * Why: Camunda grants a task's candidate group an authorization row per task. With plain role groups, every query a
 * person makes weighs their role's rows of the whole district (a community's Tasklist slowed with every other
 * community's work); with community roles it weighs only their own communities' rows. Who sees what is unchanged: a
 * task still needs the person's role (the row) and community (the tenant check). See docs/benchmark.md.
 */
public final class CommunityRoles {

    private static final char SEPARATOR = '@';

    private CommunityRoles() {
    }

    /** The group a task of {@code communityId} offered to {@code groupId} is granted to: itself unless it is a role. */
    public static String grantee(String groupId, String communityId) {
        if (communityId == null || groupId == null || Role.byGroupId(groupId).isEmpty()) {
            return groupId;
        }
        return groupId + SEPARATOR + communityId;
    }

    /** The groups a person with these groups and communities holds: their own, plus each role in each community. */
    public static List<String> held(Collection<String> groupIds, Collection<String> communityIds) {
        Set<String> held = new LinkedHashSet<>(groupIds);
        if (communityIds != null) {
            for (String group : groupIds) {
                if (Role.byGroupId(group).isPresent()) {
                    for (String community : communityIds) {
                        held.add(grantee(group, community));
                    }
                }
            }
        }
        return new ArrayList<>(held);
    }
}
