package cn.xieshang.operations;

import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Whether the mail server takes connections. Unreachable is {@link #DEGRADED}, never DOWN: cases go on without mail
 * (a mail job is retried, then an incident), so a load balancer must keep sending people to this node. The answer is
 * kept for {@code xieshang.operations.mail-check-interval}: a probe every few seconds must not open an SMTP session
 * every few seconds, nor wait out the connect timeout each time.
 */
class MailServerHealth implements HealthIndicator {

    /** Serving, with something missing; answered 200 (application.yaml, management.endpoint.health.status). */
    static final Status DEGRADED = new Status("DEGRADED", "邮件服务器无法连接,邮件暂缓发送");

    private final Duration interval;
    private final Clock clock;
    private volatile JavaMailSenderImpl server;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.MIN;

    MailServerHealth(JavaMailSenderImpl server, Duration interval, Clock clock) {
        this.server = server;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health known = last;
        if (known != null && now.isBefore(checkedAt.plus(interval))) {
            return known;
        }
        JavaMailSenderImpl probe = server;
        Health.Builder health;
        try {
            probe.testConnection();
            health = Health.up();
        } catch (MessagingException e) {
            health = Health.status(DEGRADED).withDetail("error", e.getClass().getSimpleName());
        }
        Health checked = health.withDetail("location", probe.getHost() + ":" + probe.getPort()).build();
        last = checked;
        checkedAt = now;
        return checked;
    }

    /** Checks another server from now on (tests: a port nobody listens on); answers the one checked so far. */
    JavaMailSenderImpl check(JavaMailSenderImpl other) {
        JavaMailSenderImpl before = server;
        server = other;
        last = null;
        return before;
    }
}
