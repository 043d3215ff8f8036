package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What a load balancer, an orchestrator, a stranger and an administrator learn from Actuator: status alone for the
 * first three, everything for the administrator; the mail server away is DEGRADED (200), the database away DOWN (503).
 */
class HealthTest extends IntegrationTest {

    static final String ADMIN = "admin";
    static final String RESIDENT = "ljy3-resident";

    @Autowired
    MailServerHealth mailHealth;
    @Autowired
    HealthContributorRegistry health;

    @Test
    void everythingUp_strangersLearnTheStatusAlone_theAdministratorEverything() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Rest.Reply reply = anonymousClient().get(path);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
            assertStatusAlone(reply, "UP");
            // a person without the administrators' group learns no more than a stranger
            assertStatusAlone(as(RESIDENT).get(path), "UP");
        }

        JsonNode all = as(ADMIN).get("/actuator/health").json();
        assertThat(all.path("status").asText()).isEqualTo("UP");
        assertThat(all.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(all.path("components").path("mail").path("status").asText()).isEqualTo("UP");
        assertThat(all.path("components").path("jobExecutor").path("details").path("enabled").asBoolean(true))
                .as("the tests run jobs themselves").isFalse();
        JsonNode readiness = as(ADMIN).get("/actuator/health/readiness").json();
        assertThat(names(readiness.path("components"))).containsExactlyInAnyOrder("readinessState", "db", "jobExecutor", "mail");
        assertThat(names(as(ADMIN).get("/actuator/health/liveness").json().path("components")))
                .containsExactly("livenessState");
    }

    @Test
    void mailServerAway_degradedNotDown() throws IOException {
        JavaMailSenderImpl closed = new JavaMailSenderImpl();
        closed.setHost("127.0.0.1");
        closed.setPort(closedPort());
        closed.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
        JavaMailSenderImpl before = mailHealth.check(closed);
        try {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
                Rest.Reply reply = anonymousClient().get(path);
                assertThat(reply.status()).as(path + " stays in the load balancer: " + reply.body()).isEqualTo(200);
                assertStatusAlone(reply, "DEGRADED");
            }
            assertStatusAlone(anonymousClient().get("/actuator/health/liveness"), "UP");
            JsonNode all = as(ADMIN).get("/actuator/health").json();
            assertThat(all.path("components").path("mail").path("status").asText()).isEqualTo("DEGRADED");
            assertThat(all.path("components").path("db").path("status").asText()).isEqualTo("UP");
        } finally {
            mailHealth.check(before);
        }
        assertStatusAlone(anonymousClient().get("/actuator/health"), "UP");
    }

    @Test
    void databaseAway_downAndOutOfTheLoadBalancer_butNotRestarted() {
        HealthContributor db = health.getContributor("db");
        health.unregisterContributor("db");
        health.registerContributor("db", new DataSourceHealthIndicator(new AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                throw new SQLException("connection refused");
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return getConnection();
            }
        }));
        try {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
                Rest.Reply reply = anonymousClient().get(path);
                assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(503);
                assertStatusAlone(reply, "DOWN");
            }
            Rest.Reply liveness = anonymousClient().get("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(200);
            assertStatusAlone(liveness, "UP");
        } finally {
            health.unregisterContributor("db");
            health.registerContributor("db", db);
        }
        assertThat(anonymousClient().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void theRestOfActuatorIsTheAdministratorsOnly() {
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/info", "/actuator/health/db",
                "/actuator")) {
            assertThat(anonymousClient().get(path).status()).as(path).isEqualTo(401);
            assertThat(as(RESIDENT).get(path).status()).as(path).isEqualTo(403);
            assertThat(new Rest(port, ADMIN, "wrong").get(path).status()).as(path).isEqualTo(401);
            assertThat(as(ADMIN).get(path).status()).as(path).isEqualTo(200);
        }
        // not exposed at all, not even to the administrator
        assertThat(as(ADMIN).get("/actuator/env").status()).isEqualTo(404);
        assertThat(anonymousClient().get("/actuator/env").status()).isEqualTo(401);
    }

    /** Prometheus's own Camunda user, in the scrape group and nothing else, reads the metrics and no more. */
    @Test
    void theScrapeUserReadsPrometheusAlone() {
        User scraper = identityService.newUser("prometheus-scraper");
        scraper.setPassword("scrape-secret");
        identityService.saveUser(scraper);
        Group group = identityService.newGroup("metrics-scraper");
        group.setName("Prometheus");
        identityService.saveGroup(group);
        identityService.createMembership(scraper.getId(), group.getId());
        try {
            Rest prometheus = new Rest(port, scraper.getId(), "scrape-secret");
            assertThat(prometheus.get("/actuator/prometheus").status()).isEqualTo(200);
            assertThat(prometheus.get("/actuator/metrics").status()).isEqualTo(403);
            assertStatusAlone(prometheus.get("/actuator/health"), "UP");
            assertThat(prometheus.get("/engine-rest/process-instance/count").json().path("count").asLong()).isZero();
        } finally {
            identityService.deleteGroup(group.getId());
            identityService.deleteUser(scraper.getId());
        }
    }

    private static void assertStatusAlone(Rest.Reply reply, String status) {
        JsonNode json = reply.json();
        assertThat(json.path("status").asText()).as(reply.body()).isEqualTo(status);
        assertThat(json.has("components")).as(reply.body()).isFalse();
        assertThat(json.has("details")).as(reply.body()).isFalse();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
