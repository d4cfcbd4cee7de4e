package io.github.maintenance.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token checks and the per-address limit on failed attempts. Tokens are compared in constant
 * time (SHA-256 of both sides, {@link MessageDigest#isEqual}); a peer address with
 * {@code authFailuresPerMinute} failures in the current minute is refused until the minute is
 * over. At most 4 096 addresses are tracked (the oldest is forgotten first).
 *
 * <p>Thread-safe.
 */
final class AuthGuard {

    private static final int MAX_TRACKED = 4096;

    private final List<byte[]> tokenDigests = new ArrayList<>();
    private final AtomicLong refusals = new AtomicLong();
    private final int limit;
    private final Clock clock;
    private final Map<String, long[]> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    AuthGuard(Set<String> tokens, int limit, Clock clock) {
        for (String t : tokens) {
            tokenDigests.add(sha256(t));
        }
        this.limit = limit;
        this.clock = clock;
    }

    boolean enabled() {
        return !tokenDigests.isEmpty();
    }

    /** Whether {@code candidate} is one of the tokens; every token is compared. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] d = sha256(candidate);
        boolean ok = false;
        for (byte[] t : tokenDigests) {
            ok |= MessageDigest.isEqual(t, d);
        }
        return ok;
    }

    /** Whether {@code address} has used up its failed attempts for the current minute. */
    synchronized boolean blocked(String address) {
        long[] f = failures.get(address);
        return f != null && f[0] == minute() && f[1] >= limit;
    }

    /** Counts a refusal that is not a wrong token (the address was blocked). */
    void refused() {
        refusals.incrementAndGet();
    }

    /** Refused REGISTERs since start: missing or wrong token, or a blocked address. */
    long refusals() {
        return refusals.get();
    }

    /** Counts a failed attempt from {@code address} (a refusal too). */
    synchronized void failed(String address) {
        refusals.incrementAndGet();
        long m = minute();
        long[] f = failures.computeIfAbsent(address, k -> new long[] {m, 0});
        if (f[0] != m) {
            f[0] = m;
            f[1] = 0;
        }
        f[1]++;
    }

    private long minute() {
        return Math.floorDiv(clock.millis(), 60_000L);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
