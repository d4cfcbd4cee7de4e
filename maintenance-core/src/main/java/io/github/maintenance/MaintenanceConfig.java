package io.github.maintenance;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.store.InMemoryStateStore;

import javax.management.MBeanServer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * state is damaged, changes accepted (held locally) while the store is unavailable, no JMX MBean.
 */
public final class MaintenanceConfig {

    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(300);
    public static final Duration DEFAULT_DRAIN_RETRY_AFTER = Duration.ofSeconds(60);
    public static final int DEFAULT_HISTORY_SIZE = 100;
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_DRAIN = Duration.ofHours(24);

    private final List<Route> routes;
    private final Clock clock;
    private final RandomGenerator random;
    private final DrainPolicy drainPolicy;
    private final AfterDrain afterDrain;
    private final Duration retryAfter;
    private final Duration drainRetryAfter;
    private final boolean detailedStatistics;
    private final int historySize;
    private final CircuitBreakerConfig circuitBreaker;
    private final Map<String, CircuitBreakerConfig> routeCircuitBreakers;
    private final PageSettings pageSettings;
    private final UrlPolicy urlPolicy;
    private final StateStore stateStore;
    private final Executor eventExecutor;
    private final Duration tickInterval;
    private final String instanceName;
    private final DamagedStatePolicy damagedStatePolicy;
    private final boolean refuseChangesWhenStoreUnavailable;
    private final boolean jmx;
    private final String jmxDomain;
    private final MBeanServer jmxServer;

    private MaintenanceConfig(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.clock = b.clock;
        this.random = b.random;
        this.drainPolicy = b.drainPolicy;
        this.afterDrain = b.afterDrain;
        this.retryAfter = b.retryAfter;
        this.drainRetryAfter = b.drainRetryAfter;
        this.detailedStatistics = b.detailedStatistics;
        this.historySize = b.historySize;
        this.circuitBreaker = b.circuitBreaker;
        this.routeCircuitBreakers = Map.copyOf(b.routeCircuitBreakers);
        this.pageSettings = b.pageSettings;
        this.urlPolicy = b.urlPolicy;
        this.stateStore = b.stateStore;
        this.eventExecutor = b.eventExecutor;
        this.tickInterval = b.tickInterval;
        this.instanceName = b.instanceName;
        this.damagedStatePolicy = b.damagedStatePolicy;
        this.refuseChangesWhenStoreUnavailable = b.refuseChangesWhenStoreUnavailable;
        this.jmx = b.jmx;
        this.jmxDomain = b.jmxDomain;
        this.jmxServer = b.jmxServer;
    }

    /** The defaults (a new in-memory store each time). */
    public static MaintenanceConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(MaintenanceConfig base) {
        Builder b = new Builder();
        b.routes.addAll(base.routes);
        b.clock = base.clock;
        b.random = base.random;
        b.drainPolicy = base.drainPolicy;
        b.afterDrain = base.afterDrain;
        b.retryAfter = base.retryAfter;
        b.drainRetryAfter = base.drainRetryAfter;
        b.detailedStatistics = base.detailedStatistics;
        b.historySize = base.historySize;
        b.circuitBreaker = base.circuitBreaker;
        b.routeCircuitBreakers.putAll(base.routeCircuitBreakers);
        b.pageSettings = base.pageSettings;
        b.urlPolicy = base.urlPolicy;
        b.stateStore = base.stateStore;
        b.eventExecutor = base.eventExecutor;
        b.tickInterval = base.tickInterval;
        b.instanceName = base.instanceName;
        b.damagedStatePolicy = base.damagedStatePolicy;
        b.refuseChangesWhenStoreUnavailable = base.refuseChangesWhenStoreUnavailable;
        b.jmx = base.jmx;
        b.jmxDomain = base.jmxDomain;
        b.jmxServer = base.jmxServer;
        return b;
    }

