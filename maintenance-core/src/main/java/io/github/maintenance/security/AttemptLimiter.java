package io.github.maintenance.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles failed authentication attempts per client source, so that guessing a token is
 * infeasible while nobody can lock out a client at another source.
 *
 * <h2>Sources</h2>
 * A source is one IPv4 address, or one IPv6 {@code /64} network (the block a single host or
 * customer usually gets, so an attacker cannot escape its record by rotating the low 64 bits).
 * An IPv4-mapped IPv6 address counts as its IPv4 address. Callers pass the address bytes; the
 * limiter never resolves names.
 *
 * <h2>Allowance: a sliding window</h2>
 * Each source has {@code allowance} failed attempts per {@code window}, measured with a leaky
 * bucket (generic cell rate algorithm) rather than calendar minutes: a fresh source may fail
 * {@code allowance} times in a row; after that it may try once more every
 * {@code window / allowance}, and after a quiet {@code window} its whole allowance is back. There
 * are no boundaries at which the count resets, so failures just before and just after a full
 * minute are counted together. While a source is over its allowance, every attempt from it is
 * refused <em>without looking at the token</em> (otherwise the answer would still tell a right
 * guess from a wrong one); since tokens are long, refusing a right token from that very source
 * for a few seconds is the price. Attempts refused this way are not counted: the delay never
 * grows beyond {@code window / allowance} after the last counted failure.
 *
 * <h2>Bounded memory that cannot be flushed</h2>
 * At most {@code capacity} sources are tracked, with one {@code long} each. A record whose bucket
 * has drained carries no information and is dropped, least recently used first, when room is
 * needed. A record still in use is <em>never</em> dropped, so an attacker rotating through many
 * addresses cannot push its own or anyone else's record out to reset it. When the table is full of
 * records in use, a new source is counted in the record of its network (IPv4 {@code /24}, IPv6
 * {@code /48}) in a second table of {@code capacity / 4} networks, kept the same way; a source is
 * then held back by its own record and by its network's. Only when both tables are full of records
 * in use is a new source's failure not counted (logged once as a warning, counted by
 * {@link #uncounted()}): refusing it instead would lock out clients that never failed. Hence:
 * <ul>
 * <li>a client is never held back by failures from another address, except, during an attack
 * that keeps {@code capacity} sources failing within one window, failures from its own
 * {@code /24} (IPv4) or {@code /48} (IPv6) network;</li>
 * <li>an attacker gets {@code allowance} guesses at once and then {@code allowance} per window
 * (so at most twice that in any one window) per source it owns, and, once it keeps more than
 * {@code capacity} sources busy, per network of its further sources;</li>
 * <li>memory stays below about {@code 1.25 * capacity} small records whatever the traffic.</li>
 * </ul>
 *
 * <p>Thread-safe: every method locks the limiter for a few map operations.
 */
public final class AttemptLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLimiter.class);

    /** Sources tracked by default. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** High bits marking an IPv4 key; {@code ffff:ffff::/32} is multicast, never a client. */
    private static final long IPV4_MARK = 0xFFFF_FFFF_0000_0000L;

    private final int allowance;
    private final long windowMillis;
    private final long intervalMillis;
    private final int capacity;
    private final int networkCapacity;
    private final Clock clock;
    /** Per source: the time at which its bucket is drained again (ms); least recently used first. */
    private final Map<Long, long[]> table = new LinkedHashMap<>(16, 0.75f, true);
    /** The same per network, for sources that found the source table full. */
    private final Map<Long, long[]> networks = new LinkedHashMap<>(16, 0.75f, true);
    private long uncounted;

    /**
     * Creates a limiter.
     *
     * @param allowance failed attempts a source may make per {@code window}, at least 1
     * @param window    the sliding window, 1 ms to 1 day
     * @param capacity  most sources tracked at once, 1 to 1 000 000
     * @param clock     the time source
     * @throws IllegalArgumentException when a value is out of range
     */
    public AttemptLimiter(int allowance, Duration window, int capacity, Clock clock) {
        if (allowance < 1) {
            throw new IllegalArgumentException("allowance must be at least 1 but was " + allowance);
        }
        if (window == null || window.toMillis() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("window must be 1ms to 1 day but was " + window);
        }
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("capacity must be 1 to 1000000 but was " + capacity);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        this.allowance = allowance;
        this.windowMillis = window.toMillis();
        this.intervalMillis = Math.max(1, windowMillis / allowance);
        this.capacity = capacity;
        this.networkCapacity = Math.max(1, capacity / 4);
        this.clock = clock;
    }

    /**
     * Failed attempts a source may make per window.
     *
     * @return the allowance given at construction; at least 1
     */
    public int allowance() {
        return allowance;
    }

    /** {@return the sliding window} */
    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /**
     * How long the source of {@code address} must wait before its next attempt counts;
     * {@link Duration#ZERO} when it may try now.
     *
     * @param address 4 (IPv4) or 16 (IPv6) bytes
     * @throws IllegalArgumentException for another length
     * @return the wait; {@link Duration#ZERO} when the next attempt counts now
     */
    public synchronized Duration retryAfter(byte[] address) {
        long now = clock.millis();
        long source = sourceOf(address);
        long wait = Math.max(waitOf(table.get(source), now), waitOf(networks.get(networkOf(source)), now));
        return wait > 0 ? Duration.ofMillis(wait) : Duration.ZERO;
    }

    /**
     * {@return whether the source of {@code address} must wait ({@link #retryAfter} is not zero)}
     *
     * @param address 4 (IPv4) or 16 (IPv6) bytes
     */
    public boolean blocked(byte[] address) {
        return !retryAfter(address).isZero();
    }

    /**
     * Counts a failed attempt from the source of {@code address}. Call it only for attempts that
     * {@link #blocked} allowed.
     *
     * @param address 4 (IPv4) or 16 (IPv6) bytes
     * @throws IllegalArgumentException for another length
     */
    public synchronized void failed(byte[] address) {
        long now = clock.millis();
        long source = sourceOf(address);
        long[] cell = recordIn(table, capacity, source, now);
        if (cell == null) {
            cell = recordIn(networks, networkCapacity, networkOf(source), now);
        }
        if (cell == null) {
            if (uncounted++ == 0) {
                LOG.warn("Failed authentications come from more than {} sources and {} networks at once: further "
                        + "ones are not counted until records drain (this limiter is degraded)", capacity,
                        networkCapacity);
            }
            return;
        }
        cell[0] = Math.max(cell[0], now) + intervalMillis;
    }

    /**
     * Sources tracked now, at most the capacity (drained records may still be counted).
     *
     * @return the number of source records in the table
     */
    public synchronized int trackedSources() {
        return table.size();
    }

    /**
     * Networks tracked now, at most a quarter of the capacity.
     *
     * @return the number of network records in the table
     */
    public synchronized int trackedNetworks() {
        return networks.size();
    }

    /**
     * Failures not counted since start because both tables were full of records in use.
     *
     * @return the failures dropped so far
     */
    public synchronized long uncounted() {
        return uncounted;
    }

    private long waitOf(long[] cell, long now) {
        return cell == null ? 0 : cell[0] - now - (windowMillis - intervalMillis);
    }

    /** The record of {@code key} in {@code map}, created when there is room, else null. */
    private static long[] recordIn(Map<Long, long[]> map, int max, long key, long now) {
        long[] own = map.get(key);
        if (own != null) {
            return own;
        }
        if (map.size() >= max) {
            dropDrained(map, now);
        }
        if (map.size() >= max) {
            return null;
        }
        own = new long[1];
        map.put(key, own);
        return own;
    }

    private static void dropDrained(Map<Long, long[]> map, long now) {
        Iterator<long[]> it = map.values().iterator();
        int scanned = 0;
        // Least recently used first, so drained records gather at the head; look a little further
        // so that one long-lived record at the head does not hide drained ones behind it.
        while (it.hasNext() && scanned++ < 64) {
            if (it.next()[0] <= now) {
                it.remove();
            }
        }
    }

    /** The network of a source: its IPv4 {@code /24} or IPv6 {@code /48}. */
    private static long networkOf(long source) {
        return (source & IPV4_MARK) == IPV4_MARK ? source & ~0xFFL : source & ~0xFFFFL;
    }

    /**
     * The key of the source of {@code address}: an IPv4 address, or an IPv6 {@code /64}.
     *
     * @throws IllegalArgumentException unless {@code address} has 4 or 16 bytes
     */
    static long sourceOf(byte[] address) {
        if (address == null || (address.length != 4 && address.length != 16)) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (address.length == 16 && isIpv4Mapped(address)) {
            return IPV4_MARK | readInt(address, 12);
        }
        if (address.length == 4) {
            return IPV4_MARK | readInt(address, 0);
        }
        return (readInt(address, 0) << 32) | readInt(address, 4);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static long readInt(byte[] a, int from) {
        return ((a[from] & 0xFFL) << 24) | ((a[from + 1] & 0xFFL) << 16) | ((a[from + 2] & 0xFFL) << 8)
                | (a[from + 3] & 0xFFL);
    }
}
