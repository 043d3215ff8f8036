package cn.xieshang.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.util.List;
import org.camunda.bpm.engine.identity.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Yingze district's 1+7+X shape, as tenants, groups and demo users. */
class OrganisationTest extends IntegrationTest {

    @Autowired
    Organisation organisation;

    @Test
    void oneDistrictSevenStreetsSeventyOneCommunitiesEachATenant() {
        assertThat(organisation.district().name()).isEqualTo("迎泽区");
        assertThat(organisation.streets()).hasSize(7);
        assertThat(organisation.communities()).hasSize(71);
        assertThat(organisation.communities()).allSatisfy(c -> assertThat(c.grids()).isNotEmpty());
        List<String> tenants = identityService.createTenantQuery().list().stream().map(Tenant::getId).toList();
        assertThat(tenants).containsAll(organisation.communitiesById().keySet());
        assertThat(identityService.createTenantQuery().tenantId("laojunying-3").singleResult().getName())
                .isEqualTo("老军营小区第三社区");
        assertThat(identityService.createTenantQuery().tenantId("shangmajie-2").singleResult().getName())
                .isEqualTo("上马街二社区");
    }

    @Test
    void everyRoleIsAGroupWithItsChineseName() {
        for (Role role : Role.values()) {
            assertThat(identityService.createGroupQuery().groupId(role.groupId()).singleResult().getName())
                    .isEqualTo(role.chineseName());
        }
    }

    @Test
    void demoUsersForEveryCommunityRoleInTwoCommunities() {
        for (String community : List.of("laojunying-3", "shangmajie-2")) {
            for (Role role : Role.values()) {
                if (role == Role.STREET_OFFICE || role == Role.DISTRICT_OFFICE) {
                    continue;
                }
                assertThat(identityService.createUserQuery().memberOfGroup(role.groupId()).memberOfTenant(community)
                        .count()).as(role + " in " + community).isPositive();
            }
        }
        assertThat(identityService.checkPassword("ljy3-party-committee", DEMO_PASSWORD)).isTrue();
    }

    @Test
    void streetStaffBelongToTheirCommunitiesAndDistrictStaffToAll() {
        List<String> street = tenantsOf("laojunying-street");
        List<String> district = tenantsOf("district");
        List<String> community = tenantsOf("ljy3-party-committee");

        assertThat(street).containsExactlyInAnyOrderElementsOf(organisation.street("laojunying").orElseThrow()
                .communities().stream().map(Organisation.Community::id).toList());
        assertThat(district).hasSize(71);
        assertThat(community).containsExactly("laojunying-3");
    }

    private List<String> tenantsOf(String user) {
        return identityService.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream()
                .map(Tenant::getId).toList();
    }
}
