package cn.xieshang.organisation;

import cn.xieshang.system.StartupStep;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Demo users for every role in two communities, plus street and district staff. Profile {@code demo} only. */
@Component
@Profile("demo")
@Order(60)
class DemoOrganisation implements StartupStep {

    record DemoUser(String id, String firstName, String lastName, String email, List<String> groups,
            List<String> communities, List<String> streets, @JsonProperty("district") boolean district) {
    }

    record DemoUsers(List<DemoUser> users) {
    }

    private final IdentityService identityService;
    private final Organisation organisation;
    private final String password;

    DemoOrganisation(IdentityService identityService, Organisation organisation,
            @Value("${xieshang.demo.password}") String password) {
        this.identityService = identityService;
        this.organisation = organisation;
        this.password = password;
    }

    @Override
    public void run() {
        for (DemoUser demo : load().users()) {
            User user = identityService.createUserQuery().userId(demo.id()).singleResult();
            if (user == null) {
                user = identityService.newUser(demo.id());
                user.setPassword(password);
            }
            user.setFirstName(demo.firstName());
            user.setLastName(demo.lastName());
            user.setEmail(demo.email());
            identityService.saveUser(user);
            for (String group : demo.groups()) {
                if (Role.byGroupId(group).isEmpty()) {
                    throw new IllegalStateException("Demo user " + demo.id() + " has unknown role " + group);
                }
                member(demo.id(), group);
            }
            for (String community : nullSafe(demo.communities())) {
                organisation.community(community)
                        .orElseThrow(() -> new IllegalStateException("Unknown community " + community));
                if (identityService.createTenantQuery().userMember(demo.id()).tenantId(community).count() == 0) {
                    identityService.createTenantUserMembership(community, demo.id());
                }
            }
            for (String street : nullSafe(demo.streets())) {
                organisation.street(street).orElseThrow(() -> new IllegalStateException("Unknown street " + street));
                member(demo.id(), OrganisationSync.streetGroupId(street));
            }
        }
    }

    private void member(String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
        }
    }

    private static List<String> nullSafe(List<String> list) {
        return list == null ? List.of() : list;
    }

    static DemoUsers load() {
        try (InputStream in = new ClassPathResource("organisation/demo-users.yaml").getInputStream()) {
            return OrganisationConfiguration.YAML.readValue(in, DemoUsers.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
