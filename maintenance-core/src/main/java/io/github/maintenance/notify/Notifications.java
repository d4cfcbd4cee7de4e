package io.github.maintenance.notify;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link MaintenanceController} to a {@link Notifier}: turns the controller's events
 * into {@link Notification}s and checks the {@link AlertRules}.
 *
 * <h2>Events notified</h2>
 * <table>
 *   <caption>Controller events and the notifications they give</caption>
 *   <tr><th>Event</th><th>Notification</th></tr>
 *   <tr><td>{@code MAINTENANCE_ENTERED}, cause {@code SCHEDULE}</td><td>{@code SCHEDULE_STARTED}</td></tr>
 *   <tr><td>{@code MAINTENANCE_ENTERED}, any other cause; {@code DRAIN_COMPLETED}</td>
 *       <td>{@code MAINTENANCE_ENTERED}</td></tr>
 *   <tr><td>{@code MAINTENANCE_EXITED}</td><td>{@code MAINTENANCE_EXITED}</td></tr>
 *   <tr><td>{@code DRAIN_STARTED}</td><td>{@code DRAIN_STARTED}</td></tr>
 *   <tr><td>{@code SCHEDULE_CREATED}</td><td>{@code SCHEDULE_ANNOUNCED}</td></tr>
 *   <tr><td>{@code MAINTENANCE_STUCK}</td><td>{@code MAINTENANCE_STUCK}</td></tr>
 *   <tr><td>{@code CIRCUIT_OPENED}</td><td>{@code CIRCUIT_OPENED}</td></tr>
 * </table>
 * Other events (route table changes, cancellations, breaker recovery, state synchronised from a
 * peer) are not notified: in a cluster, the instance that made a change notifies it.
 *
 * <h2>Threads</h2>
 * Events are handed to the notifier on the controller's event executor. The alert rules are
 * checked on one daemon thread owned by this handle, every {@link AlertRules#checkInterval()},
 * on the controller's clock; no thread is started when no rule is on or the interval is zero
 * ({@link #checkNow()} then checks on demand). An exception thrown by the notifier is logged and
 * ignored.
 *
 * <p>{@link #close()} removes the listener and stops the thread; it does not close the notifier.
 * Thread-safe.
 */
public final class Notifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final MaintenanceController controller;
    private final Notifier notifier;
    private final AlertRules rules;
    private final AlertChecker checker;
    private final String instance;
    private final Clock clock;
    private final MaintenanceListener listener = this::onEvent;
    private final ScheduledExecutorService alerts;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Notifications(MaintenanceController controller, Notifier notifier, AlertRules rules) {
        this.controller = controller;
        this.notifier = notifier;
        this.rules = rules;
        this.checker = new AlertChecker(rules);
        this.instance = controller.config().instanceName();
        this.clock = controller.config().clock();
        if (rules.any() && !rules.checkInterval().isZero()) {
            alerts = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "maintenance-alerts-" + instance);
                t.setDaemon(true);
                return t;
            });
        } else {
            alerts = null;
        }
    }

    /**
     * Notifies {@code notifier} of {@code controller}'s changes, without alert rules.
     *
     * @param controller the controller to listen to
     * @param notifier   where notifications go
     * @return the handle; close it to stop
     */
    public static Notifications attach(MaintenanceController controller, Notifier notifier) {
        return attach(controller, notifier, AlertRules.none());
    }

    /**
     * Notifies {@code notifier} of {@code controller}'s changes and of the alerts {@code rules} raise.
     * The first check of the hit-rate rule only takes the counters' baseline.
     *
     * @param controller the controller to listen to
     * @param notifier   where notifications go
     * @param rules      the alert rules
     * @return the handle; close it to stop
     */
    public static Notifications attach(MaintenanceController controller, Notifier notifier, AlertRules rules) {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(rules, "rules");
        Notifications n = new Notifications(controller, notifier, rules);
        controller.addListener(n.listener);
        if (n.alerts != null) {
            n.checkNow();
            long nanos = rules.checkInterval().toNanos();
            n.alerts.scheduleWithFixedDelay(n::checkLogged, nanos, nanos, TimeUnit.NANOSECONDS);
        }
        return n;
    }

    /** {@return the alert rules} */
    public AlertRules rules() {
        return rules;
    }

    /**
     * Checks the alert rules now, on the calling thread, and sends the alerts that fire. The
     * handle's thread calls this every {@link AlertRules#checkInterval()}; tests with an injected
     * clock call it directly. Does nothing once closed.
     */
    public void checkNow() {
        if (closed.get() || !rules.any()) {
            return;
        }
        for (Notification n : checker.check(controller.statuses(), clock.instant(), instance)) {
            deliver(n);
        }
    }

    private void checkLogged() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.warn("Alert check failed: {}", e.toString(), e);
        }
    }

    private void onEvent(MaintenanceEvent event) {
        if (!closed.get()) {
            of(event, instance).ifPresent(this::deliver);
        }
    }

    private void deliver(Notification n) {
        try {
            notifier.send(n);
        } catch (RuntimeException e) {
            LOG.warn("Notifier {} failed on {}: {}", notifier, n.type(), e.toString(), e);
        }
    }

    /**
     * The notification an event gives, following the table of the class comment.
     *
     * @param event    a controller event
     * @param instance the instance's name
     * @return the notification, or empty when the event is not notified
     */
    static Optional<Notification> of(MaintenanceEvent event, String instance) {
        NotificationType type = switch (event.type()) {
            case MAINTENANCE_ENTERED -> event.cause().source() == Cause.Source.SCHEDULE
                    ? NotificationType.SCHEDULE_STARTED : NotificationType.MAINTENANCE_ENTERED;
            case DRAIN_COMPLETED -> NotificationType.MAINTENANCE_ENTERED;
            case MAINTENANCE_EXITED -> NotificationType.MAINTENANCE_EXITED;
            case DRAIN_STARTED -> NotificationType.DRAIN_STARTED;
            case SCHEDULE_CREATED -> NotificationType.SCHEDULE_ANNOUNCED;
            case MAINTENANCE_STUCK -> NotificationType.MAINTENANCE_STUCK;
            case CIRCUIT_OPENED -> NotificationType.CIRCUIT_OPENED;
            default -> null;
        };
        return type == null ? Optional.empty()
                : Optional.of(new Notification(type, instance, event.at(), event.routeIds(), event.cause(),
                        event.detail()));
    }

    /** Removes the listener and stops the alert thread; does not close the notifier. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            controller.removeListener(listener);
            if (alerts != null) {
                alerts.shutdownNow();
            }
        }
    }

    @Override
    public String toString() {
        return "Notifications[" + instance + ", " + notifier + ", " + rules + "]";
    }
}
