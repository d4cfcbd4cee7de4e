package io.github.maintenance.stats;

import io.github.maintenance.Cause;

import java.time.Instant;

/**
 * One past period of maintenance on one route, kept in the controller's bounded history.
 *
 * @param routeId    the route
 * @param start      when maintenance was entered
 * @param end        when it ended
 * @param hits       maintenance responses served during the window
 * @param cause      who entered it
 * @param endedBy    who ended it
 * @param pageUrl    the custom page URL, or {@code null}
 */
public record MaintenanceWindow(String routeId, Instant start, Instant end, long hits, Cause cause, Cause endedBy,
        String pageUrl) {
}
