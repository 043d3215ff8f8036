package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Wrong passwords slow the guesser down and never lock anyone out: the administrator logs in with the right
 * password after an attacker's wrong ones, within a short bounded wait; our pages send security headers.
 */
class LoginThrottleTest extends IntegrationTest {

    @Test
    void theAdministratorStillLogsInAfterAnAttackersWrongPasswords() throws Exception {
        Rest attacker = new Rest(port, "admin", "guess");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(attacker.get("/engine-rest/task/count").status()).isEqualTo(401);
        }
        Rest.Reply slowed = attacker.get("/engine-rest/task/count");
        assertThat(slowed.status()).isEqualTo(429);
        assertThat(slowed.body()).contains("登录失败次数过多");

        // the same address, the right password: after at most the current delay
        long started = System.nanoTime();
        int status = 0;
        while (System.nanoTime() - started < LoginThrottle.MAX_DELAY.toNanos() + 2_000_000_000L) {
            status = as("admin").get("/engine-rest/task/count").status();
            if (status != 429) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theEngineNeverLocksAnAccount() {
        for (int i = 0; i < 25; i++) {
            assertThat(identityService.checkPassword("smj2-cppcc-member-2", "wrong-" + i)).isFalse();
        }
        assertThat(identityService.checkPassword("smj2-cppcc-member-2", DEMO_PASSWORD)).isTrue();
    }

    @Test
    void delaysGrowPerAddressAndUserAndStayBounded() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        String attacker = "203.0.113.7|admin";
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.waitFor(attacker)).isZero();
            throttle.failed(attacker);
        }
        assertThat(throttle.waitFor(attacker)).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) { // a patient attacker, trying whenever allowed
            clock.now = clock.now.plus(throttle.waitFor(attacker));
            throttle.failed(attacker);
        }
        assertThat(throttle.waitFor(attacker)).isEqualTo(LoginThrottle.MAX_DELAY);
        // the administrator elsewhere is never held up, and forgotten failures stop counting
        assertThat(throttle.waitFor("198.51.100.1|admin")).isZero();
        clock.now = clock.now.plus(LoginThrottle.MAX_DELAY);
        assertThat(throttle.waitFor(attacker)).isZero();
    }

    @Test
    void ourPagesAndApiSendSecurityHeaders() throws Exception {
        for (String path : new String[] {"/notices", "/notices/laojunying-3", "/notices/laojunying-3.json",
                "/notices/laojunying-3.atom", "/open311/v2/services.json", "/api/totals/page", "/api/totals"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("district:demo".getBytes()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("frame-ancestors 'none'", "default-src 'none'"));
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
        // the Camunda webapps keep their own policy (they run scripts)
        HttpResponse<String> tasklist = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/camunda/app/tasklist/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tasklist.headers().firstValue("Content-Security-Policy").orElse(""))
                .isNotEqualTo(WebSecurity.CONTENT_SECURITY_POLICY);
    }

    static class MutableClock extends Clock {
        Instant now = Instant.parse("2026-05-01T02:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
