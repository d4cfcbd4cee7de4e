package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.change.Change;
import io.github.maintenance.schedule.ScheduledWindow;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** The rules of scheduled windows that do not change state: ids, order, causes, announcements. Pure functions. */
final class Schedules {

    private Schedules() {
    }

    static ScheduledWindow find(List<ScheduledWindow> windows, String id) {
        for (ScheduledWindow w : windows) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        return null;
    }

    static void sort(List<ScheduledWindow> windows) {
        windows.sort(Comparator.comparing(ScheduledWindow::start));
    }

    /** The cause of the maintenance a window enters, by which cancelling it finds that maintenance again. */
    static Cause cause(ScheduledWindow w) {
        return Cause.of(Cause.Source.SCHEDULE, w.id());
    }

    /** The change a window makes when its start comes. */
    static Change.Enter entry(ScheduledWindow w) {
        MaintenanceRequest request = MaintenanceRequest.builder().pageUrl(w.pageUrl()).message(w.message())
                .retryAfter(w.retryAfter()).until(w.end()).options(w.options()).build();
        return new Change.Enter(Target.parse(w.target()), request);
    }

    static String newId(List<ScheduledWindow> windows, RandomGenerator random) {
        RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
        while (true) {
            String id = String.format("sch-%012x", r.nextLong() & 0xffff_ffff_ffffL);
            if (find(windows, id) == null) {
                return id;
            }
        }
    }
}
