package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.security.AttemptLimiter;
import io.github.maintenance.servlet.access.IpRanges;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a dashboard request may read or act. Immutable apart from the failed-attempt
 * counters; thread-safe.
 *
 * <p>Token: {@code Authorization: Bearer <token>}, the scheme case-insensitive; the presented
 * token is hashed with SHA-256 and compared with every configured digest with
 * {@link MessageDigest#isEqual} (constant time, and every digest is compared, so the time does not
 * tell which one matched). A request presenting a wrong or malformed token is refused even when it
 * comes from loopback. An allowed action carries its actor: the name of a named token, else the
 * client's address.
 *
 * <p>Loopback: the direct peer is {@code 127.0.0.0/8} or {@code ::1}, the request carries no
 * forwarding header ({@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP}: it came
 * through a proxy on this machine, so the real client is unknown), and its {@code Host} names a
 * loopback host ({@code localhost}, {@code *.localhost} or a loopback address), so that a web page
 * elsewhere cannot use DNS rebinding to read the dashboard through a local browser.
 *
 * <p>Failed attempts: wrong and malformed tokens are counted per client source (the address
 * {@link io.github.maintenance.servlet.access.ClientAddress} derives with the configured trusted
 * proxies, else the peer; IPv6 by {@code /64}) in an {@link AttemptLimiter}: after
 * {@value DashboardSettings#MAX_FAILURES_PER_MINUTE} in a sliding minute the source gets 429 for
 * {@code 60 s / 20 = 3 s} per further attempt, without its token being looked at. No other source
 * is affected.
 */
final class DashboardAccess {

    /** Where a client whose address is no IP literal (a Unix domain socket) is counted. */
    private static final byte[] UNKNOWN_SOURCE = {0, 0, 0, 0};
    private static final int MAX_AUTHORIZATION_LENGTH = DashboardSettings.MAX_TOKEN_LENGTH + 64;
    private static final IpRanges LOOPBACK = IpRanges.parse("loopback", List.of("127.0.0.0/8", "::1/128"));

    /** The outcome of a check. */
    enum Outcome {
        /** Allowed by a valid token. */
        TOKEN,
        /** Allowed as a loopback client (reading only). */
        LOOPBACK,
        /** No token configured and loopback not allowed: nobody gets in. */
        NOT_CONFIGURED,
        /** Loopback clients only, and this is not one; no token configured. */
        NOT_LOOPBACK,
        /** An action, and no token is configured. */
        ACTIONS_DISABLED,
        /** No {@code Authorization} header. */
        MISSING_TOKEN,
        /** An {@code Authorization} header that is not {@code Bearer <token>}. */
        MALFORMED,
        /** A token that matches none. */
        WRONG_TOKEN,
        /** Too many wrong tokens from this address lately. */
        TOO_MANY_FAILURES;

        boolean allowed() {
            return this == TOKEN || this == LOOPBACK;
        }
    }

    /**
     * The outcome of a check, with the actor of an allowed action.
     *
     * @param outcome the outcome
     * @param actor   with {@link Outcome#TOKEN}, the name of the token presented, or the client's
     *                address for an unnamed token; else {@code ""}
     */
    record Verdict(Outcome outcome, String actor) {
    }

    private final DashboardSettings settings;
    private final AttemptLimiter limiter;

    DashboardAccess(DashboardSettings settings, Clock clock) {
        this.settings = settings;
        this.limiter = new AttemptLimiter(DashboardSettings.MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1),
                DashboardSettings.MAX_TRACKED_SOURCES, clock);
    }

    /** May this request read the JSON API and the event stream? */
    Outcome read(HttpServletRequest request) {
        return check(request, false).outcome();
    }

    /** May this request change state, and who acts? */
    Verdict act(HttpServletRequest request) {
        return check(request, true);
    }

    private Verdict check(HttpServletRequest request, boolean action) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!settings.hasTokens()) {
                return refused(action ? Outcome.ACTIONS_DISABLED : withoutToken(request));
            }
            byte[] source = source(request);
            if (limiter.blocked(source)) {
                return refused(Outcome.TOO_MANY_FAILURES);
            }
            String token = bearerToken(authorization);
            if (token == null) {
                limiter.failed(source);
                return refused(Outcome.MALFORMED);
            }
            String name = match(token);
            if (name == null) {
                limiter.failed(source);
                return refused(Outcome.WRONG_TOKEN);
            }
            return new Verdict(Outcome.TOKEN, name.isEmpty() ? request.getRemoteAddr() : name);
        }
        if (action) {
            return refused(settings.hasTokens() ? Outcome.MISSING_TOKEN : Outcome.ACTIONS_DISABLED);
        }
        if (settings.hasTokens()) {
            return refused(settings.allowLoopback() && isLoopback(request) ? Outcome.LOOPBACK : Outcome.MISSING_TOKEN);
        }
        return refused(withoutToken(request));
    }

    /** A verdict without an actor: refused, or reading as a loopback client. */
    private static Verdict refused(Outcome outcome) {
        return new Verdict(outcome, "");
    }

    private Outcome withoutToken(HttpServletRequest request) {
        if (!settings.allowLoopback()) {
            return Outcome.NOT_CONFIGURED;
        }
        return isLoopback(request) ? Outcome.LOOPBACK : Outcome.NOT_LOOPBACK;
    }

    /** The token of {@code Bearer <token>}, or {@code null} when the header is not that. */
    static String bearerToken(String authorization) {
        if (authorization.length() > MAX_AUTHORIZATION_LENGTH) {
            return null;
        }
        String h = authorization.trim();
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        if (token.isEmpty()) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return null;
            }
        }
        return token;
    }

    /**
     * The name of the configured token equal to {@code token} ({@code ""} for an unnamed one), or
     * {@code null} when none is. Every digest is compared, whichever matches.
     */
    private String match(String token) {
        byte[] presented = DashboardTokens.sha256(token);
        String name = null;
        for (DashboardTokens.Token t : settings.tokens()) {
            boolean equal = MessageDigest.isEqual(presented, t.digest());
            name = equal ? t.name() : name;
        }
        return name;
    }

    static boolean isLoopback(HttpServletRequest request) {
        if (!LOOPBACK.contains(request.getRemoteAddr())) {
            return false;
        }
        if (request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null
                || request.getHeader("X-Real-IP") != null) {
            return false;
        }
        return isLoopbackHost(request.getHeader("Host"));
    }

    /** Whether a {@code Host} header value (port allowed) names this machine's loopback interface. */
    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            String rest = h.substring(close + 1);
            if (!rest.isEmpty() && !isPort(rest)) {
                return false;
            }
            return LOOPBACK.contains(h.substring(1, close));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!isPort(h.substring(colon))) {
                return false;
            }
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || LOOPBACK.contains(h);
    }

    private static boolean isPort(String colonAndDigits) {
        if (colonAndDigits.length() < 2 || colonAndDigits.length() > 6 || colonAndDigits.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonAndDigits.length(); i++) {
            char c = colonAndDigits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The client source of {@code request}: the forwarded client behind trusted proxies, else the peer. */
    private byte[] source(HttpServletRequest request) {
        byte[] address = settings.clientAddress().resolveBytes(request);
        return address == null ? UNKNOWN_SOURCE : address;
    }

    /** Whole seconds until the client of {@code request} may present a token again (at least 1). */
    long retryAfterSeconds(HttpServletRequest request) {
        long ms = limiter.retryAfter(source(request)).toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }
}
