package cn.xieshang.notice;

import cn.xieshang.system.StartupStep;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The notice board's own table, beside the engine's; the same statements work on H2 and PostgreSQL. */
@Component
@Order(5)
class NoticeSchema implements StartupStep {

    private final JdbcTemplate jdbc;

    NoticeSchema(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS xs_notice ("
                + "case_id VARCHAR(64) PRIMARY KEY, "
                + "case_number VARCHAR(64), "
                + "community_id VARCHAR(64) NOT NULL, "
                + "community_name VARCHAR(200), "
                + "status VARCHAR(32) NOT NULL, "
                + "content TEXT NOT NULL, "
                + "published_at TIMESTAMP NOT NULL, "
                + "updated_at TIMESTAMP NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS xs_notice_community ON xs_notice (community_id, updated_at)");
    }
}
