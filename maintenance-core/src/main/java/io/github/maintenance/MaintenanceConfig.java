package io.github.maintenance;

import io.github.maintenance.audit.AuditPolicy;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.store.InMemoryStateStore;

import javax.management.MBeanServer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Settings of a {@link MaintenanceController}. Immutable; build with {@link #custom()}, start from
 * {@link #ofDefaults()} or copy with {@link #from(MaintenanceConfig)}. The builder validates every
 * value and names the offending key in its error.
 *
 * <p>Defaults: no declared routes (the catch-all always exists), system UTC clock,
 * {@code ThreadLocalRandom}, the standard drain policy, keep rejecting after a drain,
 * {@code Retry-After} 300 s for maintenance and 60 s for drain, detailed statistics off, history
 * of 100 windows, no circuit breaker, built-in page, any page host, in-memory store, a dedicated
 * event thread, time-based transitions checked every second, every route serving when the stored
 * state is damaged, changes accepted (held locally) while the store is unavailable, no JMX MBean,
 * a cluster report every 5 s (when the store keeps them).
 */
public final class MaintenanceConfig {

    /** Default {@link #retryAfter()} of maintenance responses: 300 seconds. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(300);
    /** Default {@link #drainRetryAfter()} of drain rejections: 60 seconds. */
    public static final Duration DEFAULT_DRAIN_RETRY_AFTER = Duration.ofSeconds(60);
    /** Default {@link #historySize()}: 100 past maintenance windows. */
    public static final int DEFAULT_HISTORY_SIZE = 100;
    /** Default {@link #tickInterval()}: time-based transitions are applied every second. */
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);
    /** The most named page templates ({@link #pageTemplates()}). */
    public static final int MAX_PAGE_TEMPLATES = 64;
    /** The longest drain period: 24 hours. */
    public static final Duration MAX_DRAIN = Duration.ofHours(24);
    /**
     * Default {@link #stuckAfter()}: a route in maintenance for 24 hours is reported (search
     * engines start dropping pages that answer 503 for a day or two).
     */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofHours(24);
    /** Shortest {@link #stuckAfter()} and {@link #maxDuration()} other than zero (off): one minute. */
    public static final Duration MIN_MAINTENANCE_LIMIT = Duration.ofMinutes(1);
    /** Longest {@link #stuckAfter()} and {@link #maxDuration()}: 366 days. */
    public static final Duration MAX_MAINTENANCE_LIMIT = Duration.ofDays(366);
    /** Default {@link #clusterHeartbeat()}: each instance publishes its cluster report every 5 seconds. */
    public static final Duration DEFAULT_CLUSTER_HEARTBEAT = Duration.ofSeconds(5);

    private final ConfigValues values;

    private MaintenanceConfig(ConfigValues values) {
        this.values = values;
    }

    /** {@return the defaults (a new in-memory store each time)} */
    public static MaintenanceConfig ofDefaults() {
        return custom().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder custom() {
        return new Builder(new ConfigValues());
    }

    /**
     * {@return a builder starting from {@code base}}
     *
     * @param base the settings to copy
     */
    public static Builder from(MaintenanceConfig base) {
        return new Builder(base.values.draft());
    }

    /** {@return what to do with a damaged stored state at start; default {@link DamagedStatePolicy#SERVE}} */
    public DamagedStatePolicy damagedStatePolicy() {
        return values.damagedStatePolicy;
    }

    /** {@return whether changes are refused ({@code true}) or held locally while the store is unavailable} */
    public boolean refuseChangesWhenStoreUnavailable() {
        return values.refuseChangesWhenStoreUnavailable;
    }

    /** {@return the declared routes (the catch-all is implicit), in declaration order; unmodifiable} */
    public List<Route> routes() {
        return values.routes;
    }

    /** {@return the clock of every time-based decision; default the system UTC clock} */
    public Clock clock() {
        return values.clock;
    }

    /** {@return the shared random source, or {@code null} for {@code ThreadLocalRandom}} */
    public RandomGenerator random() {
        return values.random;
    }

    /** {@return the drain policy used when a drain names none; default {@link DrainPolicy#standard()}} */
    public DrainPolicy drainPolicy() {
        return values.drainPolicy;
    }

    /** {@return what a route does after a drain that names none; default {@link AfterDrain#KEEP_REJECTING}} */
    public AfterDrain afterDrain() {
        return values.afterDrain;
    }

    /** {@return the {@code Retry-After} of maintenance responses (at least 1 s; default 300 s)} */
    public Duration retryAfter() {
        return values.retryAfter;
    }

    /** {@return the {@code Retry-After} of drain rejections (at least 1 s; default 60 s)} */
    public Duration drainRetryAfter() {
        return values.drainRetryAfter;
    }

    /** {@return whether per-route requests and passed are counted (costs a route match per request)} */
    public boolean detailedStatistics() {
        return values.detailedStatistics;
    }

    /** {@return whether requests in the application are counted per route (costs a route match per request)} */
    public boolean trackInFlight() {
        return values.trackInFlight;
    }

    /** {@return how many past maintenance windows are kept, 0 to 10 000} */
    public int historySize() {
        return values.historySize;
    }

    /** {@return how much of the audit trail is kept (default {@link AuditPolicy#defaults()})} */
    public AuditPolicy audit() {
        return values.audit;
    }

    /** {@return the breaker configured for every route, or {@code null} for none} */
    public CircuitBreakerConfig circuitBreaker() {
        return values.circuitBreaker;
    }

    /** {@return route id to the breaker overriding {@link #circuitBreaker()} for it; unmodifiable} */
    public Map<String, CircuitBreakerConfig> routeCircuitBreakers() {
        return values.routeCircuitBreakers;
    }

    /** {@return the settings of the built-in page} */
    public PageSettings pageSettings() {
        return values.pageSettings;
    }

    /** {@return the named templates a window may choose ({@link WindowOptions#template()}), sorted; unmodifiable} */
    public Map<String, PageTemplate> pageTemplates() {
        return values.pageTemplates;
    }

    /** {@return which custom page URLs may be used; default any host} */
    public UrlPolicy urlPolicy() {
        return values.urlPolicy;
    }

    /** {@return where state is kept} */
    public StateStore stateStore() {
        return values.stateStore;
    }

    /** {@return the executor of listeners, or {@code null} for the controller's own event thread} */
    public Executor eventExecutor() {
        return values.eventExecutor;
    }

    /** {@return how often time-based transitions are applied; zero means only through {@code tick()}} */
    public Duration tickInterval() {
        return values.tickInterval;
    }

    /** {@return how long a route may be in maintenance before it is reported as stuck; zero when off} */
    public Duration stuckAfter() {
        return values.stuckAfter;
    }

    /** {@return the longest open-ended maintenance before the timer ends it; zero for no limit} */
    public Duration maxDuration() {
        return values.maxDuration;
    }

    /** {@return a name for this instance in logs and cluster views} */
    public String instanceName() {
        return values.instanceName;
    }

    /** {@return how often this instance publishes its cluster report; default {@link #DEFAULT_CLUSTER_HEARTBEAT}} */
    public Duration clusterHeartbeat() {
        return values.clusterHeartbeat;
    }

    /** {@return whether the controller registers its JMX MBean when created; default {@code false}} */
    public boolean jmx() {
        return values.jmx;
    }

    /** {@return the domain of the MBean's object name; default {@value MaintenanceJmx#DEFAULT_DOMAIN}} */
    public String jmxDomain() {
        return values.jmxDomain;
    }

    /** {@return the MBean server to register in, or {@code null} for the platform MBean server} */
    public MBeanServer jmxServer() {
        return values.jmxServer;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /**
     * Builds a {@link MaintenanceConfig}: every setter returns this builder, and {@link #build()}
     * checks the values. Not thread-safe.
     */
    public static final class Builder {
        private final ConfigValues values;

        private Builder(ConfigValues values) {
            this.values = values;
        }

        /**
         * What to do when the state store holds a damaged state at start (it cannot be parsed, a
         * field is out of range, its version cannot move on). {@link DamagedStatePolicy#SERVE} (the
         * default) serves every route; {@link DamagedStatePolicy#MAINTENANCE} puts the whole
         * application in maintenance until an operator exits it. Either way the damage is logged at
         * ERROR and shown by {@link MaintenanceController#storeStatus()}.
         *
         * @param value the policy; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder onDamagedState(DamagedStatePolicy value) {
            values.damagedStatePolicy = value;
            return this;
        }

        /**
         * Whether to refuse, while the state store reports itself unavailable (unreachable, not
         * merely holding a damaged state that the next save replaces), every change it would keep:
         * {@link MaintenanceController#apply} then throws a {@link MaintenanceException} of kind
         * {@link MaintenanceException.Kind#STORE_UNAVAILABLE} and changes nothing, so that no
         * instance of a cluster drifts from the others. Default {@code false}: such a change holds
         * on this instance only ({@link io.github.maintenance.change.ChangeResult#storeSaved()} is
         * {@code false}). Time-based transitions and changes the store does not keep (exempt paths,
         * circuit-breaker settings) are never refused.
         *
         * @param value {@code true} to refuse, {@code false} (the default) to hold changes locally
         * @return this builder
         */
        public Builder refuseChangesWhenStoreUnavailable(boolean value) {
            values.refuseChangesWhenStoreUnavailable = value;
            return this;
        }

        /**
         * Adds a declared route.
         * @param route the route; its id must be unique (checked by {@link #build()})
         * @return this builder
         */
        public Builder route(Route route) {
            values.routes.add(route);
            return this;
        }

        /**
         * Replaces the declared routes.
         * @param value the routes; ids unique, no {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder routes(List<Route> value) {
            values.routes.clear();
            values.routes.addAll(value);
            return this;
        }

        /**
         * The clock of every time-based decision (drain progress, until, breaker).
         * @param value the clock; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder clock(Clock value) {
            values.clock = value;
            return this;
        }

        /**
         * A shared random source for drain draws; it must be thread-safe (e.g. a seeded
         * {@code java.util.Random}). {@code null} uses {@code ThreadLocalRandom}.
         * @param value the random source, or {@code null}
         * @return this builder
         */
        public Builder random(RandomGenerator value) {
            values.random = value;
            return this;
        }

        /**
         * The drain policy of drains that name none; default {@link DrainPolicy#standard()}.
         * @param value the policy; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder drainPolicy(DrainPolicy value) {
            values.drainPolicy = value;
            return this;
        }

        /**
         * What a route does after a drain that names no behaviour; default {@link AfterDrain#KEEP_REJECTING}.
         * @param value the behaviour; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder afterDrain(AfterDrain value) {
            values.afterDrain = value;
            return this;
        }

        /**
         * Default {@code Retry-After} of maintenance responses; at least 1 s.
         * @param value the duration (checked by {@link #build()})
         * @return this builder
         */
        public Builder retryAfter(Duration value) {
            values.retryAfter = value;
            return this;
        }

        /**
         * {@code Retry-After} of drain rejections; at least 1 s.
         * @param value the duration (checked by {@link #build()})
         * @return this builder
         */
        public Builder drainRetryAfter(Duration value) {
            values.drainRetryAfter = value;
            return this;
        }

        /**
         * Counts per-route requests and passed; costs a route match on every request.
         * @param value {@code true} to count; default {@code false}
         * @return this builder
         */
        public Builder detailedStatistics(boolean value) {
            values.detailedStatistics = value;
            return this;
        }

        /**
         * Counts the requests in the application per route, so a control plane can wait for them
         * to finish; costs a route match and two counter updates on every request.
         * @param value {@code true} to count; default {@code false}
         * @return this builder
         */
        public Builder trackInFlight(boolean value) {
            values.trackInFlight = value;
            return this;
        }

        /**
         * Number of past maintenance windows kept; 0 to 10 000.
         * @param value the number of windows (checked by {@link #build()})
         * @return this builder
         */
        public Builder historySize(int value) {
            values.historySize = value;
            return this;
        }

        /**
         * How much of the audit trail is kept, in memory and in a state store that keeps it.
         * @param value the bounds, or {@link AuditPolicy#off()}; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder audit(AuditPolicy value) {
            values.audit = value;
            return this;
        }

        /**
         * A breaker for every route ({@code null}: none).
         * @param value the breaker's settings, or {@code null} for none
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerConfig value) {
            values.circuitBreaker = value;
            return this;
        }

        /**
         * A breaker for one route, overriding {@link #circuitBreaker(CircuitBreakerConfig)}.
         * @param routeId the id of a declared route, or {@code *} for the catch-all (checked by {@link #build()})
         * @param value the breaker's settings; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder circuitBreaker(String routeId, CircuitBreakerConfig value) {
            values.routeCircuitBreakers.put(routeId, value);
            return this;
        }

        /**
         * The settings of the built-in page; default {@link PageSettings#ofDefaults()}.
         * @param value the settings; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder pageSettings(PageSettings value) {
            values.pageSettings = value;
            return this;
        }

        /**
         * Adds (or replaces) a named page template, which a maintenance entry chooses with its
         * {@code template} option; entering or scheduling with a name not configured here is refused.
         * @param name letters, digits, {@code .}, {@code _} and {@code -}, at most 64 characters
         *     (checked by {@link #build()})
         * @param template the template; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder pageTemplate(String name, PageTemplate template) {
            values.pageTemplates.put(name, template);
            return this;
        }

        /**
         * Replaces every named page template (see {@link #pageTemplate(String, PageTemplate)}).
         * @param value template name to template; at most {@value MaintenanceConfig#MAX_PAGE_TEMPLATES}
         *     (checked by {@link #build()})
         * @return this builder
         */
        public Builder pageTemplates(Map<String, PageTemplate> value) {
            values.pageTemplates.clear();
            values.pageTemplates.putAll(value);
            return this;
        }

        /**
         * Which custom page URLs may be used.
         * @param value the policy; not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder urlPolicy(UrlPolicy value) {
            values.urlPolicy = value;
            return this;
        }

        /**
         * Where state is kept; default a new {@link InMemoryStateStore}.
         * @param value the store, or {@code null} for a new in-memory store
         * @return this builder
         */
        public Builder stateStore(StateStore value) {
            values.stateStore = value;
            return this;
        }

        /**
         * Runs listeners; default a dedicated daemon thread. {@code Runnable::run} runs them inline.
         * @param value the executor, or {@code null} for the dedicated thread
         * @return this builder
         */
        public Builder eventExecutor(Executor value) {
            values.eventExecutor = value;
            return this;
        }

        /**
         * How often {@code until} and drain ends are applied; zero disables the timer thread.
         * @param value the interval; not negative (checked by {@link #build()})
         * @return this builder
         */
        public Builder tickInterval(Duration value) {
            values.tickInterval = value;
            return this;
        }

        /**
         * How long a route may be in maintenance without a break before it is reported as stuck: a
         * WARN log line and a {@code MAINTENANCE_STUCK} event once per entry, and
         * {@code RouteStatus.stuck()}. Counted from {@code MaintenanceState.began()}, so an
         * {@code enter} that only changes the options of a maintenance in force does not restart it.
         * @param value 1 minute to 366 days, or {@link Duration#ZERO} or {@code null} to turn the
         *     check off (checked by {@link #build()}); default 24 hours
         * @return this builder
         */
        public Builder stuckAfter(Duration value) {
            values.stuckAfter = value == null ? Duration.ZERO : value;
            return this;
        }

        /**
         * How long a maintenance entered without an end ({@code until} or a duration) may last: the
         * timer then ends it, like a maintenance whose {@code until} has passed. A maintenance with
         * an end of its own is left alone. Counted from {@code MaintenanceState.began()}.
         * @param value 1 minute to 366 days, or {@link Duration#ZERO} or {@code null} for no limit
         *     (checked by {@link #build()}); default no limit
         * @return this builder
         */
        public Builder maxDuration(Duration value) {
            values.maxDuration = value == null ? Duration.ZERO : value;
            return this;
        }

        /**
         * A name for this instance in logs and cluster views.
         * @param value 1 to 128 characters (checked by {@link #build()}); default the {@code HOSTNAME}
         *     environment variable, or {@code local}
         * @return this builder
         */
        public Builder instanceName(String value) {
            values.instanceName = value;
            return this;
        }

        /**
         * How often this instance publishes its report (heartbeat, applied state version, store
         * health, totals) when the state store keeps cluster reports
         * ({@link io.github.maintenance.spi.ClusterStore}); a report counts as live for three
         * heartbeats, so an instance that stops is dropped from the cluster view after that.
         * @param value 1 second to 10 minutes (checked by {@link #build()}); default 5 seconds
         * @return this builder
         */
        public Builder clusterHeartbeat(Duration value) {
            values.clusterHeartbeat = value;
            return this;
        }

        /**
         * Whether the controller registers its {@link io.github.maintenance.jmx.MaintenanceMXBean}
         * when it is created (as {@code <jmxDomain>:type=Maintenance,name=<instanceName>}) and
         * unregisters it in {@code close()}; default {@code false}. Creating the controller fails
         * when an MBean of that name is already registered: give each controller of a JVM its own
         * {@link #instanceName(String)}.
         *
         * @param value {@code true} to register the MBean
         * @return this builder
         */
        public Builder jmx(boolean value) {
            values.jmx = value;
            return this;
        }

        /**
         * The domain of the MBean's object name (default {@value MaintenanceJmx#DEFAULT_DOMAIN});
         * also turns {@link #jmx(boolean)} on.
         * @param value the domain: 1 to 128 characters, no {@code :}, {@code *}, {@code ?} or control
         *     characters (checked by {@link #build()})
         * @return this builder
         */
        public Builder jmxDomain(String value) {
            values.jmxDomain = value;
            values.jmx = true;
            return this;
        }

        /**
         * The MBean server to register in; {@code null} (the default) is the platform MBean
         * server. Does not by itself turn {@link #jmx(boolean)} on.
         * @param value the server, or {@code null}
         * @return this builder
         */
        public Builder jmxServer(MBeanServer value) {
            values.jmxServer = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the immutable settings
         * @throws MaintenanceException naming the first invalid value
         */
        public MaintenanceConfig build() {
            ConfigChecks.check(values);
            if (values.stateStore == null) {
                values.stateStore = InMemoryStateStore.forOneController();
            }
            return new MaintenanceConfig(values.frozen());
        }
    }
}
