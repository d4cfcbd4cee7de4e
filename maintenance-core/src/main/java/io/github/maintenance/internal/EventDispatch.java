package io.github.maintenance.internal;

import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Logs the changes of a transition and delivers its events to listeners, as one batch, on the
 * event executor (never on a request thread or under the controller's lock). A listener that
 * throws is logged and the others still get the event.
 *
 * <p>Thread-safe: listeners may be added and removed at any time.
 */
public final class EventDispatch {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.maintenance.MaintenanceController");

    private final Executor executor;
    private final List<MaintenanceListener> listeners = new CopyOnWriteArrayList<>();

    /** Delivers on {@code executor}. */
    public EventDispatch(Executor executor) {
        this.executor = executor;
    }

    public void add(MaintenanceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void remove(MaintenanceListener listener) {
        listeners.remove(listener);
    }

    /** Logs each notice once and delivers those with a type as one batch of events. */
    public void publish(List<Transition.Notice> notices, Instant at) {
        List<MaintenanceEvent> batch = new ArrayList<>(notices.size());
        for (Transition.Notice n : notices) {
            if (n.warn()) {
                LOG.warn("{}", n.log());
            } else {
                LOG.info("{}", n.log());
            }
            if (n.type() != null) {
                batch.add(new MaintenanceEvent(n.type(), at, n.routeIds(), n.cause(), n.detail()));
            }
        }
        deliver(batch);
    }

    /** Delivers events, in order, as one task. */
    public void deliver(List<MaintenanceEvent> batch) {
        if (batch.isEmpty() || listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                for (MaintenanceEvent event : batch) {
                    for (MaintenanceListener l : listeners) {
                        try {
                            l.onEvent(event);
                        } catch (RuntimeException e) {
                            LOG.warn("Maintenance listener {} failed on {}: {}", l, event.type(), e.toString(), e);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{} event(s) not delivered: executor stopped", batch.size());
        }
    }
}
