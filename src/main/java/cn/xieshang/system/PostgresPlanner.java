package cn.xieshang.system;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's planner told that reading a page out of order costs little more than reading the next one
 * ({@code random_page_cost}, default 4, a figure for spinning disks; 1.1 for SSDs and a working set in memory, which
 * is how a district's database runs). With the default, the planner reads all of the district's candidate links to
 * answer one community's Tasklist (a hash join, growing with the district); with 1.1 it reads that community's tasks
 * and their candidates from the index (see docs/benchmark.md). Set on every connection of the pool; set
 * {@code xieshang.postgres.random-page-cost} to change it, or leave it empty to keep the server's own setting.
 */
@Component
class PostgresPlanner implements BeanPostProcessor {

    private final String randomPageCost;

    PostgresPlanner(@Value("${xieshang.postgres.random-page-cost:1.1}") String randomPageCost) {
        this.randomPageCost = randomPageCost;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null
                && randomPageCost != null && !randomPageCost.isBlank()) {
            pool.setConnectionInitSql("SET random_page_cost = " + Double.parseDouble(randomPageCost));
        }
        return bean;
    }
}
