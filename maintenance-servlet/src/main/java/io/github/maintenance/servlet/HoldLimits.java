package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;

import java.time.Duration;

/**
 * The validated bounds of a hold: how many requests it parks at once and for how long when the
 * maintenance entry gives no hold time. Part of {@link FilterSettings}.
 *
 * @param maxRequests the most requests parked at once, 1 to 100000
 * @param timeout how long a request is parked by default, 1 s to 5 min
 */
record HoldLimits(int maxRequests, Duration timeout) {

    /** Checks both bounds, the count first; a {@link io.github.maintenance.MaintenanceException} names the bad one. */
    HoldLimits {
        if (maxRequests < 1 || maxRequests > 100_000) {
            throw MaintenanceErrors.invalidConfig(InitParameters.HOLD_MAX_REQUESTS, maxRequests, "1 to 100000");
        }
        if (timeout == null || timeout.getSeconds() < 1 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw MaintenanceErrors.invalidConfig(InitParameters.HOLD_TIMEOUT, timeout, "1s to 5m");
        }
    }
}
