package cn.xieshang.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets one node at a time set up a shared PostgreSQL database: from before the engine creates or updates its schema
 * until the last {@link StartupStep} has run. Nodes started at the same moment would otherwise both create the schema
 * (duplicate key on {@code pg_type_typname_nsp_index}), both add a group to a tenant ({@code act_uniq_auth_group}),
 * or both save the same Tasklist filter. The lock is a PostgreSQL session advisory lock on a connection of its own,
 * so a node that dies while holding it frees it with its connection. H2 needs none: its database file admits one
 * process.
 */
@Component
public class StartupLock extends AbstractProcessEnginePlugin implements DisposableBean {

    /** The advisory lock's key: any constant no other code of ours uses ('xs' 'st' 'ar' 'tu'). */
    static final long KEY = 0x7873_7374_6172_7475L;

    private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);

    private final DataSource dataSource;
    private final Duration patience;
    private Connection held;

    StartupLock(DataSource dataSource, @Value("${xieshang.startup.lock-timeout:PT10M}") Duration patience) {
        this.dataSource = dataSource;
        this.patience = patience;
    }

    /** Before the engine's configuration is initialised, that is before it looks at its schema. */
    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        acquire();
    }

    synchronized void acquire() {
        if (held != null) {
            return;
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            long deadline = System.nanoTime() + patience.toNanos();
            boolean waited = false;
            while (!tryLock(connection)) {
                if (!waited) {
                    LOG.info("Another node is setting up the database: waiting for it (at most {})", patience);
                    waited = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Another node has been setting up the database for more than "
                            + patience + " (PostgreSQL advisory lock " + KEY + "); set xieshang.startup.lock-timeout "
                            + "to wait longer");
                }
                Thread.sleep(500);
            }
            held = connection;
            LOG.info("Setting up the database (start-up lock taken{})", waited ? " after waiting" : "");
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("Could not take the start-up lock on the database", e);
        } catch (InterruptedException e) {
            close(connection);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the start-up lock", e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** After the start-up steps, or when the application stops before reaching them. */
    public synchronized void release() {
        if (held == null) {
            return;
        }
        try (PreparedStatement unlock = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, KEY);
            unlock.execute();
            LOG.info("Database set up (start-up lock released)");
        } catch (SQLException e) {
            LOG.warn("Could not release the start-up lock: closing its connection frees it", e);
        } finally {
            close(held);
            held = null;
        }
    }

    @Override
    public void destroy() {
        release();
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the start-up lock's connection failed", e);
        }
    }
}
