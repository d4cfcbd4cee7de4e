package io.github.maintenance.spring.boot;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.store.InMemoryStateStore;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the application when the context closes, before the web server's graceful shutdown:
 * its phase ({@value #PHASE}) is one above Boot's graceful-shutdown phase, so it stops first.
 * On stop it
 * <ol>
 *   <li>drains {@code ALL} for the configured period, rejecting every new request at once with the
 *       drain answer (503, {@code X-Drain-Mode: true}, {@code Retry-After}, {@code Connection: close}),
 *       unless {@code ALL} is in maintenance (the page stays) or already drains (that drain stays);
 *       readiness is {@code REFUSING_TRAFFIC} from then on (Boot refuses traffic when the context
 *       starts closing, and {@link MaintenanceReadiness} as long as {@code ALL} drains);</li>
 *   <li>waits until no request is in flight ({@link InFlightRequests}) or the period is over,
 *       whichever comes first, blocking on a condition (no polling);</li>
 *   <li>returns: Boot's graceful shutdown ({@code server.shutdown=graceful}) and the rest of the
 *       close follow.</li>
 * </ol>
 * The drain is applied through the controller only when its state store is the in-memory one: a
 * shared store (Redis) would carry the drain to every instance of the cluster, and a file store
 * would restore it at the next start. With such a store the state is left alone and only the
 * wait for the requests in flight happens (the answers to new requests are then the web server's).
 */
public class MaintenanceShutdownDrain implements SmartLifecycle {

    /** One above Boot's web server graceful-shutdown phase ({@code DEFAULT_PHASE - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024 + 1;

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceShutdownDrain.class);

    private final MaintenanceController controller;
    private final InFlightRequests inFlight;
    private final Duration period;
    private volatile boolean running;

    /**
     * A shutdown drain.
     *
     * @param period the drain period and the longest wait: more than 0, at most 24 hours
     */
    public MaintenanceShutdownDrain(MaintenanceController controller, InFlightRequests inFlight, Duration period) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.period = Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative() || period.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("maintenance.shutdown.drain must be more than 0 and at most 24h, but was "
                    + period);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        long started = System.nanoTime();
        startDrain();
        try {
            boolean none = inFlight.awaitNone(period);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (none) {
                LOG.info("Shutdown drain: no request in flight after {} ms", waited.toMillis());
            } else {
                LOG.warn("Shutdown drain: {} request(s) still in flight after {}; the web server's graceful shutdown "
                        + "takes over", inFlight.count(), period);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Shutdown drain interrupted with {} request(s) in flight", inFlight.count());
        }
    }

    private void startDrain() {
        RouteState all = controller.snapshot().state(Route.CATCH_ALL_ID);
        if (all != null && all.inMaintenance()) {
            LOG.info("Shutdown drain: ALL is in maintenance, the page stays; waiting for the requests in flight");
            return;
        }
        if (all != null && all.draining()) {
            LOG.info("Shutdown drain: ALL already drains, that drain stays; waiting for the requests in flight");
            return;
        }
        if (!(controller.config().stateStore() instanceof InMemoryStateStore)) {
            LOG.info("Shutdown drain: the state store ({}) is shared or persistent, so ALL is not drained through it "
                    + "(that would reach other instances or the next start); waiting for the requests in flight",
                    controller.storeStatus().store());
            return;
        }
        try {
            controller.startDrain(Target.all(), period, RejectAll.POLICY, AfterDrain.KEEP_REJECTING,
                    Cause.api("shutdown"));
            LOG.info("Shutdown drain: ALL drains for {}, new requests are rejected", period);
        } catch (MaintenanceException | IllegalStateException e) {
            LOG.warn("Shutdown drain: could not drain ALL ({}); waiting for the requests in flight", e.getMessage());
        }
    }

    /** The shutdown drain's policy: every new request is rejected from the start. */
    enum RejectAll implements DrainPolicy {
        POLICY;

        @Override
        public double rejectProbability(double progress) {
            return 1.0;
        }

        @Override
        public String toString() {
            return "shutdown";
        }
    }
}
