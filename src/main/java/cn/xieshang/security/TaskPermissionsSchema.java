package cn.xieshang.security;

import cn.xieshang.organisation.Role;
import cn.xieshang.system.StartupStep;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the {@link TaskPermissionsPlugin task permissions} need of the database, on H2 and PostgreSQL alike: an index
 * for a person's own authorization rows (the engine indexes them only behind TYPE_, which every row shares), one for
 * a task's candidates, and tasks created before community roles granted to their community role. Idempotent.
 */
@Component
@Order(7)
class TaskPermissionsSchema implements StartupStep {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPermissionsSchema.class);

    private final JdbcTemplate jdbc;

    TaskPermissionsSchema(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run() {
        jdbc.execute("CREATE INDEX IF NOT EXISTS XS_IDX_AUTH_USER ON ACT_RU_AUTHORIZATION (USER_ID_)");
        // a task's candidates, read from the index alone: lets the database go from a community's tasks to their
        // candidates instead of hashing every candidate link of the district (Tasklist's 我的待办 and 本组待办)
        jdbc.execute("CREATE INDEX IF NOT EXISTS XS_IDX_IDENT_TASK ON ACT_RU_IDENTITYLINK"
                + " (TASK_ID_, TYPE_, GROUP_ID_, USER_ID_)");
        String roles = Arrays.stream(Role.values()).map(r -> "'" + r.groupId() + "'").collect(Collectors.joining(","));
        // resource type 7: task
        int moved = jdbc.update("UPDATE ACT_RU_AUTHORIZATION SET GROUP_ID_ = CONCAT(GROUP_ID_, '@',"
                + " (SELECT T.TENANT_ID_ FROM ACT_RU_TASK T WHERE T.ID_ = ACT_RU_AUTHORIZATION.RESOURCE_ID_))"
                + " WHERE RESOURCE_TYPE_ = 7 AND GROUP_ID_ IN (" + roles + ")"
                + " AND EXISTS (SELECT 1 FROM ACT_RU_TASK T WHERE T.ID_ = ACT_RU_AUTHORIZATION.RESOURCE_ID_"
                + " AND T.TENANT_ID_ IS NOT NULL)");
        if (moved > 0) {
            LOG.info("Granted {} open tasks' candidate roles to their community roles", moved);
        }
    }
}
