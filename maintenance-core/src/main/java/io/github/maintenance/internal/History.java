package io.github.maintenance.internal;

import io.github.maintenance.stats.MaintenanceWindow;

import java.util.ArrayDeque;
import java.util.List;

/** The bounded history of past maintenance windows. Guarded by the controller's lock. */
public final class History {

    private final int size;
    private final ArrayDeque<MaintenanceWindow> windows = new ArrayDeque<>();

    /** A history of at most {@code size} windows (0 keeps none). */
    public History(int size) {
        this.size = size;
    }

    /** Records a window that ended, with the hits it counted. */
    public void record(Transition.WindowEnd w, long hits) {
        if (size == 0) {
            return;
        }
        windows.addLast(new MaintenanceWindow(w.routeId(), w.maintenance().since(), w.end(), hits,
                w.maintenance().cause(), w.endedBy(), w.maintenance().pageUrl()));
        while (windows.size() > size) {
            windows.removeFirst();
        }
    }

    /** The windows, oldest first. */
    public List<MaintenanceWindow> list() {
        return List.copyOf(windows);
    }
}
