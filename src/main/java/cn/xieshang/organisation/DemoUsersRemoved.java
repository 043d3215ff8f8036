package cn.xieshang.organisation;

import cn.xieshang.system.StartupStep;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile no demo user can log in: the demo users an earlier start with the 'demo' profile left
 * in the database (the ids and addresses of organisation/demo-users.yaml) are removed, loudly.
 */
@Component
@Profile("!demo")
@Order(60)
class DemoUsersRemoved implements StartupStep {

    private static final Logger LOG = LoggerFactory.getLogger(DemoUsersRemoved.class);

    private final IdentityService identityService;

    DemoUsersRemoved(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public void run() {
        int removed = 0;
        for (DemoOrganisation.DemoUser demo : DemoOrganisation.load().users()) {
            User user = identityService.createUserQuery().userId(demo.id()).singleResult();
            // the address too, so that a real person who happens to have a demo user's id is kept
            if (user != null && Objects.equals(user.getEmail(), demo.email())) {
                identityService.deleteUser(demo.id());
                removed++;
            }
        }
        if (removed > 0) {
            LOG.warn("Removed {} demo users (organisation/demo-users.yaml) that an earlier start with the 'demo' "
                    + "profile left in this database: outside the demo profile they must not log in", removed);
        }
    }
}
