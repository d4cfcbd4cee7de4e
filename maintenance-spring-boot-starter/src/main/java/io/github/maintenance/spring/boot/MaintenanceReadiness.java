package io.github.maintenance.spring.boot;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;
import io.github.maintenance.state.RouteState;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.lang.Nullable;

/**
 * Turns the application's readiness ({@link ReadinessState}) to {@code REFUSING_TRAFFIC} while
 * the whole application leaves, and back to {@code ACCEPTING_TRAFFIC} when it no longer does.
 * "Leaving" is decided on the catch-all route ({@code ALL}) alone:
 * <ul>
 *   <li>it drains and no maintenance hides the drain (phase {@link Phase#DRAINING}, also once the
 *       period is over and it keeps rejecting), or</li>
 *   <li>it is in the maintenance that a drain ended in (after-drain behaviour "enter maintenance":
 *       the maintenance the timer entered when the period was over).</li>
 * </ul>
 * Maintenance entered by an operator, a schedule or the flag file keeps the application ready:
 * the instance is healthy and shows the maintenance page, and a load balancer that took every
 * instance out would show nobody the page. A drain or maintenance of other routes never changes
 * readiness. This is the filter's readiness path, plus the drain-out maintenance.
 *
 * <p>An event is published only on a change, and {@code ACCEPTING_TRAFFIC} only to undo a
 * refusal this class published (a refusal published by someone else, such as Boot when the
 * context closes, is left alone) and never once the context is closing. When Boot declares the
 * application ready while it is leaving (a drain restored from the state store at start), the
 * refusal is published again at once.
 */
public class MaintenanceReadiness implements MaintenanceListener, ApplicationListener<ApplicationEvent>,
        InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceReadiness.class);

    private final MaintenanceController controller;
    private final ApplicationContext context;
    private final ApplicationAvailability availability;
    private boolean refusedByUs;
    private boolean closing;

    /**
     * A readiness source.
     *
     * @param availability Boot's availability bean, or {@code null} when there is none (then this
     *                     class assumes readiness is what it last published)
     */
    public MaintenanceReadiness(MaintenanceController controller, ApplicationContext context,
            @Nullable ApplicationAvailability availability) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.context = Objects.requireNonNull(context, "context");
        this.availability = availability;
    }

    /**
     * Whether the state of the catch-all route means the whole application is leaving: draining
     * with no maintenance on top, or in the maintenance a drain ended in.
     */
    public static boolean leaving(@Nullable RouteState all) {
        if (all == null) {
            return false;
        }
        if (all.phase() == Phase.DRAINING) {
            return true;
        }
        return all.maintenance() != null && all.maintenance().cause().source() == Cause.Source.TIMER;
    }

    @Override
    public void afterPropertiesSet() {
        controller.addListener(this);
    }

    @Override
    public void destroy() {
        controller.removeListener(this);
    }

    @Override
    public void onEvent(MaintenanceEvent event) {
        update();
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
            synchronized (this) {
                closing = true;
            }
        } else if (event instanceof AvailabilityChangeEvent<?> change && change.getSource() != this
                && change.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            synchronized (this) {
                refusedByUs = false;
            }
            update();
        }
    }

    /** Compares the catch-all route's state with readiness and publishes a change if there is one. */
    synchronized void update() {
        boolean leaving = leaving(controller.snapshot().state(Route.CATCH_ALL_ID));
        if (leaving && !refusedByUs && current() != ReadinessState.REFUSING_TRAFFIC) {
            LOG.info("The whole application drains: readiness REFUSING_TRAFFIC");
            refusedByUs = true;
            AvailabilityChangeEvent.publish(context, this, ReadinessState.REFUSING_TRAFFIC);
        } else if (!leaving && refusedByUs) {
            refusedByUs = false;
            if (!closing) {
                LOG.info("The application no longer drains: readiness ACCEPTING_TRAFFIC");
                AvailabilityChangeEvent.publish(context, this, ReadinessState.ACCEPTING_TRAFFIC);
            }
        }
    }

    private ReadinessState current() {
        if (availability == null) {
            return refusedByUs ? ReadinessState.REFUSING_TRAFFIC : ReadinessState.ACCEPTING_TRAFFIC;
        }
        return availability.getReadinessState();
    }
}
