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

import javax.management.MBeanServer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The values of one {@link MaintenanceConfig}, starting at their defaults. A {@link #draft()} is
 * what a {@link MaintenanceConfig.Builder} edits; a {@link #frozen()} copy, with unmodifiable
 * collections, is what a built config reads and nobody writes again. Not thread-safe by itself: a
 * frozen copy is published through the config's final field.
 */
final class ConfigValues {

    List<Route> routes = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    RandomGenerator random;
    DrainPolicy drainPolicy = DrainPolicy.standard();
    AfterDrain afterDrain = AfterDrain.KEEP_REJECTING;
    Duration retryAfter = MaintenanceConfig.DEFAULT_RETRY_AFTER;
    Duration drainRetryAfter = MaintenanceConfig.DEFAULT_DRAIN_RETRY_AFTER;
    boolean detailedStatistics;
    boolean trackInFlight;
    int historySize = MaintenanceConfig.DEFAULT_HISTORY_SIZE;
    AuditPolicy audit = AuditPolicy.defaults();
    CircuitBreakerConfig circuitBreaker;
    Map<String, CircuitBreakerConfig> routeCircuitBreakers = new LinkedHashMap<>();
    PageSettings pageSettings = PageSettings.ofDefaults();
    Map<String, PageTemplate> pageTemplates = new LinkedHashMap<>();
    UrlPolicy urlPolicy = UrlPolicy.anyHost();
    StateStore stateStore;
    Executor eventExecutor;
    Duration tickInterval = MaintenanceConfig.DEFAULT_TICK_INTERVAL;
    Duration stuckAfter = MaintenanceConfig.DEFAULT_STUCK_AFTER;
    Duration maxDuration = Duration.ZERO;
    String instanceName = defaultInstanceName();
    Duration clusterHeartbeat = MaintenanceConfig.DEFAULT_CLUSTER_HEARTBEAT;
    DamagedStatePolicy damagedStatePolicy = DamagedStatePolicy.SERVE;
    boolean refuseChangesWhenStoreUnavailable;
    boolean jmx;
    String jmxDomain = MaintenanceJmx.DEFAULT_DOMAIN;
    MBeanServer jmxServer;

    /** The defaults. */
    ConfigValues() {
    }

    /** {@return a modifiable copy, for a builder} */
    ConfigValues draft() {
        return new ConfigValues(this, new ArrayList<>(routes), new LinkedHashMap<>(routeCircuitBreakers),
                new LinkedHashMap<>(pageTemplates));
    }

    /** {@return a copy with unmodifiable collections (templates sorted by name), for a built config} */
    ConfigValues frozen() {
        return new ConfigValues(this, List.copyOf(routes), Map.copyOf(routeCircuitBreakers),
                Collections.unmodifiableMap(new TreeMap<>(pageTemplates)));
    }

    private ConfigValues(ConfigValues base, List<Route> routes, Map<String, CircuitBreakerConfig> routeCircuitBreakers,
            Map<String, PageTemplate> pageTemplates) {
        this.routes = routes;
        this.clock = base.clock;
        this.random = base.random;
        this.drainPolicy = base.drainPolicy;
        this.afterDrain = base.afterDrain;
        this.retryAfter = base.retryAfter;
        this.drainRetryAfter = base.drainRetryAfter;
        this.detailedStatistics = base.detailedStatistics;
        this.trackInFlight = base.trackInFlight;
        this.historySize = base.historySize;
        this.audit = base.audit;
        this.circuitBreaker = base.circuitBreaker;
        this.routeCircuitBreakers = routeCircuitBreakers;
        this.pageSettings = base.pageSettings;
        this.pageTemplates = pageTemplates;
        this.urlPolicy = base.urlPolicy;
        this.stateStore = base.stateStore;
        this.eventExecutor = base.eventExecutor;
        this.tickInterval = base.tickInterval;
        this.stuckAfter = base.stuckAfter;
        this.maxDuration = base.maxDuration;
        this.instanceName = base.instanceName;
        this.clusterHeartbeat = base.clusterHeartbeat;
        this.damagedStatePolicy = base.damagedStatePolicy;
        this.refuseChangesWhenStoreUnavailable = base.refuseChangesWhenStoreUnavailable;
        this.jmx = base.jmx;
        this.jmxDomain = base.jmxDomain;
        this.jmxServer = base.jmxServer;
    }

    /** The effective configuration in one line, as the controller logs it at start. */
    @Override
    public String toString() {
        return "routes=" + routes.size() + ", drainPolicy=" + drainPolicy + ", afterDrain=" + afterDrain
                + ", retryAfter=" + Durations.format(retryAfter) + ", drainRetryAfter="
                + Durations.format(drainRetryAfter) + ", detailedStatistics=" + detailedStatistics
                + ", trackInFlight=" + trackInFlight
                + (audit.equals(AuditPolicy.defaults()) ? "" : ", audit=" + audit)
                + ", circuitBreaker=" + (circuitBreaker == null ? "off" : circuitBreaker)
                + (routeCircuitBreakers.isEmpty() ? "" : ", routeCircuitBreakers=" + routeCircuitBreakers.keySet())
                + (pageTemplates.isEmpty() ? "" : ", pageTemplates=" + pageTemplates.keySet())
                + ", pageUrls=" + urlPolicy + ", store=" + stateStore.getClass().getSimpleName()
                + ", stuckAfter=" + (stuckAfter.isZero() ? "off" : Durations.format(stuckAfter))
                + (maxDuration.isZero() ? "" : ", maxDuration=" + Durations.format(maxDuration))
                + ", instance=" + instanceName
                + (clusterHeartbeat.equals(MaintenanceConfig.DEFAULT_CLUSTER_HEARTBEAT) ? ""
                        : ", clusterHeartbeat=" + Durations.format(clusterHeartbeat))
                + ", onDamagedState=" + damagedStatePolicy
                + (refuseChangesWhenStoreUnavailable ? ", refuseChangesWhenStoreUnavailable" : "")
                + (jmx ? ", jmx=" + MaintenanceJmx.objectName(jmxDomain, instanceName) : "");
    }

    private static String defaultInstanceName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() || host.length() > 128 ? "local" : host;
    }
}