    /** What to do when the state store holds a damaged state at start; default {@link DamagedStatePolicy#SERVE}. */
    public DamagedStatePolicy damagedStatePolicy() {
        return damagedStatePolicy;
    }

    /**
     * Whether changes that the state store would keep are refused while it is unavailable;
     * default {@code false}.
     */
    public boolean refuseChangesWhenStoreUnavailable() {
        return refuseChangesWhenStoreUnavailable;
    }

    /** Routes declared by the application (the catch-all is implicit). */
    public List<Route> routes() {
        return routes;
    }

    public Clock clock() {
        return clock;
    }

    /** The shared random source, or {@code null} for {@code ThreadLocalRandom}. */
    public RandomGenerator random() {
        return random;
    }

    public DrainPolicy drainPolicy() {
        return drainPolicy;
    }

    public AfterDrain afterDrain() {
        return afterDrain;
    }

    /** Default {@code Retry-After} of maintenance responses. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code Retry-After} of drain rejections. */
    public Duration drainRetryAfter() {
        return drainRetryAfter;
    }

    /** Whether per-route requests and passed are counted (costs a route match per request). */
    public boolean detailedStatistics() {
        return detailedStatistics;
    }

    public int historySize() {
        return historySize;
    }

    /** The breaker configured for every route, or {@code null} for none. */
    public CircuitBreakerConfig circuitBreaker() {
        return circuitBreaker;
    }

    /** Breakers configured for single routes, overriding {@link #circuitBreaker()}. */
    public Map<String, CircuitBreakerConfig> routeCircuitBreakers() {
        return routeCircuitBreakers;
    }

    public PageSettings pageSettings() {
        return pageSettings;
    }

    public UrlPolicy urlPolicy() {
        return urlPolicy;
    }

    public StateStore stateStore() {
        return stateStore;
    }

    /** The executor of listeners, or {@code null} for the controller's own event thread. */
    public Executor eventExecutor() {
        return eventExecutor;
    }

    /** How often time-based transitions are applied; zero means only through {@code tick()}. */
    public Duration tickInterval() {
        return tickInterval;
    }

    /** A name for this instance in logs and cluster views. */
    public String instanceName() {
        return instanceName;
    }

    /** Whether the controller registers its JMX MBean when created; default {@code false}. */
    public boolean jmx() {
        return jmx;
    }

    /** The domain of the MBean's object name; default {@value MaintenanceJmx#DEFAULT_DOMAIN}. */
    public String jmxDomain() {
        return jmxDomain;
    }

    /** The MBean server to register in, or {@code null} for the platform MBean server. */
    public MBeanServer jmxServer() {
        return jmxServer;
    }

    @Override
    public String toString() {
        return "routes=" + routes.size() + ", drainPolicy=" + drainPolicy + ", afterDrain=" + afterDrain
                + ", retryAfter=" + Durations.format(retryAfter) + ", drainRetryAfter="
                + Durations.format(drainRetryAfter) + ", detailedStatistics=" + detailedStatistics
                + ", circuitBreaker=" + (circuitBreaker == null ? "off" : circuitBreaker)
                + (routeCircuitBreakers.isEmpty() ? "" : ", routeCircuitBreakers=" + routeCircuitBreakers.keySet())
                + ", pageUrls=" + urlPolicy + ", store=" + stateStore.getClass().getSimpleName()
                + ", instance=" + instanceName + ", onDamagedState=" + damagedStatePolicy
                + (refuseChangesWhenStoreUnavailable ? ", refuseChangesWhenStoreUnavailable" : "")
                + (jmx ? ", jmx=" + MaintenanceJmx.objectName(jmxDomain, instanceName) : "");
    }

