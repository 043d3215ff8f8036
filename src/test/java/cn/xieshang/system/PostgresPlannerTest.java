package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.xieshang.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** On PostgreSQL every pooled connection plans with the application's random_page_cost (see PostgresPlanner). */
class PostgresPlannerTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyConnectionPlansForPagesInMemory() {
        String database = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        assumeTrue("PostgreSQL".equals(database), "PostgreSQL only; this run is on " + database);
        for (int i = 0; i < 3; i++) {
            assertThat(jdbc.queryForObject("SHOW random_page_cost", String.class)).isEqualTo("1.1");
        }
    }
}
