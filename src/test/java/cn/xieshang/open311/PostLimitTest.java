package cn.xieshang.open311;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A key that files too often waits out the minute; another key is not held up. */
class PostLimitTest {

    @Test
    void aKeyPastItsLimitWaitsAndOthersDoNot() {
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        Clock[] clock = {Clock.fixed(start, ZoneOffset.UTC)};
        PostLimit limit = new PostLimit(3, new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return clock[0].instant(); }
        });
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.exhausted("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();
        assertThat(limit.tryAcquire("b")).isTrue();
        assertThat(limit.exhausted("b")).isFalse();
        assertThat(limit.exhausted("c")).isFalse();
        clock[0] = Clock.fixed(start.plus(Duration.ofSeconds(61)), ZoneOffset.UTC);
        assertThat(limit.exhausted("a")).isFalse();
        assertThat(limit.tryAcquire("a")).isTrue();
    }
}
