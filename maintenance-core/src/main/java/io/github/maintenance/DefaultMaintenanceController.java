package io.github.maintenance;

import io.github.maintenance.audit.AuditTrail;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.change.Changes;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.internal.AuditRecorder;
import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.ControlState;
import io.github.maintenance.internal.EventDispatch;
import io.github.maintenance.internal.History;
import io.github.maintenance.internal.IdleSignal;
import io.github.maintenance.internal.RouteResources;
import io.github.maintenance.internal.StoreSync;
import io.github.maintenance.internal.StuckWatch;
import io.github.maintenance.internal.Transition;
import io.github.maintenance.jmx.JmxRegistration;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.stats.Totals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The controller: the lock, the transitions and the tick.
 *
 * <p><b>Concurrency design.</b> Every change runs under this object's monitor (changes are rare
 * and may talk to a state store). A change never touches the current state: it computes the next
 * one in a {@link Transition} (a private working copy), which either finishes, or throws and is
 * dropped, leaving everything as it was. Only then is the new {@link ControlState} committed:
 * history and counter resets, counters and breakers brought in line ({@link RouteResources}),
 * one immutable {@link MaintenanceSnapshot} published through a volatile field, one store save
 * ({@link StoreSync}), one event batch ({@link EventDispatch}). The request path reads the
 * snapshot with one volatile read and never locks; counters are {@code LongAdder}s and breakers
 * compare-and-set state machines, shared by successive snapshots.
 */
