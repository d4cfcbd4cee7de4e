package io.github.maintenance.notify;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.stats.RouteStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of the {@link AlertRules} between checks: which route fired which rule in its current
 * episode, and the maintenance-hit counters seen at the previous check. Thread-safe (checks are
 * serialised).
 */
final class AlertChecker {

    private final AlertRules rules;
    /** Route id to the start of the maintenance episode the long-maintenance rule fired for. */
    private final Map<String, Instant> longFired = new HashMap<>();
    /** Route id to its lifetime maintenance hits at the previous check. */
    private final Map<String, Long> lastHits = new HashMap<>();
    private final Set<String> hitsFiring = new HashSet<>();
    private Instant lastCheck;

    AlertChecker(AlertRules rules) {
        this.rules = rules;
    }

    /** Applies the rules to {@code statuses} seen at {@code now}; returns the alerts that fire. */
    synchronized List<Notification> check(List<RouteStatus> statuses, Instant now, String instance) {
        List<Notification> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RouteStatus s : statuses) {
            ids.add(s.route().id());
        }
        longFired.keySet().retainAll(ids);
        hitsFiring.retainAll(ids);
        if (!rules.maintenanceLongerThan().isZero()) {
            for (RouteStatus s : statuses) {
                checkLong(s, now, instance, out);
            }
        }
        if (rules.hitsPerMinuteAbove() > 0) {
            checkHits(statuses, now, instance, out);
        }
        return out;
    }

    private void checkLong(RouteStatus s, Instant now, String instance, List<Notification> out) {
        String id = s.route().id();
        Instant began = s.maintenanceBegan();
        if (!s.inMaintenance() || began == null) {
            longFired.remove(id);
            return;
        }
        Duration age = Duration.between(began, now);
        if (age.compareTo(rules.maintenanceLongerThan()) >= 0 && !began.equals(longFired.get(id))) {
            longFired.put(id, began);
            out.add(new Notification(NotificationType.MAINTENANCE_LONGER_THAN, instance, now, List.of(id),
                    Cause.timer(), "in maintenance since " + began + " (" + Durations.format(age)
                    + "), maintenanceLongerThan=" + Durations.format(rules.maintenanceLongerThan())));
        }
    }

    private void checkHits(List<RouteStatus> statuses, Instant now, String instance, List<Notification> out) {
        if (lastCheck != null && !now.isAfter(lastCheck)) {
            return; // no time has passed: no rate to measure; keep the previous baseline
        }
        Map<String, Long> current = new HashMap<>();
        for (RouteStatus s : statuses) {
            current.put(s.route().id(), s.lifetimeMaintenanceHits());
        }
        if (lastCheck != null) {
            Duration elapsed = Duration.between(lastCheck, now);
            double minutes = elapsed.toNanos() / 60e9;
            for (RouteStatus s : statuses) {
                String id = s.route().id();
                long hits = current.get(id);
                long delta = Math.max(0, hits - lastHits.getOrDefault(id, hits));
                double perMinute = delta / minutes;
                if (perMinute > rules.hitsPerMinuteAbove()) {
                    if (hitsFiring.add(id)) {
                        out.add(new Notification(NotificationType.HITS_ABOVE_THRESHOLD, instance, now, List.of(id),
                                Cause.timer(), delta + " maintenance responses in " + Durations.format(elapsed)
                                + " (" + Math.round(perMinute) + " per minute), hitsPerMinuteAbove="
                                + rules.hitsPerMinuteAbove()));
                    }
                } else {
                    hitsFiring.remove(id);
                }
            }
        }
        lastHits.clear();
        lastHits.putAll(current);
        lastCheck = now;
    }
}
