package io.github.maintenance.registry.protocol;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * {@code MAINT_AUDIT|sid|{"limit":N,"since":"…"}} (an extension): the newest entries of the
 * controller's audit trail. Both keys are optional; the JSON field may be empty or absent.
 *
 * @param limit the most entries wanted, {@value #MIN_LIMIT} to {@value #MAX_LIMIT} (default
 *              {@value #DEFAULT_LIMIT}); the reply may hold fewer to stay within the line limit
 * @param since only entries made at or after this time, or {@code null} for all
 */
public record AuditRequest(int limit, Instant since) implements Request {

    /** The smallest {@code limit}. */
    public static final int MIN_LIMIT = 1;
    /** The largest {@code limit}. */
    public static final int MAX_LIMIT = 1000;
    /** The {@code limit} when none is given. */
    public static final int DEFAULT_LIMIT = 100;

    /** Error text for a {@code limit} that is not a whole number from 1 to 1000. */
    public static final String INVALID_LIMIT = "invalid limit: expected a whole number from " + MIN_LIMIT + " to "
            + MAX_LIMIT;
    /** Error text for a {@code since} that is not an ISO-8601 time with an offset. */
    public static final String INVALID_SINCE = "invalid since: expected an ISO-8601 time such as 2026-05-01T14:00:00Z";

    /**
     * Checks the limit.
     *
     * @param limit the most entries wanted
     * @param since the earliest time, or {@code null}
     * @throws IllegalArgumentException if {@code limit} is out of range
     */
    public AuditRequest {
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(INVALID_LIMIT);
        }
    }

    /**
     * Parses the JSON field of {@code MAINT_AUDIT}.
     *
     * @param json {@code {"limit":N,"since":"…"}}, {@code {}} or empty
     * @return the request
     * @throws ProtocolException {@code invalid json}, {@link #INVALID_LIMIT}, {@link #INVALID_SINCE}
     *                           or {@code unknown field: …}
     */
    static AuditRequest parse(String json) throws ProtocolException {
        if (json.isBlank()) {
            return new AuditRequest(DEFAULT_LIMIT, null);
        }
        Map<String, Object> m;
        try {
            m = WireJson.parseObjectOrNull(json.trim());
        } catch (WireJson.InvalidJsonException e) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        if (m == null) {
            throw new ProtocolException(Reply.INVALID_JSON);
        }
        int limit = DEFAULT_LIMIT;
        Instant since = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "limit" -> limit = limit(v);
                case "since" -> since = since(v);
                default -> throw new ProtocolException("unknown field: " + Reply.printable(e.getKey(), 64));
            }
        }
        return new AuditRequest(limit, since);
    }

    private static int limit(Object v) throws ProtocolException {
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            if (n.compareTo(BigInteger.valueOf(MIN_LIMIT)) >= 0 && n.compareTo(BigInteger.valueOf(MAX_LIMIT)) <= 0) {
                return n.intValue();
            }
        }
        throw new ProtocolException(INVALID_LIMIT);
    }

    private static Instant since(Object v) throws ProtocolException {
        if (v instanceof String s) {
            try {
                return WireTime.parseInstant(s);
            } catch (IllegalArgumentException e) {
                // below
            }
        }
        throw new ProtocolException(INVALID_SINCE);
    }
}
