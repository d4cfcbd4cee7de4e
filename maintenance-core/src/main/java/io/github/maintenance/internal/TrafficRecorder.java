package io.github.maintenance.internal;

import io.github.maintenance.stats.RouteTraffic;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free traffic statistics of one route: requests passed to the application, their status
 * codes, errors and latencies. Exists only while detailed statistics are on.
 *
 * <p>Latencies go into a log-linear histogram of microseconds: exact below 8 µs, then four
 * buckets per power of two (at most 25 % wide), up to about 2<sup>40</sup> µs; percentiles are
 * the upper bound of the bucket that holds them, capped at the largest latency seen. Recording
 * neither allocates nor locks: a few atomic increments in pre-sized arrays.
 */
public final class TrafficRecorder {

    private static final int EXACT = 8;
    private static final int SUB_BUCKETS = 4;
    private static final int MAX_EXPONENT = 40;
    static final int BUCKETS = EXACT + (MAX_EXPONENT - 2) * SUB_BUCKETS;
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    /** "HTTP 500" ... "HTTP 599", so that recording a failed status allocates nothing. */
    private static final String[] SERVER_ERRORS = new String[100];

    static {
        for (int i = 0; i < SERVER_ERRORS.length; i++) {
            SERVER_ERRORS[i] = "HTTP " + (500 + i);
        }
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder exceptions = new LongAdder();
    private final LongAdder latencySamples = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAccumulator maxMicros = new LongAccumulator(Math::max, 0);
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray statusCodes = new AtomicLongArray(MAX_STATUS - MIN_STATUS + 1);
    private volatile String lastError;
    private volatile long lastErrorAt;

    /**
     * Records one request that went to the application.
     *
     * @param status       the response status
     * @param thrown       what the application threw, or {@code null}
     * @param exception    whether it threw (also when {@code thrown} is unknown)
     * @param elapsedNanos time spent in the chain, or negative when not measured
     * @param nowMillis    the clock's time, read by the caller only for failures (else ignored)
     */
    public void record(int status, Throwable thrown, boolean exception, long elapsedNanos, long nowMillis) {
        requests.increment();
        if (status >= MIN_STATUS && status <= MAX_STATUS) {
            statusCodes.incrementAndGet(status - MIN_STATUS);
        }
        if (elapsedNanos >= 0) {
            latencySamples.increment();
            latencyNanos.add(elapsedNanos);
            long micros = elapsedNanos / 1000;
            maxMicros.accumulate(micros);
            histogram.incrementAndGet(bucket(micros));
        }
        if (exception || status >= 500) {
            errors.increment();
            if (exception) {
                exceptions.increment();
            }
            lastError = describe(status, thrown, exception);
            lastErrorAt = nowMillis;
        }
    }

    private static String describe(int status, Throwable thrown, boolean exception) {
        if (thrown != null) {
            String message = thrown.getMessage();
            return message == null ? thrown.getClass().getName() : thrown.getClass().getName() + ": " + message;
        }
        if (exception) {
            return "exception";
        }
        return status >= 500 && status < 600 ? SERVER_ERRORS[status - 500] : "HTTP " + status;
    }

    /** The histogram bucket of a latency in microseconds. */
    static int bucket(long micros) {
        if (micros < EXACT) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - 2)) & (SUB_BUCKETS - 1);
        return EXACT + (exponent - 3) * SUB_BUCKETS + sub;
    }

    /** The largest latency, in microseconds, that falls into {@code bucket}. */
    static long upperBound(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int exponent = (bucket - EXACT) / SUB_BUCKETS + 3;
        int sub = (bucket - EXACT) % SUB_BUCKETS;
        return ((long) (SUB_BUCKETS + sub + 1) << (exponent - 2)) - 1;
    }

    /** A consistent-enough view for display (counters are read one after another). */
    public RouteTraffic snapshot(String routeId) {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = histogram.get(i);
            total += counts[i];
        }
        long max = maxMicros.get();
        SortedMap<Integer, Long> codes = new TreeMap<>();
        for (int i = 0; i < statusCodes.length(); i++) {
            long n = statusCodes.get(i);
            if (n > 0) {
                codes.put(i + MIN_STATUS, n);
            }
        }
        long samples = latencySamples.sum();
        double avg = samples == 0 ? 0.0 : latencyNanos.sum() / (double) samples / 1_000_000.0;
        long at = lastErrorAt;
        String error = lastError;
        return new RouteTraffic(routeId, requests.sum(), errors.sum(), exceptions.sum(), avg,
                percentile(counts, total, max, 0.95), percentile(counts, total, max, 0.99), codes, error,
                error == null ? null : Instant.ofEpochMilli(at));
    }

    private static double percentile(long[] counts, long total, long maxMicros, double q) {
        if (total == 0) {
            return 0.0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), maxMicros) / 1000.0;
            }
        }
        return maxMicros / 1000.0;
    }
}
