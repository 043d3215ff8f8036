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

    /** Members of a role who belong to the community: directly, or through a unit group (a street office). */
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
            for (User user : identity.createUserQuery().memberOfGroup(unit.getId()).list()) {
                if (identity.createUserQuery().userId(user.getId()).memberOfGroup(groupId).count() > 0) {
                    members.add(user.getId());
                }
            }
        }
        return members;
    }
}
