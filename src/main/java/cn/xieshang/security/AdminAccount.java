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
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator with full rights. Because an administrator always exists, Camunda Admin never
 * offers its "create the first admin user" page. The configured password is the administrator's password: an
 * administrator created earlier with another one (say 'demo', by the demo profile) gets the configured one at
 * start-up, so a database once run as the demo never keeps {@code admin:demo}.
 */
@Component
@Order(30)
class AdminAccount implements StartupStep {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final AdminProperties properties;
    private final ProcessEngineConfigurationImpl engineConfiguration;

    AdminAccount(IdentityService identityService, AuthorizationService authorizationService,
            AdminProperties properties, ProcessEngineConfigurationImpl engineConfiguration) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.properties = properties;
        this.engineConfiguration = engineConfiguration;
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
        } else if (!hasPassword((UserEntity) admin, properties.password())) {
            admin.setPassword(properties.password());
            identityService.saveUser(admin);
            identityService.unlockUser(admin.getId());
            LOG.warn("The administrator '{}' had another password than the configured one (xieshang.admin.password); "
                    + "it now has the configured one", admin.getId());
        }
        if (identityService.createUserQuery().userId(admin.getId()).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            identityService.createMembership(admin.getId(), Groups.CAMUNDA_ADMIN);
        }
    }

    /** Compares without logging in, so no failed attempt is counted against the administrator. */
    private boolean hasPassword(UserEntity user, String password) {
        return user.getPassword() != null && engineConfiguration.getPasswordManager()
                .check(EncryptionUtil.saltPassword(password, user.getSalt()), user.getPassword());
    }
}
