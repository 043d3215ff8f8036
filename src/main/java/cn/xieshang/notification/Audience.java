package cn.xieshang.notification;

import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

/** Who may act on a task: its assignee, or else its candidate users and its candidate groups' members in the community. */
final class Audience {

    private Audience() {
    }

    static Set<String> of(IdentityService identity, String assignee, Iterable<? extends IdentityLink> links, String tenant,
            boolean assigneeOnly) {
        Set<String> users = new LinkedHashSet<>();
        if (assignee != null) {
            users.add(assignee);
            if (assigneeOnly) {
                return users;
            }
        }
        for (IdentityLink link : links) {
            if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
                continue;
            }
            if (link.getUserId() != null) {
                users.add(link.getUserId());
            }
            if (link.getGroupId() != null) {
                users.addAll(membersInCommunity(identity, link.getGroupId(), tenant));
            }
        }
        return users;
    }

    /**
     * Members of a role who belong to the community: directly, or through a unit group (a street office). One query
     * for the direct members, one for the community's unit groups and two per unit (its members, and which of them
     * hold the role), however many people a unit has.
     */
    static Set<String> membersInCommunity(IdentityService identity, String groupId, String tenant) {
        Set<String> members = new LinkedHashSet<>();
        if (tenant == null) {
            return members; // a case without community has no audience; none should exist
        }
        identity.createUserQuery().memberOfGroup(groupId).memberOfTenant(tenant).list()
                .forEach(u -> members.add(u.getId()));
        for (Group unit : identity.createGroupQuery().memberOfTenant(tenant).list()) {
            if (unit.getId().equals(groupId)) {
                identity.createUserQuery().memberOfGroup(groupId).list().forEach(u -> members.add(u.getId()));
                continue;
            }
            String[] inUnit = identity.createUserQuery().memberOfGroup(unit.getId()).list().stream().map(User::getId)
                    .toArray(String[]::new);
            if (inUnit.length > 0) {
                identity.createUserQuery().userIdIn(inUnit).memberOfGroup(groupId).list()
                        .forEach(u -> members.add(u.getId()));
            }
        }
        return members;
    }
}
