package cn.xieshang.residents;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What keeps the public door usable when it is abused, without a third-party service and without storing anything
 * about a refused request:
 * <ul>
 *   <li><b>Rate limits</b>, in memory on each node (a cluster of n nodes lets through at most n times as many):
 *       per client address {@code xieshang.residents.per-address} concerns an hour (default 5), per phone number or
 *       mail address {@code xieshang.residents.per-contact} a day (default 3). Only raised concerns count. Online
 *       opinions and objections (线上协商) have their own limit per client address,
 *       {@code xieshang.residents.entries-per-address} an hour (default 10).</li>
 *   <li><b>A bot trap</b>: a field people never see (a honeypot) must stay empty, and the form carries a stamp
 *       signed by the server ({@code HMAC-SHA256}) of when it was served: a submission sooner than
 *       {@code xieshang.residents.min-fill-seconds} (default 3) after that, older than two hours, with a stamp it did
 *       not sign, or with a stamp submitted before is refused (each form is submitted once; a form shown again after a
 *       refusal carries a new stamp). The key is {@code xieshang.residents.form-key}; unset,
 *       each node draws its own at start (then a form served by one node is refused by another: behind a load
 *       balancer without sticky sessions, give every node the same key).</li>
 * </ul>
 * Times follow the engine's clock, so tests can let time pass.
 */
@Component
public class AbuseGuard {

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final long MAX_FORM_AGE = 2 * HOUR;

    private final int perAddress;
    private final int perContact;
    private final int entriesPerAddress;
    private final long minFillMillis;
    private final byte[] key;
    private final Map<String, Deque<Long>> raised = new HashMap<>();
    private final Map<String, Long> usedStamps = new ConcurrentHashMap<>();

    AbuseGuard(@Value("${xieshang.residents.per-address:5}") int perAddress,
            @Value("${xieshang.residents.per-contact:3}") int perContact,
            @Value("${xieshang.residents.entries-per-address:10}") int entriesPerAddress,
            @Value("${xieshang.residents.min-fill-seconds:3}") int minFillSeconds,
            @Value("${xieshang.residents.form-key:}") String formKey) {
        this.perAddress = perAddress;
        this.perContact = perContact;
        this.entriesPerAddress = entriesPerAddress;
        this.minFillMillis = minFillSeconds * 1000L;
        if (formKey.isBlank()) {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            this.key = formKey.getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- the signed stamp

    /** A stamp for a form served now: {@code <millis>.<nonce>.<signature>}. */
    String stamp() {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        String body = now() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return body + "." + sign(body);
    }

    /** Why a submission with this stamp and honeypot value is refused, or empty when it may go on. */
    Optional<String> botRefusal(String stamp, String honeypot) {
        if (honeypot != null && !honeypot.isEmpty()) {
            return Optional.of("提交未被接受: 请不要填写页面上隐藏的栏目。");
        }
        String[] parts = stamp == null ? new String[0] : stamp.split("\\.");
        if (parts.length != 3 || !MessageDigest.isEqual(sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("提交未被接受: 页面已失效, 请重新打开页面填写。");
        }
        long served;
        try {
            served = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return Optional.of("提交未被接受: 页面已失效, 请重新打开页面填写。");
        }
        long age = now() - served;
        if (age < minFillMillis) {
            return Optional.of("提交太快了: 请仔细填写后再提交(打开页面后至少 " + minFillMillis / 1000 + " 秒)。");
        }
        if (age > MAX_FORM_AGE) {
            return Optional.of("页面打开已超过两小时, 已失效: 请重新打开页面填写。");
        }
        // taken at once, so parallel posts of one form get one answer; whatever follows, the form shown again has a new stamp
        long now = now();
        usedStamps.values().removeIf(at -> now - at > MAX_FORM_AGE);
        if (usedStamps.putIfAbsent(parts[1], now) != null) {
            return Optional.of("这份表单已经提交过了, 请勿重复提交。如需再反映一件事, 请重新打开页面。");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- rate limits

    /**
     * Takes a place for one concern from this address and these contacts (phone, mail), or says why not. A place
     * taken for a concern that is then not raised is given back with {@link #release}.
     */
    synchronized Optional<String> take(String address, Collection<String> contacts) {
        long now = now();
        raised.values().forEach(times -> times.removeIf(t -> now - t > DAY));
        raised.values().removeIf(Deque::isEmpty);
        if (recent("address:" + address, now, HOUR) >= perAddress) {
            return Optional.of("您所在的网络一小时内已提交 " + perAddress + " 件诉求, 已达上限: 请稍后再提交, 或到社区民情茶室当面反映。");
        }
        for (String contact : contacts) {
            if (recent("contact:" + contact, now, DAY) >= perContact) {
                return Optional.of("同一联系方式一天内最多提交 " + perContact + " 件诉求, 已达上限: 请明天再提交, 或到社区民情茶室当面反映。");
            }
        }
        raised.computeIfAbsent("address:" + address, k -> new ArrayDeque<>()).add(now);
        contacts.forEach(c -> raised.computeIfAbsent("contact:" + c, k -> new ArrayDeque<>()).add(now));
        return Optional.empty();
    }

    /** Takes a place for one online opinion or objection (线上协商) from this address, or says why not. */
    synchronized Optional<String> takeEntry(String address) {
        long now = now();
        raised.values().forEach(times -> times.removeIf(t -> now - t > DAY));
        raised.values().removeIf(Deque::isEmpty);
        if (recent("entries:" + address, now, HOUR) >= entriesPerAddress) {
            return Optional.of("您所在的网络一小时内已发表 " + entriesPerAddress + " 条网上意见或异议, 已达上限: 请稍后再发表, 或到社区当面提出。");
        }
        raised.computeIfAbsent("entries:" + address, k -> new ArrayDeque<>()).add(now);
        return Optional.empty();
    }

    synchronized void releaseEntry(String address) {
        Optional.ofNullable(raised.get("entries:" + address)).ifPresent(Deque::pollLast);
    }

    synchronized void release(String address, Collection<String> contacts) {
        Optional.ofNullable(raised.get("address:" + address)).ifPresent(Deque::pollLast);
        contacts.forEach(c -> Optional.ofNullable(raised.get("contact:" + c)).ifPresent(Deque::pollLast));
    }

    /** Forgets every count and used stamp (tests start from a clean slate). */
    synchronized void forget() {
        raised.clear();
        usedStamps.clear();
    }

    private long recent(String key, long now, long window) {
        Deque<Long> times = raised.get(key);
        return times == null ? 0 : times.stream().filter(t -> now - t <= window).count();
    }

    private static long now() {
        return ClockUtil.getCurrentTime().getTime();
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