    /** Builds a {@link MaintenanceConfig}. Not thread-safe. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private DrainPolicy drainPolicy = DrainPolicy.standard();
        private AfterDrain afterDrain = AfterDrain.KEEP_REJECTING;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private Duration drainRetryAfter = DEFAULT_DRAIN_RETRY_AFTER;
        private boolean detailedStatistics;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private CircuitBreakerConfig circuitBreaker;
        private final Map<String, CircuitBreakerConfig> routeCircuitBreakers = new LinkedHashMap<>();
        private PageSettings pageSettings = PageSettings.ofDefaults();
        private UrlPolicy urlPolicy = UrlPolicy.anyHost();
        private StateStore stateStore;
        private Executor eventExecutor;
        private Duration tickInterval = DEFAULT_TICK_INTERVAL;
        private String instanceName = defaultInstanceName();
        private DamagedStatePolicy damagedStatePolicy = DamagedStatePolicy.SERVE;
        private boolean refuseChangesWhenStoreUnavailable;
        private boolean jmx;
        private String jmxDomain = MaintenanceJmx.DEFAULT_DOMAIN;
        private MBeanServer jmxServer;

        private Builder() {
        }

        /**
         * What to do when the state store holds a damaged state at start (it cannot be parsed, a
         * field is out of range, its version cannot move on). {@link DamagedStatePolicy#SERVE} (the
         * default) serves every route; {@link DamagedStatePolicy#MAINTENANCE} puts the whole
         * application in maintenance until an operator exits it. Either way the damage is logged at
         * ERROR and shown by {@link MaintenanceController#storeStatus()}.
         */
        public Builder onDamagedState(DamagedStatePolicy value) {
            this.damagedStatePolicy = value;
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
         */
        public Builder refuseChangesWhenStoreUnavailable(boolean value) {
            this.refuseChangesWhenStoreUnavailable = value;
            return this;
        }

        /** Adds a declared route. */
        public Builder route(Route route) {
            routes.add(route);
            return this;
        }

        /** Replaces the declared routes. */
        public Builder routes(List<Route> value) {
            routes.clear();
            routes.addAll(value);
            return this;
        }

        /** The clock of every time-based decision (drain progress, until, breaker). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * A shared random source for drain draws; it must be thread-safe (e.g. a seeded
         * {@code java.util.Random}). {@code null} uses {@code ThreadLocalRandom}.
         */
        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        public Builder drainPolicy(DrainPolicy value) {
            this.drainPolicy = value;
            return this;
        }

        public Builder afterDrain(AfterDrain value) {
            this.afterDrain = value;
            return this;
        }

        /** Default {@code Retry-After} of maintenance responses; at least 1 s. */
        public Builder retryAfter(Duration value) {
            this.retryAfter = value;
            return this;
        }

        /** {@code Retry-After} of drain rejections; at least 1 s. */
        public Builder drainRetryAfter(Duration value) {
            this.drainRetryAfter = value;
            return this;
        }

        /** Counts per-route requests and passed; costs a route match on every request. */
        public Builder detailedStatistics(boolean value) {
            this.detailedStatistics = value;
            return this;
        }

        /** Number of past maintenance windows kept; 0 to 10 000. */
        public Builder historySize(int value) {
            this.historySize = value;
            return this;
        }

        /** A breaker for every route ({@code null}: none). */
        public Builder circuitBreaker(CircuitBreakerConfig value) {
            this.circuitBreaker = value;
            return this;
        }

        /** A breaker for one route, overriding {@link #circuitBreaker(CircuitBreakerConfig)}. */
        public Builder circuitBreaker(String routeId, CircuitBreakerConfig value) {
            routeCircuitBreakers.put(routeId, value);
            return this;
        }

        public Builder pageSettings(PageSettings value) {
            this.pageSettings = value;
            return this;
        }

        /** Which custom page URLs may be used. */
        public Builder urlPolicy(UrlPolicy value) {
            this.urlPolicy = value;
            return this;
        }

        /** Where state is kept; default a new {@link InMemoryStateStore}. */
        public Builder stateStore(StateStore value) {
            this.stateStore = value;
            return this;
        }

        /** Runs listeners; default a dedicated daemon thread. {@code Runnable::run} runs them inline. */
        public Builder eventExecutor(Executor value) {
            this.eventExecutor = value;
            return this;
        }

        /** How often {@code until} and drain ends are applied; zero disables the timer thread. */
        public Builder tickInterval(Duration value) {
            this.tickInterval = value;
            return this;
        }

        /** A name for this instance in logs and cluster views. */
        public Builder instanceName(String value) {
            this.instanceName = value;
            return this;
        }

        /**
         * Whether the controller registers its {@link io.github.maintenance.jmx.MaintenanceMXBean}
         * when it is created (as {@code <jmxDomain>:type=Maintenance,name=<instanceName>}) and
         * unregisters it in {@code close()}; default {@code false}. Creating the controller fails
         * when an MBean of that name is already registered: give each controller of a JVM its own
         * {@link #instanceName(String)}.
         */
        public Builder jmx(boolean value) {
            this.jmx = value;
            return this;
        }

        /**
         * The domain of the MBean's object name (default {@value MaintenanceJmx#DEFAULT_DOMAIN});
         * also turns {@link #jmx(boolean)} on.
         */
        public Builder jmxDomain(String value) {
            this.jmxDomain = value;
            this.jmx = true;
            return this;
        }

        /**
         * The MBean server to register in; {@code null} (the default) is the platform MBean
         * server. Does not by itself turn {@link #jmx(boolean)} on.
         */
        public Builder jmxServer(MBeanServer value) {
            this.jmxServer = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws MaintenanceException naming the first invalid value
         */
        public MaintenanceConfig build() {
            require(clock != null, "clock", null, "is required");
            require(drainPolicy != null, "drainPolicy", null, "is required");
            require(afterDrain != null, "afterDrain", null, "is required");
            require(retryAfter != null && retryAfter.getSeconds() >= 1, "retryAfter", retryAfter,
                    "must be at least 1 second");
            require(drainRetryAfter != null && drainRetryAfter.getSeconds() >= 1, "drainRetryAfter", drainRetryAfter,
                    "must be at least 1 second");
            require(historySize >= 0 && historySize <= 10_000, "historySize", historySize, "must be 0 to 10000");
            require(pageSettings != null, "pageSettings", null, "is required");
            require(damagedStatePolicy != null, "onDamagedState", null, "is required");
            require(urlPolicy != null, "urlPolicy", null, "is required");
            require(tickInterval != null && !tickInterval.isNegative(), "tickInterval", tickInterval,
                    "must not be negative");
            require(instanceName != null && !instanceName.isBlank() && instanceName.length() <= 128, "instanceName",
                    instanceName, "1 to 128 characters");
            require(jmxDomain != null, "jmxDomain", null, "is required");
            MaintenanceJmx.objectName(jmxDomain, instanceName);
            Set<String> ids = new HashSet<>();
            for (Route r : routes) {
                require(r != null, "routes", null, "must not contain null");
                if (!ids.add(r.id())) {
                    throw MaintenanceErrors.duplicateRoute(r.id());
                }
            }
            for (Map.Entry<String, CircuitBreakerConfig> e : routeCircuitBreakers.entrySet()) {
                require(e.getKey().equals(Route.CATCH_ALL_ID) || ids.contains(e.getKey()), "circuitBreaker",
                        e.getKey(), "no route has this id");
                require(e.getValue() != null, "circuitBreaker", e.getKey(), "config is required");
            }
            if (stateStore == null) {
                stateStore = new InMemoryStateStore();
            }
            return new MaintenanceConfig(this);
        }

        private static void require(boolean ok, String key, Object value, String rule) {
            if (!ok) {
                throw MaintenanceErrors.invalidConfig(key, value, rule);
            }
        }

        private static String defaultInstanceName() {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank() || host.length() > 128 ? "local" : host;
        }
    }
}
