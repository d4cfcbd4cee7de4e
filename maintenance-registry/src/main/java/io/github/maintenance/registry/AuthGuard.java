package io.github.maintenance.registry;

import io.github.maintenance.security.AttemptLimiter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token checks and the per-source limit on failed attempts. Tokens are compared in constant
 * time (SHA-256 of both sides, {@link MessageDigest#isEqual}). Failed attempts are throttled by an
 * {@link AttemptLimiter}: {@code authFailuresPerMinute} per peer (IPv4 address or IPv6 /64) in a
 * sliding minute, then one more every {@code 60 s / authFailuresPerMinute}; a throttled peer is
 * refused without its token being looked at, and no peer is held back by another's failures.
 * At most {@value #MAX_TRACKED} peers are tracked.
 *
 * <p>Thread-safe.
 */
final class AuthGuard {

    static final int MAX_TRACKED = AttemptLimiter.DEFAULT_CAPACITY;

    /** Where a peer that is not an address literal (never seen: peers come from sockets) is counted. */
    private static final byte[] UNKNOWN_PEER = {0, 0, 0, 0};

    /** The digests of the tokens and their names ({@code ""} for an unnamed token). */
    private final List<byte[]> tokenDigests = new ArrayList<>();
    private final List<String> tokenNames = new ArrayList<>();
    private final AtomicLong refusals = new AtomicLong();
    private final AttemptLimiter limiter;

    AuthGuard(Set<String> tokens, int limit, Clock clock) {
        this(tokens, Map.of(), limit, clock);
    }

    AuthGuard(Set<String> tokens, Map<String, String> namedTokens, int limit, Clock clock) {
        for (String t : tokens) {
            tokenDigests.add(sha256(t));
            tokenNames.add("");
        }
        namedTokens.forEach((name, secret) -> {
            tokenDigests.add(sha256(secret));
            tokenNames.add(name);
        });
        this.limiter = new AttemptLimiter(limit, Duration.ofMinutes(1), MAX_TRACKED, clock);
    }

    boolean enabled() {
        return !tokenDigests.isEmpty();
    }

    /** Whether {@code candidate} is one of the tokens; every token is compared. */
    boolean matches(String candidate) {
        return match(candidate) != null;
    }

    /**
     * The name of the token {@code candidate} is, every token being compared whatever matches.
     *
     * @return the token's name, {@code ""} for an unnamed token, {@code null} for none
     */
    String match(String candidate) {
        if (candidate == null) {
            return null;
        }
        byte[] d = sha256(candidate);
        String found = null;
        for (int i = 0; i < tokenDigests.size(); i++) {
            if (MessageDigest.isEqual(tokenDigests.get(i), d)) {
                found = tokenNames.get(i);
            }
        }
        return found;
    }

    /** Whether {@code address} has used up its failed attempts and must wait. */
    boolean blocked(String address) {
        return limiter.blocked(bytes(address));
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
    void failed(String address) {
        refusals.incrementAndGet();
        limiter.failed(bytes(address));
    }

    /**
     * The bytes of a peer address literal as {@link InetAddress#getHostAddress()} writes it. Only
     * a string made of hex digits, dots and colons (a zone cut off) that starts with a hex digit or
     * a colon is handed to {@link InetAddress#getByName}, which parses such a string as a literal
     * and never asks a resolver.
     */
    static byte[] bytes(String address) {
        if (address == null || address.isEmpty()) {
            return UNKNOWN_PEER;
        }
        int zone = address.indexOf('%');
        String s = zone >= 0 ? address.substring(0, zone) : address;
        if (s.isEmpty() || s.length() > 45 || (!isHex(s.charAt(0)) && s.charAt(0) != ':')) {
            return UNKNOWN_PEER;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isHex(c) && c != '.' && c != ':') {
                return UNKNOWN_PEER;
            }
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return UNKNOWN_PEER;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
