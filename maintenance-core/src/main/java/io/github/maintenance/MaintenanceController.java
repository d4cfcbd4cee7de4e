package io.github.maintenance;

import io.github.maintenance.audit.AuditTrail;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.change.Changes;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.stats.Totals;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The one facade through which every control plane (Java API, registry, dashboard, flag file,
 * schedule, peers) changes maintenance state, and from which the request path reads it.
 *
 * <p><b>Concurrency design.</b> Changes are serialised by the controller (they are rare and may
 * talk to a state store); each change builds a new immutable {@link MaintenanceSnapshot} and
 * publishes it with one volatile write. The request path reads that snapshot with one volatile
 * read and decides without locks; counters are {@code LongAdder}s and circuit breakers are
 * compare-and-set state machines. Listeners run on the event executor, never on a request
 * thread.
 *
 * <p><b>Changes.</b> Every change is a {@link Change} record; {@link #apply(Changes, Cause)}
 * applies a batch of them as one transition (one snapshot, one store save, one version, one
 * event batch). The methods {@link #enter}, {@link #exit}, {@link #startDrain} and the others are
 * shorthands for one change.
 *
 * <p><b>Errors.</b> A refused change (unknown route id, invalid target, URL, time or duration)
 * throws {@link MaintenanceException}, whose {@link MaintenanceException#kind() kind} says why,
 * and changes nothing: the new state is computed first and published only when every change of
 * the batch is valid. A failing state store is logged; the change still takes effect locally
 * ({@link ChangeResult#storeSaved()} says so).
 *
 * <p>Every change is logged once at INFO with its cause and delivered to listeners.
 *
 * <p>Implementations are thread-safe. Create one with {@link #create()} or
 * {@link #create(MaintenanceConfig)}; {@link #close()} stops its threads.
 */
public interface MaintenanceController extends AutoCloseable {

    /** {@return a controller with the default configuration} */
    static MaintenanceController create() {
        return create(MaintenanceConfig.ofDefaults());
    }

    /**
     * {@return a controller with the given configuration; loads the state store's saved state}
     *
     * @param config the configuration
     * @throws MaintenanceException when JMX is on and the MBean cannot be registered (its name is taken, say)
     */
    static MaintenanceController create(MaintenanceConfig config) {
        return new DefaultMaintenanceController(config);
    }

    /** {@return the configuration} */
    MaintenanceConfig config();

    /** {@return the current snapshot: one volatile read} */
    MaintenanceSnapshot snapshot();

    /**
     * Shorthand for {@code snapshot().decide(host, path)}.
     *
     * @param host the request's host, with or without a port; may be {@code null}
     * @param path the decoded, normalised request path within the application
     * @return what to do with the request
     */
    default Decision decide(String host, String path) {
        return snapshot().decide(host, path);
    }

    // ---- changes ----------------------------------------------------------------------------

    /**
     * Applies a batch of changes as one transition, all or nothing: each change sees the state
     * the ones before it produced; if any is refused, none takes effect.
     *
     * @param changes the changes, in order
     * @param cause who or what makes the change, for events, logs and history
     * @return what each change did, and the version after the batch
     * @throws MaintenanceException when a change is refused; nothing is changed then
     */
    ChangeResult apply(Changes changes, Cause cause);

    /**
     * Applies one change; see {@link #apply(Changes, Cause)}.
     *
     * @param change the change
     * @param cause who or what makes the change, for events, logs and history
     * @return what the change did, and the version after it
     * @throws MaintenanceException when the change is refused; nothing is changed then
     */
    default ChangeResult apply(Change change, Cause cause) {
        return apply(Changes.of(change), cause);
    }

    // ---- maintenance ------------------------------------------------------------------------

    /**
     * Puts the routes selected by {@code target} into maintenance; re-entering replaces the page,
     * message and end. The maintenance-hit counters of those routes restart at 0.
     *
     * @param target the routes it applies to (see {@link Target})
     * @param request page, message, Retry-After and end
     * @param cause who or what makes the change, for events, logs and history
     * @return the ids of the affected routes, in table order
     * @throws MaintenanceException for an unknown route id, an invalid target or a page URL the
     *                              URL policy refuses; nothing is changed then
     */
    default List<String> enter(Target target, MaintenanceRequest request, Cause cause) {
        return apply(new Change.Enter(target, request), cause).routeIds();
    }

    /**
     * {@link #enter(Target, MaintenanceRequest, Cause)} with a target string and API cause.
     *
     * @param target the target in {@link Target#parse} syntax
     * @param request page, message, Retry-After and end
     * @return the ids of the affected routes, in table order
     * @throws MaintenanceException for an invalid target or request; nothing is changed then
     */
    default List<String> enter(String target, MaintenanceRequest request) {
        return enter(Target.parse(target), request, Cause.api());
    }

    /**
     * Enters maintenance on {@code target} with the built-in page.
     *
     * @param target the target in {@link Target#parse} syntax
     * @return the ids of the affected routes, in table order
     * @throws MaintenanceException for an invalid target; nothing is changed then
     */
    default List<String> enter(String target) {
        return enter(target, MaintenanceRequest.defaults());
    }

    /**
     * Ends maintenance on the routes selected by {@code target} (those not in maintenance are left
     * as they are). For {@code ALL}, also ends the maintenance that new routes would inherit.
     *
     * @param target the routes it applies to (see {@link Target})
     * @param cause who or what makes the change, for events, logs and history
     * @return the ids of the routes that left maintenance
     */
    default List<String> exit(Target target, Cause cause) {
        return apply(new Change.Exit(target), cause).routeIds();
    }

    /**
     * {@link #exit(Target, Cause)} with a target string and API cause.
     *
     * @param target the target in {@link Target#parse} syntax
     * @return the ids of the routes that left maintenance
     * @throws MaintenanceException for an invalid target; nothing is changed then
     */
    default List<String> exit(String target) {
        return exit(Target.parse(target), Cause.api());
    }

    // ---- drain ------------------------------------------------------------------------------

    /**
     * Starts (or restarts) draining the routes selected by {@code target} over {@code duration}
     * (positive, at most 24 h). Their drain-rejected counters restart at 0.
     *
     * @param target the routes it applies to (see {@link Target})
     * @param duration the drain period
     * @param policy     rejection probability by progress, or {@code null} for the configured one
     * @param afterDrain behaviour after the period, or {@code null} for the configured one
     * @param cause who or what makes the change, for events, logs and history
     * @return the ids of the affected routes
     */
    default List<String> startDrain(Target target, Duration duration, DrainPolicy policy, AfterDrain afterDrain,
            Cause cause) {
        return apply(new Change.StartDrain(target, duration, policy, afterDrain), cause).routeIds();
    }

    /**
     * Drains {@code target} with the configured policy and after-drain behaviour.
     *
     * @param target the target in {@link Target#parse} syntax
     * @param duration the drain period: positive, at most 24 h
     * @return the ids of the affected routes, in table order
     * @throws MaintenanceException for an invalid target or duration; nothing is changed then
     */
    default List<String> startDrain(String target, Duration duration) {
        return startDrain(Target.parse(target), duration, null, null, Cause.api());
    }

    /**
     * Cancels the drain of the routes selected by {@code target}.
     *
     * @param target the routes it applies to (see {@link Target})
     * @param cause who or what makes the change, for events, logs and history
     * @return the ids of the routes whose drain was cancelled (empty when none was draining)
     */
    default List<String> cancelDrain(Target target, Cause cause) {
        return apply(new Change.CancelDrain(target), cause).routeIds();
    }

    /**
     * {@link #cancelDrain(Target, Cause)} with a target string and API cause.
     *
     * @param target the target in {@link Target#parse} syntax
     * @return the ids of the routes whose drain was cancelled
     * @throws MaintenanceException for an invalid target; nothing is changed then
     */
    default List<String> cancelDrain(String target) {
        return cancelDrain(Target.parse(target), Cause.api());
    }

    // ---- schedules --------------------------------------------------------------------------

    /**
     * Schedules a maintenance window: from {@code start} the routes selected by {@code target}
     * are in maintenance with {@code request}'s page URL, message and {@code Retry-After}, until
     * {@code end}. Until it starts, responses on those routes carry
     * {@code X-Maintenance-Scheduled: <start>/<end>}. A path or domain target that selects no
     * route gets its ad-hoc route now, so that the announcement reaches it. Windows are saved in
     * the state store and survive a restart.
     *
     * @param target the routes it applies to (see {@link Target})
     * @param start when maintenance begins
     * @param end when it ends; after {@code start} and in the future
     * @param request page URL, message and Retry-After; its {@code until}/{@code duration} must be
     *                unset (the window's end is the end)
     * @param cause who or what makes the change, for events, logs and history
     * @return the window created (started already if {@code start} has come)
     * @throws MaintenanceException when {@code end} is not after {@code start} or not in the
     *                              future, for an unknown route id, an invalid target or a page
     *                              URL the URL policy refuses; nothing is changed then
     */
    default ScheduledWindow schedule(Target target, Instant start, Instant end, MaintenanceRequest request,
            Cause cause) {
        return apply(new Change.Schedule(target, start, end, request), cause).first().window();
    }

    /**
     * {@link #schedule(Target, Instant, Instant, MaintenanceRequest, Cause)} with the built-in page and API cause.
     *
     * @param target the target in {@link Target#parse} syntax
     * @param start when maintenance begins
     * @param end when it ends; after {@code start} and in the future
     * @return the window created
     * @throws MaintenanceException as {@link #schedule(Target, Instant, Instant, MaintenanceRequest, Cause)} does
     */
    default ScheduledWindow schedule(String target, Instant start, Instant end) {
        return schedule(Target.parse(target), start, end, MaintenanceRequest.defaults(), Cause.api());
    }

    /** {@return the windows not over yet (announced or in progress), by start} */
    List<ScheduledWindow> schedules();

    /**
     * Cancels a window. One that has not started is forgotten; one in progress also ends the
     * maintenance it entered (routes whose maintenance was since replaced by someone else are
     * left as they are).
     *
     * @param scheduleId the window's id
     * @param cause who or what makes the change, for events, logs and history
     * @return the window as it was
     * @throws MaintenanceException when no window has this id
     */
    default ScheduledWindow cancelSchedule(String scheduleId, Cause cause) {
        return apply(new Change.Unschedule(scheduleId), cause).first().window();
    }

    // ---- routes -----------------------------------------------------------------------------

    /** {@return the routes, the catch-all first} */
    List<Route> routes();

    /**
     * Adds a route, or replaces the route with the same id (keeping its state and counters). A
     * new route starts in maintenance or draining when {@code ALL} is.
     *
     * @param route the route
     * @param cause who or what makes the change, for events, logs and history
     * @throws MaintenanceException for the catch-all route or a route the configuration refuses; nothing is
     *     changed then
     */
    default void putRoute(Route route, Cause cause) {
        apply(new Change.PutRoute(route), cause);
    }

    /**
     * Removes a route; its counters go into the totals of removed routes.
     *
     * @param routeId the route's id
     * @param cause who or what makes the change, for events, logs and history
     * @throws MaintenanceException when no route has this id or it is the catch-all
     */
    default void removeRoute(String routeId, Cause cause) {
        apply(new Change.RemoveRoute(routeId), cause);
    }

    // ---- circuit breaker --------------------------------------------------------------------

    /**
     * Configures (or with {@code null} removes) the circuit breaker of a route; a new breaker
     * starts closed.
     *
     * @param routeId the route's id, or {@code *} for the catch-all
     * @param config the breaker's settings, or {@code null} to remove the breaker
     * @param cause who or what makes the change, for events, logs and history
     * @throws MaintenanceException when no route has this id
     */
    default void configureCircuitBreaker(String routeId, CircuitBreakerConfig config, Cause cause) {
        apply(new Change.ConfigureBreaker(routeId, config), cause);
    }

    /**
     * Closes the breaker of a route and clears its counts.
     *
     * @param routeId the route's id
     * @param cause who or what makes the change, for events, logs and history
     * @throws MaintenanceException when no route has this id or it has no breaker
     */
    void resetCircuitBreaker(String routeId, Cause cause);

    // ---- exempt paths -------------------------------------------------------------------------

    /**
     * Sets the path prefixes that a control plane exempts at run time (for example the health
     * check paths registered over the registry), under a key naming who set them; an empty
     * collection removes that key's paths. They add to the filter's configured exempt paths and,
     * like those, are consulted only for a request that would be blocked
     * ({@link MaintenanceSnapshot#isExemptPath(String)}). They are not saved in the state store.
     *
     * @param owner a non-empty key, e.g. {@code registry:<session>}
     * @param cause who or what makes the change, for events, logs and history
     * @param paths path prefixes, as {@link io.github.maintenance.route.Route#normalizePath} accepts them
     * @throws MaintenanceException for an invalid path; nothing is changed then
     */
    default void setExemptPaths(String owner, Collection<String> paths, Cause cause) {
        apply(Change.SetExemptPaths.of(owner, paths), cause);
    }

    /**
     * Every path prefix exempted at run time through {@link #setExemptPaths}, sorted, without duplicates.
     *
     * @return the prefixes; unmodifiable
     */
    List<String> exemptPaths();

    // ---- status -----------------------------------------------------------------------------

    /**
     * The status of one route.
     *
     * @param routeId the route's id
     * @return a point-in-time view of the route
     * @throws MaintenanceException when no route has this id
     */
    RouteStatus status(String routeId);

    /** {@return the status of every route, the catch-all first} */
    List<RouteStatus> statuses();

    /**
     * The requests in the application right now on the routes of {@code target}.
     *
     * @param target the routes to sum over (see {@link Target}: route ids, paths, domains)
     * @return the sum of the routes' in-flight counts
     * @throws IllegalStateException when in-flight tracking is off ({@link MaintenanceConfig#trackInFlight()})
     * @throws MaintenanceException when an item of the target names no route
     */
    default long inFlight(Target target) {
        Objects.requireNonNull(target, "target");
        if (!config().trackInFlight()) {
            throw new IllegalStateException(InFlightSums.NOT_TRACKED);
        }
        return InFlightSums.of(snapshot(), target, true);
    }

    /**
     * Waits until no request is in the application on the routes of {@code target} (typically
     * after entering maintenance on it, so that new requests no longer reach the application) or
     * {@code timeout} has passed. The waiting thread sleeps and is woken when a tracked request
     * ends or the routes change; it does not poll. Requests let through during the wait (exempt
     * paths, bypass) count too. Counts are read without stopping requests, so "idle" is a moment:
     * a request arriving right after may still reach the application unless the target is blocked.
     *
     * @param target  the routes to wait for (see {@link Target}: route ids, paths, domains)
     * @param timeout how long to wait at most; zero checks once
     * @return {@code true} when the routes reached zero in-flight requests in time, {@code false}
     *         when time ran out first (then {@link #inFlight(Target)} tells how many are left)
     * @throws IllegalStateException when in-flight tracking is off ({@link MaintenanceConfig#trackInFlight()})
     * @throws MaintenanceException when an item of the target names no route
     * @throws IllegalArgumentException when {@code timeout} is negative
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitIdle(Target target, Duration timeout) throws InterruptedException;

    /**
     * Sums over every route.
     *
     * @return totals over current and removed routes
     */
    Totals totals();

    /**
     * The traffic the filter measured on one route (requests passed to the application, status
     * codes, errors, latencies); all zero unless detailed statistics are on.
     *
     * @param routeId the route's id
     * @return the route's traffic
     * @throws MaintenanceException when no route has this id
     */
    RouteTraffic traffic(String routeId);

    /** {@return the traffic of every route, the catch-all first; see {@link #traffic(String)}} */
    List<RouteTraffic> traffic();

    /**
     * Past maintenance windows, oldest first, at most {@code historySize}.
     *
     * @return the windows; unmodifiable
     */
    List<MaintenanceWindow> history();

    /**
     * The audit trail: one entry per change that changed something, whichever control plane or
     * mechanism made it (refused and no-op changes record nothing; a state synchronised from
     * another instance is recorded once, with source {@link Cause.Source#PEER}). Bounded by
     * {@link MaintenanceConfig#audit()}; loaded at start from a state store that keeps it
     * ({@link io.github.maintenance.spi.AuditStore}), such as the
     * {@link io.github.maintenance.store.FileStateStore}.
     *
     * @return the trail; query it with {@link AuditTrail#list(int, Instant)}
     */
    AuditTrail audit();

    /**
     * The cluster view: every live instance sharing this controller's state store, with its
     * heartbeat, applied version, store health and counters, and the sums over them. Reads the
     * store on the calling thread (a control-plane call, never the request path).
     *
     * @return the view, or empty when the state store keeps no cluster reports
     *         ({@link io.github.maintenance.spi.ClusterStore})
     * @throws io.github.maintenance.spi.StateStoreException when the shared store cannot be read
     */
    default java.util.Optional<io.github.maintenance.cluster.ClusterView> cluster() {
        return java.util.Optional.empty();
    }

    /**
     * The health of the state store: whether it is reachable and readable. While it is not, this
     * controller keeps serving its last known state and its changes hold on this instance only
     * (or are refused, with {@link MaintenanceConfig.Builder#refuseChangesWhenStoreUnavailable}).
     *
     * <p>{@link StoreStatus#damage()} says why the state found in the store at start was refused
     * as damaged (it could not be parsed or used, or its version could not move on), until a
     * change is saved over it or a good state is read from the store; a readiness check or a
     * metric can watch {@link StoreStatus#damaged()}. See
     * {@link MaintenanceConfig.Builder#onDamagedState}.
     *
     * @return the store's status
     */
    default StoreStatus storeStatus() {
        return config().stateStore().status();
    }

    // ---- listeners and time ------------------------------------------------------------------

    /**
     * Adds a listener of changes.
     *
     * @param listener called once per change, on the configured event executor
     */
    void addListener(MaintenanceListener listener);

    /**
     * Removes a listener.
     *
     * @param listener a listener added before; ignored when it is not registered
     */
    void removeListener(MaintenanceListener listener);

    /**
     * Applies time-based transitions now: maintenance whose {@code until} has passed ends, a
     * finished drain configured to enter maintenance does so, and scheduled windows whose start
     * has come begin, maintenance entered without an end ends once it has lasted the configured
     * {@code maxDuration}, and a route in maintenance longer than {@code stuckAfter} is reported
     * (once per entry). The controller's timer calls this
     * every {@code tickInterval}; tests with an injected clock call it directly.
     */
    void tick();

    /** Stops the controller's threads and closes the state store. Idempotent. */
    @Override
    void close();
}
