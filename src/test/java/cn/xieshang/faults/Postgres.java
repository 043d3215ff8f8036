package cn.xieshang.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the fault suite: {@code -Dxieshang.faults.postgres=host:port} (user
 * {@code -Dxieshang.faults.postgres-user}, trust or {@code PGPASSWORD}), else the server of
 * {@code -Dspring.datasource.url} when that is PostgreSQL, else 127.0.0.1:5432 as postgres. Each test makes a fresh
 * database {@code xs_fault_<epoch>_<pid>_<purpose>} there and drops it afterwards (CI drops those a killed run left).
 */
final class Postgres implements AutoCloseable {

    private static final Pattern SERVER = Pattern.compile("jdbc:postgresql://([^/]+)/.*");

    final String server; // host:port
    final String user;
    final String password;
    final String database;

    private Postgres(String server, String user, String password, String database) {
        this.server = server;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** A new, empty database; skips the test with a clear message when no PostgreSQL answers. */
    static Postgres freshDatabase(String purpose) {
        Matcher url = SERVER.matcher(System.getProperty("spring.datasource.url", ""));
        String given = System.getProperty("xieshang.faults.postgres", "");
        String server = !given.isBlank() ? given : url.matches() ? url.group(1) : "127.0.0.1:5432";
        String user = !given.isBlank() ? System.getProperty("xieshang.faults.postgres-user", "postgres")
                : url.matches() ? System.getProperty("spring.datasource.username", "postgres") : "postgres";
        String password = !given.isBlank() ? System.getenv().getOrDefault("PGPASSWORD", "")
                : url.matches() ? System.getProperty("spring.datasource.password", "") : "";
        String database = "xs_fault_" + System.currentTimeMillis() / 1000 + "_" + ProcessHandle.current().pid() + "_" + purpose;
        try (Connection admin = connect(server, "postgres", user, password); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            Assumptions.abort("The fault suite needs PostgreSQL and none answered at " + server + " as " + user
                    + " (" + e.getMessage() + "); CI's stage 'fault suite on PostgreSQL' provides one");
        }
        return new Postgres(server, user, password, database);
    }

    String url() {
        return "jdbc:postgresql://" + server + "/" + database;
    }

    /** The url of this database reached through another address (a proxy in the test). */
    String url(String hostAndPort) {
        return "jdbc:postgresql://" + hostAndPort + "/" + database;
    }

    String host() {
        return server.substring(0, server.lastIndexOf(':'));
    }

    int port() {
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    /** The first column of every row of a query with parameters, as strings. */
    List<String> column(String query, Object... parameters) {
        try (Connection c = connect(server, database, user, password); PreparedStatement sql = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    long count(String query, Object... parameters) {
        return Long.parseLong(column(query, parameters).get(0));
    }

    @Override
    public void close() {
        try (Connection admin = connect(server, "postgres", user, password); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the fault suite's database " + database + ": " + e.getMessage());
        }
    }

    private static Connection connect(String server, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, properties);
    }
}
