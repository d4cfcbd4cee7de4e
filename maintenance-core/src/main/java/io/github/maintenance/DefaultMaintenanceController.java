package io.github.maintenance;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.RouteCounters;
import io.github.maintenance.internal.TrafficRecorder;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.state.StateTransition;
import io.github.maintenance.state.StateTransition.Event;
import io.github.maintenance.stats.MaintenanceWindow;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.RouteTraffic;
import io.github.maintenance.stats.Totals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The controller. Mutations are {@code synchronized} on this object (control plane only); each one
 * rebuilds and publishes an immutable {@link MaintenanceSnapshot} through a volatile field, which
 * the request path reads without locking. Counters and breakers are shared between successive
 * snapshots, keyed by route id.
 */
final class DefaultMaintenanceController implements MaintenanceController {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceController.class);
    /** Saves retried with a newer version when other instances keep saving first. */
    private static final int MAX_SAVE_ATTEMPTS = 10;

    private final MaintenanceConfig config;
    private final Clock clock;
    private final PageRenderer renderer;
    private final StateStore store;
    private final Executor events;
    private final ExecutorService ownEvents;
    private final ScheduledExecutorService timer;
    private final List<MaintenanceListener> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private final List<Route> declared = new ArrayList<>();
    private final List<Route> adHoc = new ArrayList<>();
    private RouteTable table;
    private final Map<String, RouteState> states = new HashMap<>();
    private final Map<String, RouteCounters> counters = new HashMap<>();
    private final Map<String, CircuitBreakerStateMachine> breakers = new HashMap<>();
    private final Map<MaintenanceState, RenderedPage> pages = new IdentityHashMap<>();
    private final ArrayDeque<MaintenanceWindow> history = new ArrayDeque<>();
    private final Map<String, List<String>> runtimeExempt = new TreeMap<>();
    private String[] exemptPaths = new String[0];
    private final List<ScheduledWindow> schedules = new ArrayList<>();
    private final long[] retired = new long[6];
    private MaintenanceState allMaintenance;
    private DrainState allDrain;
    private Map<String, String> extensions = Map.of();
    private long version;
    private boolean closed;

    private final RenderedPage defaultPage;
    private final RenderedPage drainPage;
    private final RenderedPage circuitPage;

    private volatile MaintenanceSnapshot snapshot;

    DefaultMaintenanceController(MaintenanceConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.renderer = new PageRenderer(config.pageSettings());
        this.store = config.stateStore();
        Instant now = clock.instant();
        this.defaultPage = renderer.maintenance(null, config.retryAfter(), null, now);
        this.drainPage = renderer.drain(config.drainRetryAfter(), now);
        this.circuitPage = renderer.circuitOpen(
                config.circuitBreaker() == null ? Duration.ofSeconds(30) : config.circuitBreaker().openTimeout(), now);
        if (config.eventExecutor() != null) {
            this.events = config.eventExecutor();
            this.ownEvents = null;
        } else {
            this.ownEvents = Executors.newSingleThreadExecutor(daemon("maintenance-events"));
            this.events = ownEvents;
        }
        synchronized (this) {
            declared.addAll(config.routes());
            table = RouteTable.of(declared);
            for (Route r : table.routes()) {
                counters.put(r.id(), newCounters());
                CircuitBreakerConfig bc = config.routeCircuitBreakers().getOrDefault(r.id(), config.circuitBreaker());
                if (bc != null) {
                    breakers.put(r.id(), newBreaker(r.id(), bc));
                }
            }
            try {
                store.load().ifPresent(s -> adopt(s, Cause.of(Cause.Source.STORE, "")));
            } catch (RuntimeException e) {
                LOG.warn("Could not load the saved maintenance state ({}); starting with every route serving", e.toString());
            }
            publish();
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
        LOG.info("Maintenance controller started: {}", config);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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

    // ---- maintenance ------------------------------------------------------------------------

    @Override
    public synchronized List<String> enter(Target target, MaintenanceRequest request, Cause cause) {
        ensureOpen();
        if (request.pageUrl() != null) {
            config.urlPolicy().check(request.pageUrl());
        }
        Instant now = clock.instant();
        Instant until = request.until() != null ? request.until()
                : request.duration() != null ? now.plus(request.duration()) : null;
        if (until != null && !until.isAfter(now)) {
            throw MaintenanceErrors.invalidConfig("until", until, "must be in the future");
        }
        MaintenanceState m = new MaintenanceState(request.pageUrl(), request.message(),
                request.retryAfter() != null ? request.retryAfter() : config.retryAfter(), now, until, cause);
        List<String> ids = resolve(target, true);
        for (String id : ids) {
            RouteState old = stateOf(id);
            RouteState next = old.withMaintenance(m);
            StateTransition.check(Event.ENTER, old, next);
            if (old.maintenance() != null) {
                recordWindow(id, old.maintenance(), now, cause);
            }
            put(id, next);
            counters.get(id).resetMaintenanceHits();
        }
        if (target.isAll()) {
            allMaintenance = m;
        }
        commit();
        LOG.info("Maintenance entered on {} by {}: {}", ids, cause, describe(m));
        fire(MaintenanceEvent.Type.MAINTENANCE_ENTERED, now, ids, cause, describe(m));
        return ids;
    }

    @Override
    public synchronized List<String> exit(Target target, Cause cause) {
        ensureOpen();
        Instant now = clock.instant();
        List<String> ids = resolve(target, false);
        List<String> affected = new ArrayList<>();
        for (String id : ids) {
            RouteState old = stateOf(id);
            if (old.maintenance() == null) {
                StateTransition.check(Event.EXIT, old, old);
                continue;
            }
            RouteState next = old.withoutMaintenance();
            StateTransition.check(Event.EXIT, old, next);
            recordWindow(id, old.maintenance(), now, cause);
            put(id, next);
            affected.add(id);
        }
        boolean allChanged = target.isAll() && allMaintenance != null;
        if (target.isAll()) {
            allMaintenance = null;
        }
        if (affected.isEmpty() && !allChanged) {
            return List.of();
        }
        dropServingAdHocRoutes();
        commit();
        LOG.info("Maintenance exited on {} by {}", affected, cause);
        fire(MaintenanceEvent.Type.MAINTENANCE_EXITED, now, affected, cause, "");
        return affected;
    }

    // ---- drain ------------------------------------------------------------------------------

    @Override
    public synchronized List<String> startDrain(Target target, Duration duration, DrainPolicy policy,
            AfterDrain afterDrain, Cause cause) {
        ensureOpen();
        if (duration == null || duration.isZero() || duration.isNegative()
                || duration.compareTo(MaintenanceConfig.MAX_DRAIN) > 0) {
            throw MaintenanceErrors.invalidDuration(String.valueOf(duration), "a drain must last more than 0 and at most 24h");
        }
        Instant now = clock.instant();
        DrainState d = new DrainState(now, duration, policy != null ? policy : config.drainPolicy(),
                afterDrain != null ? afterDrain : config.afterDrain(), cause);
        List<String> ids = resolve(target, true);
        for (String id : ids) {
            RouteState old = stateOf(id);
            RouteState next = old.withDrain(d);
            StateTransition.check(Event.START_DRAIN, old, next);
            put(id, next);
            counters.get(id).resetDrainRejected();
        }
        if (target.isAll()) {
            allDrain = d;
        }
        commit();
        String detail = "duration=" + Durations.format(duration) + ", policy=" + d.policy() + ", after=" + d.afterDrain();
        LOG.info("Drain started on {} by {}: {}", ids, cause, detail);
        fire(MaintenanceEvent.Type.DRAIN_STARTED, now, ids, cause, detail);
        return ids;
    }

    @Override
    public synchronized List<String> cancelDrain(Target target, Cause cause) {
        ensureOpen();
        List<String> ids = resolve(target, false);
        List<String> affected = new ArrayList<>();
        for (String id : ids) {
            RouteState old = stateOf(id);
            if (old.drain() == null) {
                continue;
            }
            RouteState next = old.withoutDrain();
            StateTransition.check(Event.CANCEL_DRAIN, old, next);
            put(id, next);
            affected.add(id);
        }
        boolean allChanged = target.isAll() && allDrain != null;
        if (target.isAll()) {
            allDrain = null;
        }
        if (affected.isEmpty() && !allChanged) {
            return List.of();
        }
        dropServingAdHocRoutes();
        commit();
        LOG.info("Drain cancelled on {} by {}", affected, cause);
        fire(MaintenanceEvent.Type.DRAIN_CANCELLED, clock.instant(), affected, cause, "");
        return affected;
    }

    // ---- routes -----------------------------------------------------------------------------

    // ---- schedules --------------------------------------------------------------------------

    /** At most this many windows may be scheduled at once. */
    static final int MAX_SCHEDULES = 256;

    @Override
    public synchronized ScheduledWindow schedule(Target target, Instant start, Instant end, MaintenanceRequest request,
            Cause cause) {
        ensureOpen();
        java.util.Objects.requireNonNull(target, "target");
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(end, "end");
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(cause, "cause");
        Instant now = clock.instant();
        if (request.until() != null || request.duration() != null) {
            throw MaintenanceErrors.invalidConfig("until", request.until() != null ? request.until() : request.duration(),
                    "a scheduled window ends at its end; leave until and duration unset");
        }
        if (!end.isAfter(start)) {
            throw MaintenanceErrors.invalidConfig("end", end, "must be after the start " + start);
        }
        if (!end.isAfter(now)) {
            throw MaintenanceErrors.invalidConfig("end", end, "must be in the future");
        }
        if (request.pageUrl() != null) {
            config.urlPolicy().check(request.pageUrl());
        }
        if (schedules.size() >= MAX_SCHEDULES) {
            throw new MaintenanceException("too many scheduled windows: at most " + MAX_SCHEDULES);
        }
        List<String> ids = resolve(target, true);
        ScheduledWindow w = new ScheduledWindow(newScheduleId(), target.toString(), start, end, request.pageUrl(),
                request.message(), request.retryAfter(), now, cause, false);
        schedules.add(w);
        schedules.sort(Comparator.comparing(ScheduledWindow::start));
        commit();
        LOG.info("Maintenance window {} scheduled on {} by {}: {} to {}", w.id(), ids, cause, start, end);
        fire(MaintenanceEvent.Type.SCHEDULE_CREATED, now, ids, cause, w.id() + " " + w.announcement());
        if (!now.isBefore(start)) {
            runSchedules(now);
        }
        return w;
    }

    @Override
    public synchronized List<ScheduledWindow> schedules() {
        return List.copyOf(schedules);
    }

    @Override
    public synchronized ScheduledWindow cancelSchedule(String scheduleId, Cause cause) {
        ensureOpen();
        ScheduledWindow w = findSchedule(scheduleId);
        if (w == null) {
            throw MaintenanceErrors.unknownSchedule(scheduleId);
        }
        Instant now = clock.instant();
        schedules.remove(w);
        List<String> ended = w.started() ? endScheduledMaintenance(w, cause) : List.of();
        dropServingAdHocRoutes();
        commit();
        LOG.info("Maintenance window {} cancelled by {}{}", w.id(), cause,
                ended.isEmpty() ? "" : "; maintenance ended on " + ended);
        fire(MaintenanceEvent.Type.SCHEDULE_CANCELLED, now, ended, cause, w.id() + " cancelled");
        return w;
    }

    private ScheduledWindow findSchedule(String id) {
        for (ScheduledWindow w : schedules) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        return null;
    }

    /** Ends the maintenance a started window entered, where it is still that window's. */
    private List<String> endScheduledMaintenance(ScheduledWindow w, Cause cause) {
        Cause mine = scheduleCause(w);
        if (allMaintenance != null && allMaintenance.cause().equals(mine)) {
            return exit(Target.all(), cause);
        }
        List<String> ids = new ArrayList<>();
        for (Route r : table.routes()) {
            MaintenanceState m = stateOf(r.id()).maintenance();
            if (m != null && m.cause().equals(mine)) {
                ids.add(r.id());
            }
        }
        return ids.isEmpty() ? List.of() : exit(Target.of(ids.toArray(new String[0])), cause);
    }

    private static Cause scheduleCause(ScheduledWindow w) {
        return Cause.of(Cause.Source.SCHEDULE, w.id());
    }

    /**
     * Starts the windows whose start has come and forgets those that are over.
     *
     * @return whether the list of windows changed
     */
    private boolean runSchedules(Instant now) {
        boolean changed = false;
        for (ScheduledWindow w : List.copyOf(schedules)) {
            if (!now.isBefore(w.end())) {
                schedules.remove(w);
                changed = true;
                if (!w.started()) {
                    LOG.warn("Maintenance window {} on {} missed: it ended at {} before it could start", w.id(),
                            w.target(), w.end());
                    fire(MaintenanceEvent.Type.SCHEDULE_CANCELLED, now, List.of(), Cause.timer(),
                            w.id() + " missed");
                }
            } else if (!w.started() && !now.isBefore(w.start())) {
                schedules.set(schedules.indexOf(w), w.asStarted());
                changed = true;
                MaintenanceRequest request = MaintenanceRequest.builder().pageUrl(w.pageUrl()).message(w.message())
                        .retryAfter(w.retryAfter()).until(w.end()).build();
                try {
                    enter(Target.parse(w.target()), request, scheduleCause(w));
                } catch (MaintenanceException e) {
                    schedules.remove(w.asStarted());
                    LOG.warn("Maintenance window {} could not start: {}", w.id(), e.getMessage());
                    fire(MaintenanceEvent.Type.SCHEDULE_CANCELLED, now, List.of(), Cause.timer(),
                            w.id() + " failed: " + e.getMessage());
                }
            }
        }
        return changed;
    }

    private String newScheduleId() {
        java.util.random.RandomGenerator r = config.random() != null ? config.random()
                : java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            String id = String.format("sch-%012x", r.nextLong() & 0xffff_ffff_ffffL);
            if (findSchedule(id) == null) {
                return id;
            }
        }
    }

    /** Route id to {@code X-Maintenance-Scheduled} value for routes with an announced window. */
    private Map<String, String> announcements(Instant now) {
        if (schedules.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (ScheduledWindow w : schedules) {
            if (!w.isAnnounced(now)) {
                continue;
            }
            List<String> ids;
            try {
                ids = resolve(Target.parse(w.target()), false);
            } catch (MaintenanceException e) {
                continue;
            }
            for (String id : ids) {
                out.putIfAbsent(id, w.announcement());
            }
        }
        return out;
    }

    /** Ad-hoc routes that windows not over yet will need. */
    private Set<String> scheduledAdHocIds() {
        Set<String> out = new java.util.HashSet<>();
        for (ScheduledWindow w : schedules) {
            Target t;
            try {
                t = Target.parse(w.target());
            } catch (MaintenanceException e) {
                continue;
            }
            for (String item : t.items()) {
                try {
                    if (Target.isPathItem(item)) {
                        out.add("path:" + Route.normalizePath(item));
                    } else if (Target.isDomainItem(item)) {
                        out.add("domain:" + Route.normalizeDomain(item));
                    }
                } catch (MaintenanceException e) {
                    // Not a valid item: it selects nothing.
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<Route> routes() {
        return table.routes();
    }

    @Override
    public synchronized void putRoute(Route route, Cause cause) {
        ensureOpen();
        if (route.isCatchAll()) {
            throw MaintenanceErrors.invalidRoute("id", route.id(), "the catch-all route cannot be replaced");
        }
        boolean replaced = replaceIn(declared, route) || replaceIn(adHoc, route);
        if (!replaced) {
            declared.add(route);
            counters.put(route.id(), newCounters());
            CircuitBreakerConfig bc = config.circuitBreaker();
            if (bc != null) {
                breakers.put(route.id(), newBreaker(route.id(), bc));
            }
            RouteState inherited = RouteState.SERVING;
            if (allMaintenance != null) {
                inherited = inherited.withMaintenance(allMaintenance);
            }
            if (allDrain != null) {
                inherited = inherited.withDrain(allDrain);
            }
            put(route.id(), inherited);
        }
        table = RouteTable.of(allRoutes());
        commit();
        LOG.info("Route {} by {}: {}", replaced ? "updated" : "added", cause, route);
        fire(replaced ? MaintenanceEvent.Type.ROUTE_UPDATED : MaintenanceEvent.Type.ROUTE_ADDED, clock.instant(),
                List.of(route.id()), cause, route.toString());
    }

    @Override
    public synchronized void removeRoute(String routeId, Cause cause) {
        ensureOpen();
        if (Route.CATCH_ALL_ID.equals(routeId)) {
            throw MaintenanceErrors.invalidRoute("id", routeId, "the catch-all route cannot be removed");
        }
        Route r = table.find(routeId);
        if (r == null) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        RouteState s = stateOf(routeId);
        if (s.maintenance() != null) {
            recordWindow(routeId, s.maintenance(), clock.instant(), cause);
        }
        declared.removeIf(x -> x.id().equals(routeId));
        adHoc.removeIf(x -> x.id().equals(routeId));
        retire(routeId);
        table = RouteTable.of(allRoutes());
        commit();
        LOG.info("Route removed by {}: {}", cause, r);
        fire(MaintenanceEvent.Type.ROUTE_REMOVED, clock.instant(), List.of(routeId), cause, r.toString());
    }

    // ---- circuit breaker --------------------------------------------------------------------

    @Override
    public synchronized void configureCircuitBreaker(String routeId, CircuitBreakerConfig breakerConfig, Cause cause) {
        ensureOpen();
        if (table.find(routeId) == null) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        if (breakerConfig == null) {
            if (breakers.remove(routeId) == null) {
                return;
            }
        } else {
            breakers.put(routeId, newBreaker(routeId, breakerConfig));
        }
        publish();
        String detail = "circuit breaker " + (breakerConfig == null ? "off" : breakerConfig.toString());
        LOG.info("Route {} {} by {}", routeId, detail, cause);
        fire(MaintenanceEvent.Type.ROUTE_UPDATED, clock.instant(), List.of(routeId), cause, detail);
    }

    @Override
    public void resetCircuitBreaker(String routeId, Cause cause) {
        CircuitBreakerStateMachine b;
        synchronized (this) {
            ensureOpen();
            if (table.find(routeId) == null) {
                throw MaintenanceErrors.unknownRoute(routeId);
            }
            b = breakers.get(routeId);
            if (b == null) {
                throw new MaintenanceException("circuit breaker not found: " + routeId);
            }
        }
        LOG.info("Circuit breaker of route {} reset by {}", routeId, cause);
        b.reset();
    }

    private RouteCounters newCounters() {
        return new RouteCounters(config.detailedStatistics());
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
            fire(type, clock.instant(), List.of(routeId), cause, detail);
        });
    }

    // ---- exempt paths -------------------------------------------------------------------------

    @Override
    public synchronized void setExemptPaths(String owner, Collection<String> paths, Cause cause) {
        ensureOpen();
        if (owner == null || owner.isEmpty()) {
            throw MaintenanceErrors.invalidConfig("owner", owner, "is required");
        }
        Set<String> normalized = new TreeSet<>();
        for (String p : paths) {
            normalized.add(Route.normalizePath(p));
        }
        List<String> next = List.copyOf(normalized);
        List<String> previous = next.isEmpty() ? runtimeExempt.remove(owner) : runtimeExempt.put(owner, next);
        if (next.equals(previous == null ? List.of() : previous)) {
            return;
        }
        Set<String> union = new TreeSet<>();
        runtimeExempt.values().forEach(union::addAll);
        exemptPaths = union.toArray(new String[0]);
        publish();
        LOG.info("Exempt paths of {} set by {}: {}", owner, cause, next);
    }

    @Override
    public synchronized List<String> exemptPaths() {
        return List.of(exemptPaths);
    }

    // ---- status -----------------------------------------------------------------------------

    @Override
    public RouteStatus status(String routeId) {
        MaintenanceSnapshot s = snapshot;
        int i = s.routes().indexOf(routeId);
        if (i < 0) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        return status(s.entry(i), clock.instant());
    }

    @Override
    public List<RouteStatus> statuses() {
        MaintenanceSnapshot s = snapshot;
        Instant now = clock.instant();
        List<RouteStatus> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(status(s.entry(i), now));
        }
        return out;
    }

    private RouteStatus status(MaintenanceSnapshot.Entry e, Instant now) {
        MaintenanceState m = e.state.maintenance();
        DrainState d = e.state.drain();
        CircuitBreakerStateMachine.Snapshot b = e.breaker == null ? null : e.breaker.snapshot();
        CircuitState cs = b == null ? CircuitState.CLOSED : b.state();
        RouteCounters c = e.counters;
        return new RouteStatus(e.route, e.state.phase(), cs != CircuitState.OPEN, cs, b != null,
                b == null ? 0 : b.failures(), b == null ? 0 : b.successes(),
                b == null || b.openedAt() == 0 ? null : Instant.ofEpochMilli(b.openedAt()),
                b == null || b.lastFailure() == 0 ? null : Instant.ofEpochMilli(b.lastFailure()),
                m != null, m == null ? null : m.pageUrl(), m == null ? null : m.message(),
                m == null ? null : m.since(), m == null ? null : m.until(), c.currentMaintenanceHits(),
                d != null, d == null ? null : d.start(), d == null ? null : d.duration(),
                d == null ? Duration.ZERO : d.remaining(now), d == null ? 0.0 : d.progress(now.toEpochMilli()),
                c.currentDrainRejected(), c.circuitRejected.sum(), c.requests.sum(), c.passed.sum(), c.errors.sum());
    }

    @Override
    public RouteTraffic traffic(String routeId) {
        MaintenanceSnapshot s = snapshot;
        int i = s.routes().indexOf(routeId);
        if (i < 0) {
            throw MaintenanceErrors.unknownRoute(routeId);
        }
        return traffic(s.entry(i));
    }

    @Override
    public List<RouteTraffic> traffic() {
        MaintenanceSnapshot s = snapshot;
        List<RouteTraffic> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(traffic(s.entry(i)));
        }
        return out;
    }

    private static RouteTraffic traffic(MaintenanceSnapshot.Entry e) {
        TrafficRecorder t = e.counters.traffic;
        return t == null ? RouteTraffic.none(e.route.id()) : t.snapshot(e.route.id());
    }

    @Override
    public synchronized Totals totals() {
        MaintenanceSnapshot s = snapshot;
        int inMaintenance = 0;
        int draining = 0;
        int open = 0;
        long hits = 0;
        long drain = 0;
        long[] sums = retired.clone();
        for (int i = 0; i < s.size(); i++) {
            MaintenanceSnapshot.Entry e = s.entry(i);
            if (e.state.maintenance() != null) {
                inMaintenance++;
            }
            if (e.state.drain() != null) {
                draining++;
            }
            if (e.breaker != null && e.breaker.snapshot().state() == CircuitState.OPEN) {
                open++;
            }
            hits += e.counters.currentMaintenanceHits();
            drain += e.counters.currentDrainRejected();
            add(sums, e.counters);
        }
        return new Totals(s.size(), inMaintenance, draining, open, hits, drain, sums[0], sums[1], sums[2], sums[3],
                sums[4], sums[5]);
    }

    private static void add(long[] sums, RouteCounters c) {
        sums[0] += c.circuitRejected.sum();
        sums[1] += c.requests.sum();
        sums[2] += c.passed.sum();
        sums[3] += c.errors.sum();
        sums[4] += c.maintenanceHits.sum();
        sums[5] += c.drainRejected.sum();
    }

    @Override
    public synchronized List<MaintenanceWindow> history() {
        return List.copyOf(history);
    }

    // ---- listeners and time ------------------------------------------------------------------

    @Override
    public void addListener(MaintenanceListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(MaintenanceListener listener) {
        listeners.remove(listener);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Time-based transition failed: {}", e.toString(), e);
        }
    }

    @Override
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        boolean schedulesChanged = runSchedules(now);
        long nowMillis = now.toEpochMilli();
        Cause cause = Cause.timer();
        List<String> expired = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        MaintenanceState afterDrainState = null;
        for (Route r : table.routes()) {
            String id = r.id();
            RouteState old = stateOf(id);
            if (old.maintenance() != null && old.maintenance().isExpired(nowMillis)) {
                RouteState next = old.withoutMaintenance();
                StateTransition.check(Event.EXPIRE, old, next);
                recordWindow(id, old.maintenance(), now, cause);
                put(id, next);
                expired.add(id);
                old = next;
            }
            DrainState d = old.drain();
            if (d != null && old.maintenance() == null && d.afterDrain() == AfterDrain.ENTER_MAINTENANCE
                    && d.isOver(nowMillis)) {
                if (afterDrainState == null) {
                    afterDrainState = new MaintenanceState(null, null, config.retryAfter(), now, null, cause);
                }
                RouteState next = RouteState.SERVING.withMaintenance(afterDrainState);
                StateTransition.check(Event.DRAIN_OVER, old, next);
                put(id, next);
                counters.get(id).resetMaintenanceHits();
                completed.add(id);
            }
        }
        boolean allChanged = false;
        if (allMaintenance != null && allMaintenance.isExpired(nowMillis)) {
            allMaintenance = null;
            allChanged = true;
        }
        if (allDrain != null && allDrain.afterDrain() == AfterDrain.ENTER_MAINTENANCE && allDrain.isOver(nowMillis)) {
            allDrain = null;
            if (allMaintenance == null && afterDrainState != null) {
                allMaintenance = afterDrainState;
            }
            allChanged = true;
        }
        if (expired.isEmpty() && completed.isEmpty() && !allChanged && !schedulesChanged) {
            return;
        }
        dropServingAdHocRoutes();
        commit();
        if (!expired.isEmpty()) {
            LOG.info("Maintenance ended on {}: end time reached", expired);
            fire(MaintenanceEvent.Type.MAINTENANCE_EXITED, now, expired, cause, "until reached");
        }
        if (!completed.isEmpty()) {
            LOG.info("Drain period over on {}: entered maintenance", completed);
            fire(MaintenanceEvent.Type.DRAIN_COMPLETED, now, completed, cause, "drain period over");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
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

    // ---- internals ---------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the maintenance controller is closed");
        }
    }

    private RouteState stateOf(String id) {
        return states.getOrDefault(id, RouteState.SERVING);
    }

    private void put(String id, RouteState s) {
        if (s.phase() == io.github.maintenance.state.Phase.SERVING) {
            states.remove(id);
        } else {
            states.put(id, s);
        }
    }

    private List<Route> allRoutes() {
        List<Route> all = new ArrayList<>(declared.size() + adHoc.size());
        all.addAll(declared);
        all.addAll(adHoc);
        return all;
    }

    private static boolean replaceIn(List<Route> list, Route route) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(route.id())) {
                list.set(i, route);
                return true;
            }
        }
        return false;
    }

    private void retire(String id) {
        RouteCounters c = counters.remove(id);
        if (c != null) {
            retired[0] += c.circuitRejected.sum();
            retired[1] += c.requests.sum();
            retired[2] += c.passed.sum();
            retired[3] += c.errors.sum();
            retired[4] += c.maintenanceHits.sum();
            retired[5] += c.drainRejected.sum();
        }
        states.remove(id);
        breakers.remove(id);
    }

    /** Ad-hoc routes exist only to carry a state: once serving again, they go. */
    private void dropServingAdHocRoutes() {
        boolean changed = false;
        Set<String> scheduled = scheduledAdHocIds();
        for (var it = adHoc.iterator(); it.hasNext(); ) {
            Route r = it.next();
            if (!states.containsKey(r.id()) && !scheduled.contains(r.id())) {
                it.remove();
                retire(r.id());
                changed = true;
            }
        }
        if (changed) {
            table = RouteTable.of(allRoutes());
        }
    }

    /**
     * Resolves a target to route ids in table order. With {@code create}, path and domain items
     * that select nothing get an ad-hoc route (added to the table); without, they select nothing.
     * Validation happens before anything changes.
     */
    private List<String> resolve(Target target, boolean create) {
        if (target.isAll()) {
            List<String> ids = new ArrayList<>(table.size());
            for (Route r : table.routes()) {
                ids.add(r.id());
            }
            return ids;
        }
        Set<String> selected = new LinkedHashSet<>();
        List<Route> created = new ArrayList<>();
        for (String item : target.items()) {
            if (table.find(item) != null) {
                selected.add(item);
            } else if (Target.isPathItem(item)) {
                String path = normalizeTargetPath(target, item);
                boolean any = false;
                for (Route r : table.routes()) {
                    if (Target.selects(path, r)) {
                        selected.add(r.id());
                        any = true;
                    }
                }
                if (!any && create) {
                    created.add(Route.builder("path:" + path).path(path).build());
                }
            } else if (Target.isDomainItem(item)) {
                String domain = normalizeTargetDomain(target, item);
                boolean any = false;
                for (Route r : table.routes()) {
                    if (Target.selects(domain, r)) {
                        selected.add(r.id());
                        any = true;
                    }
                }
                if (!any && create) {
                    created.add(Route.builder("domain:" + domain).domains(domain).build());
                }
            } else {
                throw MaintenanceErrors.unknownRoute(item);
            }
        }
        if (!created.isEmpty()) {
            for (Route r : created) {
                if (table.find(r.id()) == null && adHoc.stream().noneMatch(x -> x.id().equals(r.id()))) {
                    adHoc.add(r);
                    counters.put(r.id(), newCounters());
                    if (config.circuitBreaker() != null) {
                        breakers.put(r.id(), newBreaker(r.id(), config.circuitBreaker()));
                    }
                }
                selected.add(r.id());
            }
            table = RouteTable.of(allRoutes());
        }
        List<String> ids = new ArrayList<>(selected);
        ids.sort((a, b) -> Integer.compare(table.indexOf(a), table.indexOf(b)));
        return ids;
    }

    private static String normalizeTargetPath(Target target, String item) {
        try {
            return Route.normalizePath(item);
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidTarget(target.toString(), e.getMessage());
        }
    }

    private static String normalizeTargetDomain(Target target, String item) {
        try {
            String d = Route.normalizeDomain(item);
            if (d == null) {
                throw MaintenanceErrors.invalidTarget(target.toString(), "empty domain");
            }
            return d;
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidTarget(target.toString(), e.getMessage());
        }
    }

    private void recordWindow(String id, MaintenanceState m, Instant end, Cause endedBy) {
        if (config.historySize() == 0) {
            return;
        }
        RouteCounters c = counters.get(id);
        history.addLast(new MaintenanceWindow(id, m.since(), end, c == null ? 0 : c.currentMaintenanceHits(),
                m.cause(), endedBy, m.pageUrl()));
        while (history.size() > config.historySize()) {
            history.removeFirst();
        }
    }

    private void commit() {
        version++;
        publish();
        save();
    }

    private void save() {
        for (int attempt = 1; ; attempt++) {
            try {
                store.save(toStored());
                return;
            } catch (StaleStateException e) {
                // Another instance saved a newer state meanwhile; this change is the latest, so it wins.
                version = Math.max(version, e.current()) + 1;
                publish();
                if (attempt == MAX_SAVE_ATTEMPTS) {
                    LOG.warn("Could not save the maintenance state: {} newer versions were saved elsewhere meanwhile; it "
                            + "holds on this instance only", attempt);
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not save the maintenance state ({}); it holds on this instance only", e.toString());
                return;
            }
        }
    }

    private StoredState toStored() {
        Map<String, RouteState> copy = new HashMap<>(states);
        return new StoredState(version, clock.instant(), copy, adHoc, allMaintenance, allDrain, schedules, extensions);
    }

    private void onStoredState(StoredState s) {
        synchronized (this) {
            if (closed || s.version() <= version) {
                return;
            }
            adopt(s, Cause.of(Cause.Source.PEER, ""));
            publish();
        }
        LOG.info("Maintenance state synchronized from the store (version {})", s.version());
        fire(MaintenanceEvent.Type.STATE_SYNCHRONIZED, clock.instant(), List.copyOf(s.routeStates().keySet()),
                Cause.of(Cause.Source.PEER, ""), "version " + s.version());
    }

    /** Replaces the local state with a stored one (routes declared here are kept). */
    private void adopt(StoredState s, Cause cause) {
        for (Route r : List.copyOf(adHoc)) {
            if (s.adHocRoutes().stream().noneMatch(x -> x.id().equals(r.id()))) {
                adHoc.remove(r);
                retire(r.id());
            }
        }
        for (Route r : s.adHocRoutes()) {
            if (declared.stream().anyMatch(x -> x.id().equals(r.id()))) {
                continue;
            }
            if (!replaceIn(adHoc, r)) {
                adHoc.add(r);
                counters.put(r.id(), newCounters());
            }
        }
        table = RouteTable.of(allRoutes());
        Map<String, RouteState> previous = new HashMap<>(states);
        states.clear();
        for (Map.Entry<String, RouteState> e : s.routeStates().entrySet()) {
            if (table.find(e.getKey()) == null) {
                LOG.warn("Ignoring the saved state of unknown route '{}'", e.getKey());
                continue;
            }
            put(e.getKey(), e.getValue());
            RouteState before = previous.getOrDefault(e.getKey(), RouteState.SERVING);
            MaintenanceState m = e.getValue().maintenance();
            if (m != null && (before.maintenance() == null || !before.maintenance().since().equals(m.since()))) {
                counters.get(e.getKey()).resetMaintenanceHits();
            }
        }
        allMaintenance = s.allMaintenance();
        allDrain = s.allDrain();
        schedules.clear();
        schedules.addAll(s.schedules());
        schedules.sort(Comparator.comparing(ScheduledWindow::start));
        extensions = s.extensions();
        version = s.version();
        if (!states.isEmpty()) {
            LOG.info("Maintenance state adopted from {} (version {}): {} route(s) not serving", cause, version,
                    states.size());
        }
    }

    /** Builds and publishes a new snapshot from the guarded state. */
    private void publish() {
        int n = table.size();
        MaintenanceSnapshot.Entry[] entries = new MaintenanceSnapshot.Entry[n];
        boolean detailed = config.detailedStatistics();
        boolean idle = !detailed && breakers.isEmpty();
        Map<MaintenanceState, RenderedPage> livePages = new IdentityHashMap<>();
        long drainRetry = config.drainRetryAfter().getSeconds();
        long defaultRetry = config.retryAfter().getSeconds();
        Map<String, String> announced = announcements(clock.instant());
        for (int i = 0; i < n; i++) {
            Route r = table.route(i);
            RouteState s = stateOf(r.id());
            RouteCounters c = counters.computeIfAbsent(r.id(), k -> newCounters());
            CircuitBreakerStateMachine b = breakers.get(r.id());
            MaintenanceState m = s.maintenance();
            DrainState d = s.drain();
            String notice = announced.get(r.id());
            if (m != null || d != null || notice != null) {
                idle = false;
            }
            Decision pass = new Decision(Action.PASS, r, null, null, null, 0, c, b, clock, detailed, notice);
            Decision maint = null;
            if (m != null) {
                RenderedPage page = livePages.computeIfAbsent(m, k -> pages.containsKey(k) ? pages.get(k)
                        : renderer.maintenance(k.message(), k.retryAfter(), k.until(), clock.instant()));
                maint = new Decision(Action.MAINTENANCE, r, m, page, m.pageUrl(), m.retryAfter().getSeconds(), c, b,
                        clock, detailed);
            }
            Decision drain = d == null ? null
                    : new Decision(Action.DRAIN_REJECT, r, null, drainPage, null, drainRetry, c, b, clock, detailed);
            Decision after = d == null || d.afterDrain() != AfterDrain.ENTER_MAINTENANCE ? null
                    : new Decision(Action.MAINTENANCE, r, null, defaultPage, null, defaultRetry, c, b, clock, detailed);
            Decision open = b == null ? null
                    : new Decision(Action.CIRCUIT_OPEN, r, null, circuitPage, null,
                            Math.max(1, b.config().openTimeout().getSeconds()), c, b, clock, detailed);
            entries[i] = new MaintenanceSnapshot.Entry(r, s, c, b, pass, maint, drain, after, open);
        }
        pages.clear();
        pages.putAll(livePages);
        snapshot = new MaintenanceSnapshot(version, table, entries, idle, detailed, clock, config.random(), exemptPaths);
    }

    private void fire(MaintenanceEvent.Type type, Instant at, List<String> ids, Cause cause, String detail) {
        if (listeners.isEmpty()) {
            return;
        }
        MaintenanceEvent event = new MaintenanceEvent(type, at, ids, cause, detail);
        try {
            events.execute(() -> {
                for (MaintenanceListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Maintenance listener {} failed on {}: {}", l, type, e.toString(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Event {} not delivered: executor stopped", type);
        }
    }

    private static String describe(MaintenanceState m) {
        return "page=" + (m.pageUrl() == null ? "built-in" : m.pageUrl()) + ", until="
                + (m.until() == null ? "none" : m.until().toString()) + ", retryAfter="
                + Durations.format(m.retryAfter());
    }
}