final class DefaultMaintenanceController implements MaintenanceController {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceController.class);

    private final MaintenanceConfig config;
    private final Clock clock;
    private final StateStore store;
    private final ExecutorService ownEvents;
    private final ScheduledExecutorService timer;
    private final EventDispatch dispatch;
    private final StoreSync storeSync;
    private final SnapshotBuilder snapshots;
    private final RouteResources resources;
    private final History history;
    private final AuditRecorder audit;
    /** Runs event deliveries and breaker audit appends, off the request threads. */
    private final Executor events;
    /** Which routes were reported as in maintenance too long; guarded by this. */
    private final StuckWatch stuck = new StuckWatch();
    /** Wakes {@link #awaitIdle} waiters when tracked requests end and when a snapshot is published. */
    private final IdleSignal idleSignal = new IdleSignal();
    /** The MBean registered because the configuration asked for it, or null. */
    private final JmxRegistration jmx;
    /** Publishes this instance's cluster report, or null when the store keeps none. */
    private final ClusterMembership membership;

    /** Message of the maintenance entered by {@link DamagedStatePolicy#MAINTENANCE}. */
    static final String DAMAGED_STATE_MESSAGE =
            "The saved maintenance state is damaged; an operator needs to check it.";

    // Guarded by this.
    private ControlState state;
    private boolean closed;

    private volatile MaintenanceSnapshot snapshot;
    /** Longest wait of {@link #awaitIdle}, far beyond any use, so that deadlines cannot overflow. */
    private static final Duration MAX_WAIT = Duration.ofDays(365);
    /** Why the stored state was refused at start, until a change is saved or a good state adopted; or null. */
    private volatile String damage;

    DefaultMaintenanceController(MaintenanceConfig config) {
        this.config = config;
        this.clock = config.clock();
        Instant started = clock.instant();
        this.store = config.stateStore();
        this.snapshots = new SnapshotBuilder(config, idleSignal);
        Executor configured = config.eventExecutor();
        if (configured != null) {
            this.ownEvents = null;
            this.events = configured;
        } else {
            this.ownEvents = Executors.newSingleThreadExecutor(daemon("maintenance-events"));
            this.events = ownEvents;
        }
        this.dispatch = new EventDispatch(events);
        this.storeSync = new StoreSync(store, clock);
        this.resources = new RouteResources(config.detailedStatistics(), this::newBreaker);
        this.history = new History(config.historySize());
        this.audit = new AuditRecorder(config.audit(), store, clock, config.instanceName());
        synchronized (this) {
            state = initialState(config);
            resources.reconcile(state, Set.of());
            String damaged = null;
            try {
                StoredState saved = store.load().orElse(null);
                if (saved != null) {
                    damaged = adopt(saved, "the state store");
                }
            } catch (DamagedStateException e) {
                damaged = e.getMessage();
            } catch (RuntimeException e) {
                LOG.warn("Could not load the saved maintenance state ({}); starting with every route serving",
                        e.toString());
            }
            publish();
            if (damaged != null) {
                onDamagedState(damaged);
            }
        }
        try {
            store.watch(this::onStoredState);
        } catch (RuntimeException e) {
            LOG.warn("Could not watch the state store for changes made elsewhere: {}", e.toString());
        }
        if (config.tickInterval().isZero()) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(daemon("maintenance-timer"));
            long ms = Math.max(10, config.tickInterval().toMillis());
            timer.scheduleWithFixedDelay(this::safeTick, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (config.jmx()) {
            try {
                this.jmx = MaintenanceJmx.register(this, config.jmxServer(), config.jmxDomain());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        } else {
            this.jmx = null;
        }
        this.membership = ClusterMembership.start(this, started);
        LOG.info("Maintenance controller started: {}", config);
    }

    private static ControlState initialState(MaintenanceConfig config) {
        RouteTable table = RouteTable.of(config.routes());
        Map<String, CircuitBreakerConfig> breakers = new HashMap<>();
        for (Route r : table.routes()) {
            CircuitBreakerConfig bc = config.routeCircuitBreakers().getOrDefault(r.id(), config.circuitBreaker());
            if (bc != null) {
                breakers.put(r.id(), bc);
            }
        }
        return new ControlState(config.routes(), List.of(), table, Map.of(), null, null, List.of(), Map.of(), Map.of(),
                breakers, 0);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public MaintenanceConfig config() {
        return config;
    }

    @Override
    public MaintenanceSnapshot snapshot() {
        return snapshot;
    }

    // ---- changes --------------------------------------------------------------------------------

    @Override
    public synchronized ChangeResult apply(Changes changes, Cause cause) {
        ensureOpen();
        Transition t = new Transition(state, config, clock.instant());
        List<ChangeResult.Applied> applied = new ArrayList<>(changes.size());
        for (Change c : changes) {
            applied.add(t.apply(c, cause));
        }
        if (t.persistent() && config.refuseChangesWhenStoreUnavailable()) {
            StoreStatus s = store.status();
            if (s.unreachable()) {
                LOG.warn("Change by {} refused: the state store is unavailable ({})", cause,
                        MaintenanceErrors.printable(s.detail()));
                throw MaintenanceErrors.storeUnavailable(s.detail());
            }
        }
        ChangeResult result = commit(t, applied, true);
        if (t.persistent() && result.storeSaved()) {
            damage = null;
        }
        return result;
    }

    /**
     * Reports a damaged stored state found at start (ERROR, {@link #storeStatus()}) and applies the
     * damaged-state policy. Called under the lock, once.
     */
    private void onDamagedState(String reason) {
        damage = reason;
        if (config.damagedStatePolicy() == DamagedStatePolicy.SERVE) {
            LOG.error("The saved maintenance state is damaged and was ignored: {}. Every route serves "
                    + "(onDamagedState=SERVE) until a change is saved over it", reason);
            return;
        }
        LOG.error("The saved maintenance state is damaged and was ignored: {}. The whole application enters "
                + "maintenance (onDamagedState=MAINTENANCE) until an operator exits it", reason);
        Transition t = new Transition(state, config, clock.instant());
        MaintenanceRequest request = MaintenanceRequest.builder().message(DAMAGED_STATE_MESSAGE).build();
        t.apply(new Change.Enter(Target.all(), request), Cause.of(Cause.Source.STORE,
                "damaged state: " + MaintenanceErrors.printable(reason)));
        commit(t, List.of(), true);
    }

    @Override
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Transition t = new Transition(state, config, now);
        t.tick();
        commit(t, List.of(), true);
        dispatch.publish(stuck.check(state, config.stuckAfter(), now), now);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Time-based transition failed: {}", e.toString(), e);
        }
    }

    /** Commits a finished transition. Nothing here refuses a change: validation is over. */
    private ChangeResult commit(Transition t, List<ChangeResult.Applied> applied, boolean save) {
        if (!t.changed()) {
            return new ChangeResult(state.version(), applied, true);
        }
        ControlState next = t.finish();
        for (Transition.WindowEnd w : t.windows()) {
            history.record(w, resources.counters(w.routeId()).windowHits());
        }
        t.resetHits().forEach(id -> resources.counters(id).resetMaintenanceHits());
        t.resetDrain().forEach(id -> resources.counters(id).resetDrainRejected());
        state = next;
        resources.reconcile(next, t.freshBreakers());
        publish();
        boolean saved = true;
        if (save && t.persistent()) {
            StoreSync.Saved s = storeSync.save(next);
            saved = s.saved();
            if (s.state().version() != next.version()) {
                state = s.state();
                publish();
            }
        }
        audit.changes(t.notices(), t.now(), state.version());
        dispatch.publish(t.notices(), t.now());
        return new ChangeResult(state.version(), applied, saved);
    }

    private void publish() {
        snapshot = snapshots.build(state, resources);
        idleSignal.wake();
    }

    /**
     * Adopts a stored state (at start, or made by another instance); refused whole when it is
     * invalid.
     *
     * @return {@code null}, or why the state was refused
     */
    private String adopt(StoredState s, String from) {
        Transition t = new Transition(state, config, clock.instant());
        List<String> ignored;
        try {
            ignored = t.adopt(s);
        } catch (MaintenanceException e) {
            LOG.error("Refusing the maintenance state from {} (version {}): {}; keeping the current state", from,
                    s.version(), e.getMessage());
            return "the saved state (version " + s.version() + ") is invalid: " + e.getMessage();
        }
        for (String id : ignored) {
            LOG.warn("Ignoring the saved state of unknown route '{}'", MaintenanceErrors.printable(id));
        }
        commit(t, List.of(), false);
        if (!state.states().isEmpty()) {
            LOG.info("Maintenance state adopted from {} (version {}): {} route(s) not serving", from, state.version(),
                    state.states().size());
        }
        return null;
    }

    private void onStoredState(StoredState s) {
        synchronized (this) {
            ControlState before = state;
            if (closed || s.version() <= state.version() || adopt(s, "another instance") != null) {
                return;
            }
            damage = null;
            audit.synchronised(before, state, clock.instant());
        }
        LOG.info("Maintenance state synchronized from the store (version {})", s.version());
        Cause peer = Cause.of(Cause.Source.PEER, "");
        dispatch.deliver(List.of(new MaintenanceEvent(MaintenanceEvent.Type.STATE_SYNCHRONIZED, clock.instant(),
                List.copyOf(s.routeStates().keySet()), peer, "version " + s.version())));
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public synchronized List<ScheduledWindow> schedules() {
        return state.schedules();
    }

    @Override
    public boolean awaitIdle(Target target, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        inFlight(target); // checks that tracking is on and that the target names routes
        long nanos = timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : timeout.toNanos();
        // Not under this controller's lock: publishing wakes the waiters while holding it.
        return idleSignal.await(() -> InFlightSums.of(snapshot, target, false), nanos);
    }

    @Override
    public synchronized List<Route> routes() {
        return state.table().routes();
    }

    @Override
    public synchronized List<String> exemptPaths() {
        return List.of(state.exemptPaths());
    }

    @Override
    public RouteStatus status(String routeId) {
        return StatusViews.status(snapshot, routeId, clock.instant(), config.stuckAfter());
    }

    @Override
    public List<RouteStatus> statuses() {
        return StatusViews.statuses(snapshot, clock.instant(), config.stuckAfter());
    }

    @Override
    public RouteTraffic traffic(String routeId) {
        return StatusViews.traffic(snapshot, routeId);
    }

    @Override
    public List<RouteTraffic> traffic() {
        return StatusViews.traffic(snapshot);
    }

    @Override
    public synchronized Totals totals() {
        return StatusViews.totals(snapshot, resources.retiredSums());
    }

    @Override
    public synchronized List<MaintenanceWindow> history() {
        return history.list();
    }

    @Override
    public AuditTrail audit() {
        return audit.trail();
    }

    @Override
    public Optional<ClusterView> cluster() {
        return membership == null ? Optional.empty() : Optional.of(membership.view());
    }

    /** Publishes this instance's cluster report now, as the heartbeat does; {@code false} when none was published. */
    boolean heartbeat() {
        return membership != null && membership.beat();
    }

    @Override
    public StoreStatus storeStatus() {
        StoreStatus s = store.status();
        String d = damage;
        return d == null || s.damaged() ? s : s.withDamage(d);
    }

    // ---- circuit breakers -------------------------------------------------------------------------

    @Override
    public void resetCircuitBreaker(String routeId, Cause cause) {
        CircuitBreakerStateMachine b;
        synchronized (this) {
            ensureOpen();
            if (state.table().find(routeId) == null) {
                throw MaintenanceErrors.unknownRoute(routeId);
            }
            b = resources.breaker(routeId);
            if (b == null) {
                throw MaintenanceErrors.conflict("circuit breaker not found: " + MaintenanceErrors.printable(routeId));
            }
        }
        LOG.info("Circuit breaker of route {} reset by {}", routeId, cause);
        b.reset();
    }

    private CircuitBreakerStateMachine newBreaker(String routeId, CircuitBreakerConfig bc) {
        return new CircuitBreakerStateMachine(bc, (from, to, s) -> {
            Cause cause = Cause.of(Cause.Source.CIRCUIT_BREAKER, routeId);
            MaintenanceEvent.Type type = switch (to) {
                case OPEN -> MaintenanceEvent.Type.CIRCUIT_OPENED;
                case HALF_OPEN -> MaintenanceEvent.Type.CIRCUIT_HALF_OPENED;
                case CLOSED -> MaintenanceEvent.Type.CIRCUIT_CLOSED;
            };
            String detail = from.wireName() + " -> " + to.wireName() + ", failures=" + s.failures();
            if (to == CircuitState.OPEN) {
                LOG.warn("Circuit breaker of route {} opened ({}): serving the maintenance page for {}", routeId,
                        detail, Durations.format(bc.openTimeout()));
            } else {
                LOG.info("Circuit breaker of route {}: {}", routeId, detail);
            }
            Instant at = clock.instant();
            dispatch.deliver(List.of(new MaintenanceEvent(type, at, List.of(routeId), cause, detail)));
            long version = snapshot.version();
            try {
                events.execute(() -> audit.breaker(routeId, from, to, detail, version, at));
            } catch (RejectedExecutionException e) {
                LOG.debug("Breaker transition of route {} not audited: the controller is closed", routeId);
            }
        });
    }

    // ---- listeners and lifecycle --------------------------------------------------------------------

    @Override
    public void addListener(MaintenanceListener listener) {
        dispatch.add(listener);
    }

    @Override
    public void removeListener(MaintenanceListener listener) {
        dispatch.remove(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (jmx != null) {
            jmx.close();
        }
        if (membership != null) {
            membership.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (ownEvents != null) {
            ownEvents.shutdown();
        }
        try {
            store.close();
        } catch (Exception e) {
            LOG.warn("Closing the state store failed: {}", e.toString());
        }
        LOG.info("Maintenance controller stopped");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the maintenance controller is closed");
        }
    }
}
