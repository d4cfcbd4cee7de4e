package io.github.maintenance.micrometer;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.stats.Totals;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Binds the state of a {@link MaintenanceController} to Micrometer: route states, maintenance
 * hits, drain rejections and progress, circuit states, the state store's health and the pending
 * schedules. Works with any {@link MeterRegistry}, without Spring:
 *
 * <pre>{@code
 * MaintenanceMetrics metrics = new MaintenanceMetrics(controller);
 * metrics.bindTo(registry);
 * ...
 * metrics.close(); // removes every meter it registered
 * }</pre>
 *
 * <p><b>Meters</b> (names with the default prefix {@value #DEFAULT_PREFIX}; Prometheus names in
 * brackets). Route meters carry the tag {@code route}: the route's id, {@code *} for the
 * catch-all route. Only routes with an id of their own get meters: the application's routes and
 * those added at run time ({@code Change.PutRoute}, the registry's). The ad-hoc routes that a
 * path or domain target creates ({@code path:/x}, {@code domain:host}) get none, so that no
 * tag ever holds a raw path or host; their counts are in the {@code lifetime} totals. Requests
 * never create meters: the number of series depends on the route table only.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@code maintenance.route.state} ({@code maintenance_route_state})</td><td>gauge</td>
 *     <td>route, state = serving, draining, maintenance</td>
 *     <td>1 for the route's effective state, 0 for the other two (one series per state, so that
 *     {@code sum by (state)} and alerts on {@code state="maintenance"} need no value
 *     encoding)</td></tr>
 * <tr><td>{@code maintenance.hits} ({@code maintenance_hits_total})</td><td>function counter</td>
 *     <td>route</td><td>maintenance responses served on the route since it was created (the
 *     application's start for its own routes), across maintenance windows; never reset, unlike
 *     the per-window count of {@link RouteStatus#maintenanceHits()}</td></tr>
 * <tr><td>{@code maintenance.drain.rejected} ({@code maintenance_drain_rejected_total})</td>
 *     <td>function counter</td><td>route</td><td>requests rejected by the route's drains since it
 *     was created; never reset</td></tr>
 * <tr><td>{@code maintenance.drain.progress}</td><td>gauge</td><td>route</td><td>elapsed fraction
 *     of the drain period, 0 to 1; 0 when not draining</td></tr>
 * <tr><td>{@code maintenance.drain.remaining} ({@code maintenance_drain_remaining_seconds})</td>
 *     <td>time gauge</td><td>route</td><td>time left in the drain period; 0 when not
 *     draining</td></tr>
 * <tr><td>{@code maintenance.stuck}</td><td>gauge</td><td>route</td><td>1 while the route has
 *     been in maintenance, without a break, for at least the controller's {@code stuckAfter}
 *     (default 24 hours), else 0; always 0 when that check is off. Alert on it: search engines
 *     start dropping pages that answer 503 for a day or two</td></tr>
 * <tr><td>{@code maintenance.circuit.state}</td><td>gauge</td><td>route, state = closed, open,
 *     half-open</td><td>1 for the breaker's state, 0 for the others; only for routes with a
 *     circuit breaker</td></tr>
 * <tr><td>{@code maintenance.circuit.rejected} ({@code maintenance_circuit_rejected_total})</td>
 *     <td>function counter</td><td>route</td><td>requests answered with the maintenance response
 *     because the circuit was open; only for routes with a circuit breaker</td></tr>
 * <tr><td>{@code maintenance.requests}, {@code maintenance.passed}, {@code maintenance.errors}
 *     ({@code *_total})</td><td>function counters</td><td>route</td><td>requests matched to the
 *     route, passed to the application, and of those ended with a 5xx status or an exception;
 *     only when detailed statistics are on</td></tr>
 * <tr><td>{@code maintenance.lifetime.hits}, {@code maintenance.lifetime.drain.rejected},
 *     {@code maintenance.lifetime.circuit.rejected} ({@code *_total})</td><td>function
 *     counters</td><td>none</td><td>the same counts over every route since start, never reset,
 *     removed and ad-hoc routes included</td></tr>
 * <tr><td>{@code maintenance.lifetime.requests}, {@code .passed}, {@code .errors}
 *     ({@code *_total})</td><td>function counters</td><td>none</td><td>likewise; only when
 *     detailed statistics are on</td></tr>
 * <tr><td>{@code maintenance.store.available}</td><td>gauge</td><td>none</td><td>1 while the last
 *     operation on the state store succeeded, else 0</td></tr>
 * <tr><td>{@code maintenance.store.damaged}</td><td>gauge</td><td>none</td><td>1 while the state
 *     found in the store was refused as damaged and not yet replaced, else 0</td></tr>
 * <tr><td>{@code maintenance.schedules.pending}</td><td>gauge</td><td>none</td><td>scheduled
 *     maintenance windows announced but not started</td></tr>
 * </table>
 * Every meter also carries the common tags given to the {@link Builder}.
 *
 * <p><b>Routes added and removed at run time.</b> The binder listens to the controller's events
 * and, after each change, registers the meters of new routes and removes those of removed
 * routes (and adds or removes the circuit meters when a breaker is configured or removed), in
 * every registry it is bound to. With the controller's default event executor this happens
 * shortly after the change, on the event thread; in between, a removed route's meters read NaN.
 *
 * <p><b>Cost and references.</b> Route readings are lock-free look-ups in the controller's current
 * snapshot. The totals and the pending schedules are read under the controller's lock, so a
 * scrape that coincides with a change waits for it. Micrometer keeps only weak references to
 * the objects behind gauges and function counters; this binder keeps them strongly, and its
 * listener keeps it reachable from the controller, so the meters read real values for as long
 * as they are registered and a registry never keeps the controller alive by itself.
 *
 * <p>Thread-safe. {@link #close()} removes the listener and every meter this binder registered;
 * it is idempotent.
 */
public final class MaintenanceMetrics implements MeterBinder, AutoCloseable {

    /** The default prefix of the meter names. */
    public static final String DEFAULT_PREFIX = "maintenance";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** A registry this binder is bound to, and the meters of the whole controller in it. */
    private record Binding(MeterRegistry registry, List<Meter> meters) {
    }

    private final MaintenanceController controller;
    private final MeterNames names;
    private final Tags tags;
    private final boolean detailed;
    private final MaintenanceListener listener = this::onEvent;

    private final Object lock = new Object();
    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, RouteMeters> routes = new LinkedHashMap<>();
    private boolean listening;
    private boolean closed;

    /**
     * Meters of {@code controller} with the default prefix and no common tags; see
     * {@link #builder(MaintenanceController)} for more.
     *
     * @param controller the controller whose state the meters show
     */
    public MaintenanceMetrics(MaintenanceController controller) {
        this(Objects.requireNonNull(controller, "controller"), DEFAULT_PREFIX, Tags.empty());
    }

    private MaintenanceMetrics(MaintenanceController controller, String prefix, Tags tags) {
        this.controller = controller;
        this.names = new MeterNames(prefix);
        this.tags = tags;
        this.detailed = controller.config().detailedStatistics();
    }

    /**
     * A builder for meters of {@code controller}: prefix and common tags.
     *
     * @param controller the controller whose routes, counters and store the meters read
     * @return a builder with the default prefix and no common tags
     */
    public static Builder builder(MaintenanceController controller) {
        return new Builder(Objects.requireNonNull(controller, "controller"));
    }

    /**
     * Registers the meters in {@code registry} and starts following route changes. Binding to a
     * registry it is already bound to does nothing; binding to several registries registers the
     * meters in each.
     *
     * @throws IllegalStateException when this binder is closed, or when {@code registry} already
     *                               has meters of this name and tags (another binder: give each
     *                               one its own prefix or a distinguishing common tag); nothing
     *                               is registered then
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("MaintenanceMetrics is closed");
            }
            for (Binding b : bindings) {
                if (b.registry() == registry) {
                    return;
                }
            }
            if (registry.find(names.storeAvailable()).tags(tags).meter() != null) {
                throw new IllegalStateException("the registry already has meters named " + names.prefix()
                        + ".* with the tags " + tags + ": give each MaintenanceMetrics its own prefix or a "
                        + "distinguishing common tag");
            }
            Binding binding = new Binding(registry, new ArrayList<>());
            try {
                registerTotals(binding);
                for (RouteMeters m : routes.values()) {
                    m.register(registry, detailed);
                }
            } catch (RuntimeException e) {
                binding.meters().forEach(registry::remove);
                routes.values().forEach(m -> m.remove(registry));
                throw e;
            }
            bindings.add(binding);
            if (!listening) {
                controller.addListener(listener);
                listening = true;
            }
            sync();
        }
    }

    /** Removes the listener and every meter this binder registered, from every registry. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (listening) {
                controller.removeListener(listener);
                listening = false;
            }
            for (RouteMeters m : routes.values()) {
                m.removeAll();
            }
            routes.clear();
            for (Binding b : bindings) {
                b.meters().forEach(b.registry()::remove);
            }
            bindings.clear();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "MaintenanceMetrics[prefix=" + names.prefix() + ", tags=" + tags + ", routes=" + routes.keySet()
                    + ", registries=" + bindings.size() + (closed ? ", closed" : "") + "]";
        }
    }

    private void onEvent(MaintenanceEvent event) {
        synchronized (lock) {
            sync();
        }
    }

    /** Brings the route meters in line with the controller's routes. Holds the lock. */
    private void sync() {
        if (closed || bindings.isEmpty()) {
            return;
        }
        Map<String, RouteStatus> wanted = new LinkedHashMap<>();
        for (RouteStatus s : controller.statuses()) {
            if (!isAdHoc(s.route())) {
                wanted.put(s.routeId(), s);
            }
        }
        for (Iterator<Map.Entry<String, RouteMeters>> it = routes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RouteMeters> e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().removeAll();
                it.remove();
            }
        }
        List<MeterRegistry> registries = bindings.stream().map(Binding::registry).toList();
        for (RouteStatus s : wanted.values()) {
            RouteMeters m = routes.get(s.routeId());
            if (m == null) {
                m = new RouteMeters(s.routeId(), controller, names, tags);
                routes.put(s.routeId(), m);
                m.circuit(s.circuitConfigured(), List.of());
                for (MeterRegistry r : registries) {
                    m.register(r, detailed);
                }
            } else {
                m.circuit(s.circuitConfigured(), registries);
            }
        }
    }

    /**
     * Whether {@code r} is an ad-hoc route made by a path or domain target: id {@code path:<path>}
     * with no domains, or {@code domain:<host>} of path {@code /} naming that host only.
     */
    static boolean isAdHoc(Route r) {
        if (r.owner() != null) {
            return false;
        }
        String id = r.id();
        if (id.startsWith("path:")) {
            return r.domains().isEmpty() && id.equals("path:" + r.path());
        }
        if (id.startsWith("domain:")) {
            return r.path().equals("/") && r.domains().size() == 1 && id.equals("domain:" + r.domains().get(0));
        }
        return false;
    }

    // ---- meters of the whole controller ------------------------------------------------------------

    private void registerTotals(Binding b) {
        counter(b, names.lifetimeHits(), MaintenanceMetrics::lifetimeHits,
                "Maintenance responses served since start, every route included, never reset");
        counter(b, names.lifetimeDrainRejected(), MaintenanceMetrics::lifetimeDrainRejected,
                "Drain rejections since start, every route included, never reset");
        counter(b, names.lifetimeCircuitRejected(), MaintenanceMetrics::lifetimeCircuitRejected,
                "Responses served because a circuit was open, since start, every route included");
        if (detailed) {
            counter(b, names.lifetimeRequests(), MaintenanceMetrics::lifetimeRequests,
                    "Requests matched to a route since start (detailed statistics)");
            counter(b, names.lifetimePassed(), MaintenanceMetrics::lifetimePassed,
                    "Requests passed to the application since start (detailed statistics)");
            counter(b, names.lifetimeErrors(), MaintenanceMetrics::lifetimeErrors,
                    "Passed requests that failed since start (detailed statistics)");
        }
        gauge(b, names.storeAvailable(), MaintenanceMetrics::storeAvailable,
                "1 while the last operation on the state store succeeded, else 0");
        gauge(b, names.storeDamaged(), MaintenanceMetrics::storeDamaged,
                "1 while the state found in the store was refused as damaged and not yet replaced, else 0");
        gauge(b, names.schedulesPending(), MaintenanceMetrics::schedulesPending,
                "Scheduled maintenance windows announced but not started");
    }

    private void counter(Binding b, String name, ToDoubleFunction<MaintenanceMetrics> f, String description) {
        b.meters().add(FunctionCounter.builder(name, this, f).description(description).tags(tags)
                .register(b.registry()));
    }

    private void gauge(Binding b, String name, ToDoubleFunction<MaintenanceMetrics> f, String description) {
        b.meters().add(Gauge.builder(name, this, f).description(description).tags(tags).register(b.registry()));
    }

    private Totals totals() {
        return controller.totals();
    }

    private double lifetimeHits() {
        return totals().lifetimeMaintenanceHits();
    }

    private double lifetimeDrainRejected() {
        return totals().lifetimeDrainRejected();
    }

    private double lifetimeCircuitRejected() {
        return totals().circuitRejected();
    }

    private double lifetimeRequests() {
        return totals().requests();
    }

    private double lifetimePassed() {
        return totals().passed();
    }

    private double lifetimeErrors() {
        return totals().errors();
    }

    private double storeAvailable() {
        return controller.storeStatus().available() ? 1.0 : 0.0;
    }

    private double storeDamaged() {
        return controller.storeStatus().damaged() ? 1.0 : 0.0;
    }

    private double schedulesPending() {
        int n = 0;
        for (ScheduledWindow w : controller.schedules()) {
            if (!w.started()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Builds a {@link MaintenanceMetrics}: the prefix of the meter names and tags added to every
     * meter. Not thread-safe.
     */
    public static final class Builder {

        private final MaintenanceController controller;
        private String prefix = DEFAULT_PREFIX;
        private Tags tags = Tags.empty();

        private Builder(MaintenanceController controller) {
            this.controller = controller;
        }

        /**
         * The prefix of every meter name, default {@value MaintenanceMetrics#DEFAULT_PREFIX}: lower-case
         * dot-separated words of letters, digits and {@code _}, each starting with a letter.
         *
         * @param value the prefix, e.g. {@code shop.maintenance}
         * @return this builder
         * @throws IllegalArgumentException naming the value and the rule
         */
        public Builder prefix(String value) {
            if (value == null || !PREFIX.matcher(value).matches()) {
                throw new IllegalArgumentException("prefix '" + value + "' is invalid: expected lower-case "
                        + "dot-separated words of letters, digits and _, each starting with a letter");
            }
            this.prefix = value;
            return this;
        }

        /**
         * Adds a tag to every meter (an application or instance name, say).
         *
         * @param key   the tag key; not {@code route} or {@code state}
         * @param value the tag value
         * @return this builder
         * @throws IllegalArgumentException for the keys {@code route} and {@code state}, which the
         *                                  meters use themselves
         */
        public Builder tag(String key, String value) {
            return tags(Tags.of(key, value));
        }

        /**
         * Adds tags to every meter; see {@link #tag(String, String)}.
         *
         * @param values the tags; no key may be {@code route} or {@code state}
         * @return this builder
         * @throws IllegalArgumentException for the keys {@code route} and {@code state}
         */
        public Builder tags(Iterable<Tag> values) {
            Tags more = Tags.of(values);
            for (Tag t : more) {
                if (t.getKey().equals(MeterNames.ROUTE_TAG) || t.getKey().equals(MeterNames.STATE_TAG)) {
                    throw new IllegalArgumentException("tag key '" + t.getKey() + "' is reserved: the meters "
                            + "use 'route' and 'state' themselves");
                }
            }
            this.tags = tags.and(more);
            return this;
        }

        /** {@return the binder; bind it with {@link MaintenanceMetrics#bindTo(MeterRegistry)}} */
        public MaintenanceMetrics build() {
            return new MaintenanceMetrics(controller, prefix, tags);
        }
    }
}
