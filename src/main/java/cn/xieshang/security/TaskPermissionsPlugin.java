package cn.xieshang.security;

import org.apache.ibatis.session.Configuration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Task permissions that cost a community's people the same whatever the district's size (issue: district scale):
 * candidate roles granted per community ({@link CommunityRoleGrants}, {@link CommunityRoles}), checked with the
 * person's community roles ({@link CommunityRoleGroups}), and the task query's permission join made hashable
 * ({@link TaskQuerySql}, on PostgreSQL). The walls are the engine's: the tenant check and one authorization row per task and grantee.
 */
@Component
public class TaskPermissionsPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setResourceAuthorizationProvider(new CommunityRoleGrants());
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        configuration.getSessionFactories().put(AuthorizationManager.class,
                new GenericManagerFactory(CommunityRoleGroups.class));
        Configuration mybatis = configuration.getSqlSessionFactory().getConfiguration();
        // PostgreSQL only: H2 (the demo's database) answered the rewritten query with another execution's rows
        // (its common table expressions with bound parameters), and at a demo's size the engine's join is fast
        if ("postgres".equals(configuration.getDatabaseType())
                && mybatis.getInterceptors().stream().noneMatch(TaskQuerySql.class::isInstance)) {
            mybatis.addInterceptor(new TaskQuerySql());
        }
    }
}
