package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.XieshangApplication;
import cn.xieshang.support.Rest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** Production never runs with the demo's accounts, and the demo never runs on a production database by accident. */
@ExtendWith(OutputCaptureExtension.class)
class DemoAccountsInProductionTest {

    private static final String PASSWORD = "Qz7-configured-admin-password";

    @Test
    void aDatabaseOnceRunAsTheDemoKeepsNoDemoAccount(CapturedOutput output) {
        String database = "jdbc:h2:file:./target/demo-then-production/" + UUID.randomUUID();
        try (ConfigurableApplicationContext demo = start(database, "--spring.profiles.active=demo")) {
            assertThat(login(demo, "admin", "demo")).isEqualTo(200);
            assertThat(login(demo, "ljy3-resident", "demo")).isEqualTo(200);
        }

        try (ConfigurableApplicationContext production = start(database, "--xieshang.admin.password=" + PASSWORD)) {
            assertThat(login(production, "admin", "demo")).isEqualTo(401);
            assertThat(login(production, "admin", PASSWORD)).isEqualTo(200);
            for (String demoUser : new String[] {"ljy3-resident", "smj2-party-committee", "district", "yingze-street"}) {
                assertThat(login(production, demoUser, "demo")).as(demoUser).isEqualTo(401);
            }
        }
        assertThat(output).contains("The administrator 'admin' had another password than the configured one")
                .containsPattern("WARN .*Removed \\d+ demo users").doesNotContain(PASSWORD);
    }

    @Test
    void theDemoRefusesAProductionDatabaseUnlessToldItIsMeant() {
        DemoDatabaseGuard guard = new DemoDatabaseGuard();
        MockEnvironment postgresProfile = new MockEnvironment();
        postgresProfile.setActiveProfiles("demo", "postgres");
        MockEnvironment postgresUrl = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.example.cn:5432/xieshang?password=x");
        postgresUrl.setActiveProfiles("demo");

        assertThatThrownBy(() -> guard.postProcessEnvironment(postgresProfile, null))
                .hasMessageContaining(DemoDatabaseGuard.SWITCH);
        assertThatThrownBy(() -> guard.postProcessEnvironment(postgresUrl, null))
                .hasMessageContaining("jdbc:postgresql://db.example.cn:5432/xieshang").hasMessageNotContaining("password=x");

        postgresUrl.setProperty(DemoDatabaseGuard.SWITCH, "true");
        assertThatCode(() -> guard.postProcessEnvironment(postgresUrl, null)).doesNotThrowAnyException();
        MockEnvironment h2Demo = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/x");
        h2Demo.setActiveProfiles("demo");
        assertThatCode(() -> guard.postProcessEnvironment(h2Demo, null)).doesNotThrowAnyException();
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("postgres");
        assertThatCode(() -> guard.postProcessEnvironment(production, null)).doesNotThrowAnyException();
    }

    @Test
    void theApplicationWithDemoAndPostgresDoesNotStart() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(XieshangApplication.class);
        assertThatThrownBy(() -> app.run("--spring.profiles.active=demo,postgres", "--server.port=0"))
                .hasMessageContaining("refuses to start").hasMessageContaining(DemoDatabaseGuard.SWITCH);
    }

    private static ConfigurableApplicationContext start(String database, String... more) {
        String[] common = {"--spring.datasource.url=" + database, "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false", "--xieshang.mail.local-port=0",
                "--xieshang.mail.local-mailbox=target/demo-then-production/mailbox"};
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return new SpringApplicationBuilder(XieshangApplication.class).run(args);
    }

    private static int login(ConfigurableApplicationContext context, String user, String password) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new Rest(port, user, password).get("/engine-rest/task/count").status();
    }
}
