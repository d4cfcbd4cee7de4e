package io.github.maintenance.internal;

import io.github.maintenance.Target;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which routes carry an announcement of a window that has not started. Pure function. */
public final class ScheduleAnnouncements {

    private ScheduleAnnouncements() {
    }

    /** Route id to {@code X-Maintenance-Scheduled} value for routes with an announced window. */
    public static Map<String, String> of(List<ScheduledWindow> windows, RouteTable table, Instant now) {
        if (windows.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (ScheduledWindow w : windows) {
            if (!w.isAnnounced(now)) {
                continue;
            }
            List<String> ids;
            try {
                ids = RouteBook.resolve(table, Target.parse(w.target()), false).ids();
            } catch (RuntimeException e) {
                continue;
            }
            for (String id : ids) {
                out.putIfAbsent(id, w.announcement());
            }
        }
        return out;
    }
}
