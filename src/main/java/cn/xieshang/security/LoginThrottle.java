package cn.xieshang.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing without letting anyone lock an account. The engine's own lock (login-max-attempts,
 * login-delay-*) is per user, so anyone could keep the administrator locked with one wrong password now and then;
 * it is switched off in application.yaml. Instead, failed logins are counted per client address and user name:
 * after {@value #FREE_FAILURES} failures, that address must wait 1 s, 2 s, 4 s … at most {@link #MAX_DELAY} after
 * its last failure before its next try for that user, and is answered 429 with Retry-After meanwhile, unchecked.
 * The same person from another address is never held up, and from the same address for at most MAX_DELAY.
 * Covers HTTP Basic logins (/engine-rest, /api) and the webapps' login form.
 */
class LoginThrottle extends OncePerRequestFilter {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** Failures older than this are forgotten. */
    static final Duration MEMORY = Duration.ofMinutes(15);
    private static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = key(request);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        Duration wait = waitFor(key);
        if (!wait.isZero()) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"type\":\"TooManyLoginAttempts\",\"message\":\"登录失败次数过多,请"
                    + Math.max(1, (wait.toMillis() + 999) / 1000) + "秒后再试\"}");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            failed(key);
        } else if (response.getStatus() < 400) {
            failures.remove(key);
        }
    }

    /** How long the client must still wait before trying this user again; zero when it may try now. */
    Duration waitFor(String key) {
        Failures known = failures.get(key);
        if (known == null || known.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Duration delay = delayAfter(known.count());
        Duration left = Duration.between(clock.instant(), known.last().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String key) {
        Instant now = clock.instant();
        if (failures.size() > MAX_ENTRIES) {
            failures.values().removeIf(f -> f.last().isBefore(now.minus(MEMORY)));
            if (failures.size() > MAX_ENTRIES) {
                failures.clear(); // a flood from countless addresses: forgetting is better than running out of memory
            }
        }
        failures.compute(key, (k, known) -> known == null || known.last().isBefore(now.minus(MEMORY))
                ? new Failures(1, now) : new Failures(known.count() + 1, now));
    }

    static Duration delayAfter(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES, 20);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** The client address and the user a login is for, or null for a request that is no login. */
    static String key(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String user;
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                user = colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                user = "";
            }
            return address + "|" + user;
        }
        if ("POST".equals(request.getMethod()) && request.getRequestURI().contains("/login/")) {
            // the webapps' login form: its body is left to the webapp, so all its logins from one address count together
            return address + "|webapp-login";
        }
        return null;
    }
}
