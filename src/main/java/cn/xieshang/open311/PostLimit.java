package cn.xieshang.open311;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} requests per key (an api_key, or a client address) in any 60 seconds; a key that floods
 * waits, the others do not.
 */
class PostLimit {

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    PostLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return whether the key may file now (and counts it) */
    boolean tryAcquire(String key) {
        long now = clock.millis();
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            if (times.size() >= perMinute) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /** @return whether the key has used up this minute's requests (without counting one) */
    boolean exhausted(String key) {
        Deque<Long> times = recent.get(key);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times, clock.millis());
            if (times.isEmpty()) {
                recent.remove(key, times); // addresses come and go: keep only those counted this minute
            }
            return times.size() >= perMinute;
        }
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - 60_000) {
            times.pollFirst();
        }
    }
}
