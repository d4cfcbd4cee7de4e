package io.github.maintenance.stats;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The traffic of one route as the filter measured it: the requests it passed to the application,
 * how they ended and how long they took. Blocked requests (maintenance, drain, open circuit) are
 * not included; they have their own counters in {@link RouteStatus}.
 *
 * <p>Measured only while detailed statistics are on
 * ({@code MaintenanceConfig.Builder.detailedStatistics(true)}); otherwise every figure is zero,
 * because the idle request path does no route match at all. Counts run from the route's creation
 * (process start for declared routes).
 *
 * <p>Immutable and thread-safe.
 *
 * @param routeId          the route
 * @param requests         requests passed to the application and measured
 * @param errors           of those, how many ended with a status of 500 or more or an exception
 * @param exceptions       of those errors, how many were exceptions thrown by the application
 * @param avgLatencyMillis mean time spent in the rest of the filter chain, in milliseconds
 * @param p95LatencyMillis 95th percentile of that time (upper bound of its histogram bucket,
 *                         which is at most 25 % wide, capped at the largest time seen)
 * @param p99LatencyMillis 99th percentile, likewise
 * @param statusCodes      response status to count, in ascending status order
 * @param lastError        the last error: {@code "HTTP 503"} or the exception's class and message;
 *                         {@code null} when there was none
 * @param lastErrorAt      when it happened, or {@code null}
 */
public record RouteTraffic(String routeId, long requests, long errors, long exceptions, double avgLatencyMillis,
        double p95LatencyMillis, double p99LatencyMillis, SortedMap<Integer, Long> statusCodes, String lastError,
        Instant lastErrorAt) {

    /**
     * Checks the route id and copies the status counts.
     * @param routeId the route; not null
     * @param requests requests passed to the application and measured
     * @param errors of those, how many ended with a status of 500 or more or an exception
     * @param exceptions of those errors, how many were exceptions
     * @param avgLatencyMillis mean time in the rest of the filter chain, in milliseconds
     * @param p95LatencyMillis 95th percentile of that time
     * @param p99LatencyMillis 99th percentile of that time
     * @param statusCodes response status to count; copied
     * @param lastError the last error, or {@code null}
     * @param lastErrorAt when it happened, or {@code null}
     */
    public RouteTraffic {
        Objects.requireNonNull(routeId, "routeId");
        statusCodes = Collections.unmodifiableSortedMap(new TreeMap<>(statusCodes));
    }

    /**
     * No traffic measured for {@code routeId}.
     *
     * @param routeId the route
     * @return a traffic record with every figure zero
     */
    public static RouteTraffic none(String routeId) {
        return new RouteTraffic(routeId, 0, 0, 0, 0.0, 0.0, 0.0, new TreeMap<>(), null, null);
    }

    /**
     * {@code errors / requests}, or 0 when there were no requests.
     *
     * @return the error rate, in {@code [0, 1]}
     */
    public double errorRate() {
        return requests == 0 ? 0.0 : (double) errors / requests;
    }
}
