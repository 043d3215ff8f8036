package cn.xieshang.security;

import cn.xieshang.system.StartupStep;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator with full rights. Because an administrator always exists, Camunda Admin never
 * offers its "create the first admin user" page.
 */
@Component
@Order(30)
class AdminAccount implements StartupStep {

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final AdminProperties properties;

    AdminAccount(IdentityService identityService, AuthorizationService authorizationService,
            AdminProperties properties) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.properties = properties;
    }

    @Override
    public void run() {
        if (identityService.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
            Group admins = identityService.newGroup(Groups.CAMUNDA_ADMIN);
            admins.setName("系统管理员");
            admins.setType(Groups.GROUP_TYPE_SYSTEM);
            identityService.saveGroup(admins);
        }
        for (Resource resource : Resources.values()) {
            boolean granted = authorizationService.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN)
                    .resourceType(resource).resourceId(Authorization.ANY).count() > 0;
            if (!granted) {
                Authorization all = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                all.setGroupId(Groups.CAMUNDA_ADMIN);
                all.setResource(resource);
                all.setResourceId(Authorization.ANY);
                all.addPermission(Permissions.ALL);
                authorizationService.saveAuthorization(all);
            }
        }
        User admin = identityService.createUserQuery().userId(properties.username()).singleResult();
        if (admin == null) {
            admin = identityService.newUser(properties.username());
            admin.setFirstName("系统");
            admin.setLastName("管理员");
            admin.setPassword(properties.password());
            identityService.saveUser(admin);
        }
        if (identityService.createUserQuery().userId(admin.getId()).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            identityService.createMembership(admin.getId(), Groups.CAMUNDA_ADMIN);
        }
    }
}
