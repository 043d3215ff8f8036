package cn.xieshang.organisation;

import cn.xieshang.system.StartupStep;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes every role a Camunda group and every community a Camunda tenant. Street staff see their communities
 * through a unit group per street ({@code street-<id>}) that is a member of those communities' tenants; the
 * district office's role group is a member of every community's tenant. Idempotent.
 */
@Component
@Order(20)
public class OrganisationSync implements StartupStep {

    static final String ROLE_GROUP_TYPE = "WORKFLOW";
    static final String UNIT_GROUP_TYPE = "ORGANISATION";

    private final IdentityService identityService;
    private final Organisation organisation;

    OrganisationSync(IdentityService identityService, Organisation organisation) {
        this.identityService = identityService;
        this.organisation = organisation;
    }

    @Override
    public void run() {
        for (Role role : Role.values()) {
            Group group = identityService.createGroupQuery().groupId(role.groupId()).singleResult();
            if (group == null) {
                group = identityService.newGroup(role.groupId());
            }
            group.setName(role.chineseName());
            group.setType(ROLE_GROUP_TYPE);
            identityService.saveGroup(group);
        }
        for (Organisation.Community community : organisation.communities()) {
            Tenant tenant = identityService.createTenantQuery().tenantId(community.id()).singleResult();
            if (tenant == null) {
                tenant = identityService.newTenant(community.id());
            }
            tenant.setName(community.name());
            identityService.saveTenant(tenant);
            joinTenant(community.id(), Role.DISTRICT_OFFICE.groupId());
        }
        for (Organisation.Street street : organisation.streets()) {
            String groupId = streetGroupId(street.id());
            Group group = identityService.createGroupQuery().groupId(groupId).singleResult();
            if (group == null) {
                group = identityService.newGroup(groupId);
            }
            group.setName(street.name());
            group.setType(UNIT_GROUP_TYPE);
            identityService.saveGroup(group);
            street.communities().forEach(c -> joinTenant(c.id(), groupId));
        }
    }

    public static String streetGroupId(String streetId) {
        return "street-" + streetId;
    }

    private void joinTenant(String tenantId, String groupId) {
        if (identityService.createGroupQuery().groupId(groupId).memberOfTenant(tenantId).count() == 0) {
            identityService.createTenantGroupMembership(tenantId, groupId);
        }
    }
}
