package io.github.maintenance.jdbc;

import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StateStoreException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * What one notification on the store's PostgreSQL channel says, and its payload forms. A save's
 * transaction sends up to two notifications, in this order:
 * <ul>
 * <li>{@code VERSION KEY delta=…}: the version saved, the store key, a space and the
 *     {@link StateDeltaFormat} text of the change from the version it replaced; sent only when the
 *     writer knows the state it replaced and the payload has at most {@value #MAX_PAYLOAD_BYTES}
 *     bytes (PostgreSQL refuses 8000). A listener holding the delta's base applies it and
 *     reads nothing.</li>
 * <li>{@code VERSION KEY}: always, after it. A listener that already holds the version ignores
 *     it; one that does not (no delta, or a delta it could not apply) reads the row. It is also
 *     the only form the previous release understands: its listeners take the whole rest of the
 *     payload after the first space as the key, so they ignore the delta form and read the row on
 *     this one, as before.</li>
 * </ul>
 * Polling has no payload: its notices carry a version only.
 *
 * <p>Immutable.
 *
 * @param version the version announced; {@link #UNKNOWN} when a payload for this key could not
 *                be read (then the listener reads the row)
 * @param delta   the change to {@code version}, or {@code null}
 */
record StateNotice(long version, StateDelta delta) {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    /** PostgreSQL refuses a payload of 8000 bytes or more (with its default block size). */
    static final int MAX_PAYLOAD_BYTES = 7999;

    /** The version of a damaged notice: newer than any, so that the listener reads the row. */
    static final long UNKNOWN = Long.MAX_VALUE;

    /** A notice of {@code version} without a delta (a plain payload, or polling). */
    static StateNotice of(long version) {
        return new StateNotice(version, null);
    }

    /** The plain payload {@code VERSION KEY}. */
    static String plain(long version, String key) {
        return version + " " + key;
    }

    /**
     * The payload {@code VERSION KEY delta=…} of {@code delta}, or {@code null} when it would not
     * fit in a notification (the plain payload then says it all).
     */
    static String withDelta(StateDelta delta, String key) {
        String payload = plain(delta.version(), key) + " " + StateDeltaFormat.encode(delta);
        return payload.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES ? payload : null;
    }

    /**
     * Reads a payload: {@code null} when it is for another key (or names none: ignored); a notice
     * of {@link #UNKNOWN} version, logged, when it is for this key but cannot be read.
     */
    static StateNotice parse(String payload, String key) {
        if (payload == null) {
            return null;
        }
        int space = payload.indexOf(' ');
        int end = space < 0 ? -1 : payload.indexOf(' ', space + 1);
        String named = space < 0 ? null : end < 0 ? payload.substring(space + 1) : payload.substring(space + 1, end);
        if (!key.equals(named)) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(payload.substring(0, space));
        } catch (NumberFormatException e) {
            return damaged(key, "its version is not a number");
        }
        if (version < 0) {
            return damaged(key, "its version is negative");
        }
        if (end < 0) {
            return of(version);
        }
        StateDelta delta;
        try {
            delta = StateDeltaFormat.decode(payload.substring(end + 1));
        } catch (StateStoreException e) {
            return damaged(key, e.getMessage());
        }
        if (delta.version() != version) {
            return damaged(key, "it announces version " + version + " with a delta to version " + delta.version());
        }
        return new StateNotice(version, delta);
    }

    private static StateNotice damaged(String key, String why) {
        LOG.warn("Unreadable notification for the state of key {} ({}); reading the state from the table instead",
                key, why);
        return of(UNKNOWN);
    }
}
