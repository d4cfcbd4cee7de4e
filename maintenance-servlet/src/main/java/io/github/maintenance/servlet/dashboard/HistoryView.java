package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.stats.MaintenanceWindow;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The maintenance history for {@code GET …/api/dashboard/history}: the windows (past ones from
 * the controller's bounded history, plus the ones still open) and, for the chart, per hour or per
 * day:
 * <ul>
 *   <li>{@code count}: maintenance periods that <em>started</em> in the bucket. Routes entered by
 *       one action share a start time and count once;</li>
 *   <li>{@code duration_ms}: how long at least one route was in maintenance within the bucket
 *       (the union of the windows, clipped to the bucket).</li>
 * </ul>
 * Buckets follow the calendar of the requested time zone (days of 23 or 25 hours across DST
 * changes), oldest first, the last one containing now. Stateless and thread-safe.
 */
final class HistoryView {

    /** Bucket sizes. */
    enum Bucket {
        HOUR(24, 24 * 31, ChronoUnit.HOURS),
        DAY(14, 366, ChronoUnit.DAYS);

        final int defaultCount;
        final int maxCount;
        final ChronoUnit unit;

        Bucket(int defaultCount, int maxCount, ChronoUnit unit) {
            this.defaultCount = defaultCount;
            this.maxCount = maxCount;
            this.unit = unit;
        }
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 10_000;
    static final Set<String> PARAMETERS = Set.of("bucket", "count", "zone", "limit");

    /**
     * What to aggregate.
     *
     * @param bucket hour or day
     * @param count  number of buckets
     * @param zone   time zone of the bucket boundaries
     * @param limit  most windows listed (newest first)
     */
    record Query(Bucket bucket, int count, ZoneId zone, int limit) {

        /**
         * Parses the query parameters {@code bucket} ({@code hour} or {@code day}), {@code count},
         * {@code zone} (an IANA id such as {@code Europe/Berlin}, default UTC) and {@code limit}.
         *
         * @throws MaintenanceException naming the bad parameter
         */
        static Query parse(Map<String, String[]> params) {
            String b = single(params, "bucket");
            Bucket bucket = switch (b == null ? "hour" : b) {
                case "hour" -> Bucket.HOUR;
                case "day" -> Bucket.DAY;
                default -> throw MaintenanceErrors.invalidConfig("bucket", b, "expected hour or day");
            };
            int count = integer(params, "count", bucket.defaultCount, 1, bucket.maxCount);
            String z = single(params, "zone");
            ZoneId zone;
            try {
                zone = z == null ? ZoneId.of("UTC") : ZoneId.of(z);
            } catch (DateTimeException e) {
                throw MaintenanceErrors.invalidConfig("zone", z, "expected a time zone such as UTC or Europe/Berlin");
            }
            int limit = integer(params, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT);
            return new Query(bucket, count, zone, limit);
        }

        static String single(Map<String, String[]> params, String name) {
            String[] v = params.get(name);
            if (v == null) {
                return null;
            }
            if (v.length != 1) {
                throw new MaintenanceException("query parameter '" + name + "' given " + v.length + " times");
            }
            return v[0];
        }

        static int integer(Map<String, String[]> params, String name, int def, int min, int max) {
            String v = single(params, name);
            if (v == null) {
                return def;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw MaintenanceErrors.invalidConfig(name, v, "expected a whole number from " + min + " to " + max);
        }
    }

    /**
     * A window still open: a route in maintenance now.
     *
     * @param routeId the route
     * @param start   when maintenance was entered
     * @param hits    maintenance responses so far
     * @param cause   who entered it, or {@code null} when unknown
     * @param pageUrl the custom page, or {@code null}
     */
    record Open(String routeId, Instant start, long hits, Cause cause, String pageUrl) {
    }

    private HistoryView() {
    }

    static Map<String, Object> build(List<MaintenanceWindow> past, List<Open> open, Query q, Instant now) {
        List<long[]> intervals = new ArrayList<>();
        List<Map<String, Object>> windows = new ArrayList<>();
        for (MaintenanceWindow w : past) {
            intervals.add(new long[] {w.start().toEpochMilli(), w.end().toEpochMilli()});
            windows.add(window(w.routeId(), w.start(), w.end(), now, w.hits(), w.cause(), w.endedBy(), w.pageUrl()));
        }
        for (Open o : open) {
            intervals.add(new long[] {o.start().toEpochMilli(), now.toEpochMilli()});
            windows.add(window(o.routeId(), o.start(), null, now, o.hits(), o.cause(), null, o.pageUrl()));
        }
        // Newest first; among windows entered together, the one still open or ending last first, then by route.
        windows.sort(Comparator.comparing((Map<String, Object> w) -> (Instant) w.get("start_instant")).reversed()
                .thenComparing(w -> (Long) w.get("duration_ms"), Comparator.reverseOrder())
                .thenComparing(w -> (String) w.get("route_id")));
        for (Map<String, Object> w : windows) {
            w.remove("start_instant");
        }
        List<long[]> merged = union(intervals);

        ZonedDateTime last = ZonedDateTime.ofInstant(now, q.zone()).truncatedTo(q.bucket().unit);
        ZonedDateTime first = last.minus(q.count() - 1L, q.bucket().unit);
        List<Object> buckets = new ArrayList<>(q.count());
        for (int i = 0; i < q.count(); i++) {
            ZonedDateTime from = first.plus(i, q.bucket().unit);
            ZonedDateTime to = from.plus(1, q.bucket().unit);
            long a = from.toInstant().toEpochMilli();
            long b = to.toInstant().toEpochMilli();
            Set<Long> starts = new HashSet<>();
            for (long[] iv : intervals) {
                if (iv[0] >= a && iv[0] < b) {
                    starts.add(iv[0]);
                }
            }
            long covered = 0;
            for (long[] iv : merged) {
                long lo = Math.max(a, iv[0]);
                long hi = Math.min(b, iv[1]);
                if (hi > lo) {
                    covered += hi - lo;
                }
            }
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("start", DashboardJson.time(from.toInstant()));
            bucket.put("end", DashboardJson.time(to.toInstant()));
            bucket.put("count", starts.size());
            bucket.put("duration_ms", covered);
            buckets.add(bucket);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", DashboardJson.time(now));
        m.put("bucket", q.bucket().name().toLowerCase(java.util.Locale.ROOT));
        m.put("zone", q.zone().getId());
        m.put("buckets", buckets);
        m.put("windows_total", windows.size());
        m.put("windows", new ArrayList<>(windows.subList(0, Math.min(q.limit(), windows.size()))));
        return m;
    }

    private static Map<String, Object> window(String routeId, Instant start, Instant end, Instant now, long hits,
            Cause cause, Cause endedBy, String pageUrl) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start_instant", start);
        w.put("route_id", routeId);
        w.put("start", DashboardJson.time(start));
        w.put("end", DashboardJson.time(end));
        w.put("ongoing", end == null);
        w.put("duration_ms", Math.max(0, (end == null ? now : end).toEpochMilli() - start.toEpochMilli()));
        w.put("hits", hits);
        w.put("cause", DashboardJson.cause(cause));
        w.put("ended_by", DashboardJson.cause(endedBy));
        w.put("page_url", pageUrl);
        return w;
    }

    /** Merges overlapping or touching intervals. */
    static List<long[]> union(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(iv -> iv[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] iv : sorted) {
            if (iv[1] <= iv[0]) {
                continue;
            }
            long[] lastMerged = out.isEmpty() ? null : out.get(out.size() - 1);
            if (lastMerged != null && iv[0] <= lastMerged[1]) {
                lastMerged[1] = Math.max(lastMerged[1], iv[1]);
            } else {
                out.add(new long[] {iv[0], iv[1]});
            }
        }
        return out;
    }
}
