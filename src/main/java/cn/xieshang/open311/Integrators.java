package cn.xieshang.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.stereotype.Component;

/**
 * The integrators' keys ({@code api_key}): each stands for one Camunda user, who files the concerns and whose
 * communities (tenants) bound what the key may file and read. A key that is not configured, or whose user no longer
 * exists, is refused.
 */
@Component
class Integrators {

    /** The user a key stands for, with the groups and communities the engine checks them with. */
    record Integrator(String key, String userId, List<String> groups, List<String> communities) {
    }

    private final Map<String, String> keys;
    private final IdentityService identityService;
    private final PostLimit postLimit;
    /** Wrong keys per client address: guessing keys is slowed to 10 tries a minute. */
    private final PostLimit wrongKeys = new PostLimit(10, Clock.systemUTC());

    Integrators(Open311Properties properties, IdentityService identityService) {
        this.keys = properties.keys();
        this.identityService = identityService;
        this.postLimit = new PostLimit(properties.postsPerMinute(), Clock.systemUTC());
    }

    /** The integrator of a key; empty for no key. */
    Optional<Integrator> of(String apiKey, String address) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        if (wrongKeys.exhausted(address)) {
            throw new Open311Error(429, "api_key 错误次数过多, 请一分钟后再试");
        }
        String userId = null;
        byte[] given = apiKey.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : keys.entrySet()) { // every key compared in full: no timing hints
            if (MessageDigest.isEqual(given, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                userId = entry.getValue();
            }
        }
        if (userId == null || identityService.createUserQuery().userId(userId).count() == 0) {
            wrongKeys.tryAcquire(address);
            throw new Open311Error(403, "api_key 无效");
        }
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
        List<String> communities = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true)
                .list().stream().map(Tenant::getId).toList();
        return Optional.of(new Integrator(apiKey, userId, groups, communities));
    }

    /** The integrator of a key that must be given. */
    Integrator required(String apiKey, String address) {
        return of(apiKey, address).orElseThrow(() -> new Open311Error(403, "缺少 api_key: 提交诉求需要对接单位的 api_key"));
    }

    /** Counts a filing; a key past its limit is refused for the rest of the minute. */
    void countFiling(Integrator integrator) {
        if (!postLimit.tryAcquire(integrator.key())) {
            throw new Open311Error(429, "提交过于频繁, 请一分钟后再试");
        }
    }
}
