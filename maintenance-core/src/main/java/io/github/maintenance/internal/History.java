package io.github.maintenance.internal;

import io.github.maintenance.stats.MaintenanceWindow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded history of past maintenance windows. A window keeps the hit counter its decisions
 * carried, read each time the history is listed: requests the window blocked whose responses were
 * still being written when it closed are counted in it as they finish. Guarded by the
 * controller's lock.
 */
public final class History {

    private record Ended(Transition.WindowEnd window, LongAdder hits) {
    }

    private final int size;
    private final ArrayDeque<Ended> windows = new ArrayDeque<>();

    /** A history of at most {@code size} windows (0 keeps none). */
    public History(int size) {
        this.size = size;
    }

    /** Records a window that ended, with the counter of the hits it blocked. */
    public void record(Transition.WindowEnd w, LongAdder hits) {
        if (size == 0) {
            return;
        }
        windows.addLast(new Ended(w, hits));
        while (windows.size() > size) {
            windows.removeFirst();
        }
    }

    /** The windows, oldest first. */
    public List<MaintenanceWindow> list() {
        List<MaintenanceWindow> out = new ArrayList<>(windows.size());
        for (Ended e : windows) {
            Transition.WindowEnd w = e.window();
            out.add(new MaintenanceWindow(w.routeId(), w.maintenance().since(), w.end(), e.hits().sum(),
                    w.maintenance().cause(), w.endedBy(), w.maintenance().pageUrl()));
        }
        return List.copyOf(out);
    }
}
