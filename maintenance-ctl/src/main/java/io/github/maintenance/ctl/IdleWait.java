package io.github.maintenance.ctl;

import io.github.maintenance.Durations;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code exec --wait-idle}: after entering, polls {@code MAINT_STATUS} at a fixed interval until
 * the requests in progress on the target's routes reach zero or the time runs out. The server
 * reports {@code in_flight} per route only when it counts requests in progress; when no route
 * carries it, or the reply cannot be read, the wait says so instead of taking "not counted" for
 * "idle".
 */
final class IdleWait {

    /** Outcome of the wait. */
    enum Result { IDLE, TIMED_OUT, NOT_TRACKED, UNREADABLE }

    private static final long POLL_MILLIS = 100;

    private IdleWait() {
    }

    /**
     * Waits at most {@code limit}; the last in-flight sum seen is reported through {@code last[0]}.
     *
     * @param routeIds the target's routes, or {@code null} to count every route in maintenance
     */
    static Result await(CtlSession s, Duration limit, Set<String> routeIds, long[] last) throws FailedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String reply = Reply.payload(s.call("MAINT_STATUS"));
            if (!readable(reply)) {
                return Result.UNREADABLE;
            }
            Long n = inFlight(reply, routeIds);
            if (n == null) {
                return Result.NOT_TRACKED;
            }
            last[0] = n;
            if (n == 0) {
                return Result.IDLE;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Result.TIMED_OUT;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.TIMED_OUT;
            }
        }
    }

    /** Whether {@code statusJson} is a {@code MAINT_STATUS} object with a {@code routes} array. */
    static boolean readable(String statusJson) {
        try {
            Map<String, Object> m = WireJson.parseObjectOrNull(statusJson);
            return m != null && m.get("routes") instanceof List;
        } catch (WireJson.InvalidJsonException e) {
            return false;
        }
    }

    /** {@link #inFlight(String, Set)} over every route in maintenance. */
    static Long inFlight(String statusJson) {
        return inFlight(statusJson, null);
    }

    /**
     * The sum of {@code in_flight} over the routes of a {@code MAINT_STATUS} reply whose id is in
     * {@code routeIds} (every route when {@code null}), or {@code null} when no route at all
     * reports it (the server does not count requests in progress) or the reply is not understood.
     */
    static Long inFlight(String statusJson, Set<String> routeIds) {
        Map<String, Object> m;
        try {
            m = WireJson.parseObjectOrNull(statusJson);
        } catch (WireJson.InvalidJsonException e) {
            return null;
        }
        if (m == null || !(m.get("routes") instanceof List<?> routes)) {
            return null;
        }
        long sum = 0;
        boolean tracked = false;
        for (Object o : routes) {
            if (o instanceof Map<?, ?> r && r.get("in_flight") instanceof Number n) {
                tracked = true;
                if (routeIds == null || routeIds.contains(String.valueOf(r.get("route_id")))) {
                    sum += n.longValue();
                }
            }
        }
        return tracked ? sum : null;
    }

    /** One line for the operator about the outcome. */
    static String describe(Result r, Duration limit, long last) {
        return switch (r) {
            case IDLE -> "no requests in progress on the target";
            case TIMED_OUT -> last + " request(s) still in progress after " + Durations.format(limit)
                    + "; running the command anyway";
            case NOT_TRACKED -> "--wait-idle did not wait: the server does not count requests in progress (its "
                    + "maintenance controller runs without in-flight tracking, trackInFlight), so idle cannot be told "
                    + "from busy; running the command anyway";
            case UNREADABLE -> "--wait-idle did not wait: the registry's MAINT_STATUS reply could not be read; "
                    + "running the command anyway";
        };
    }
}
