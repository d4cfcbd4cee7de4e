package io.github.maintenance;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Validates the values of a {@link MaintenanceConfig.Builder} before they are built, in a fixed
 * order so the first invalid value is the one reported; each error names the builder key, the
 * value and the rule ({@link MaintenanceErrors#invalidConfig}). Stateless.
 */
final class ConfigChecks {

    /** Shortest {@code clusterHeartbeat}. */
    static final Duration MIN_CLUSTER_HEARTBEAT = Duration.ofSeconds(1);
    /** Longest {@code clusterHeartbeat}. */
    static final Duration MAX_CLUSTER_HEARTBEAT = Duration.ofMinutes(10);

    private ConfigChecks() {
    }

    /**
     * Checks every value.
     *
     * @throws MaintenanceException naming the first invalid value
     */
    static void check(ConfigValues v) {
        require(v.clock != null, "clock", null, "is required");
        require(v.drainPolicy != null, "drainPolicy", null, "is required");
        require(v.afterDrain != null, "afterDrain", null, "is required");
        require(atLeastOneSecond(v.retryAfter), "retryAfter", v.retryAfter, "must be at least 1 second");
        require(atLeastOneSecond(v.drainRetryAfter), "drainRetryAfter", v.drainRetryAfter,
                "must be at least 1 second");
        require(v.historySize >= 0 && v.historySize <= 10_000, "historySize", v.historySize, "must be 0 to 10000");
        require(v.audit != null, "audit", null, "is required");
        require(v.pageSettings != null, "pageSettings", null, "is required");
        checkPageTemplates(v.pageTemplates);
        require(v.damagedStatePolicy != null, "onDamagedState", null, "is required");
        require(v.urlPolicy != null, "urlPolicy", null, "is required");
        require(v.tickInterval != null && !v.tickInterval.isNegative(), "tickInterval", v.tickInterval,
                "must not be negative");
        require(isLimit(v.stuckAfter), "stuckAfter", v.stuckAfter, "must be 0 (off) or 1 minute to 366 days");
        require(isLimit(v.maxDuration), "maxDuration", v.maxDuration, "must be 0 (off) or 1 minute to 366 days");
        require(v.instanceName != null && !v.instanceName.isBlank() && v.instanceName.length() <= 128,
                "instanceName", v.instanceName, "1 to 128 characters");
        require(v.instanceName.chars().noneMatch(Character::isISOControl), "instanceName", v.instanceName,
                "must not contain control characters");
        require(v.clusterHeartbeat != null && v.clusterHeartbeat.compareTo(MIN_CLUSTER_HEARTBEAT) >= 0
                && v.clusterHeartbeat.compareTo(MAX_CLUSTER_HEARTBEAT) <= 0, "clusterHeartbeat", v.clusterHeartbeat,
                "must be 1 second to 10 minutes");
        require(v.jmxDomain != null, "jmxDomain", null, "is required");
        MaintenanceJmx.objectName(v.jmxDomain, v.instanceName);
        checkCircuitBreakers(v.routeCircuitBreakers, routeIds(v));
    }

    private static void checkPageTemplates(Map<String, PageTemplate> templates) {
        require(templates.size() <= MaintenanceConfig.MAX_PAGE_TEMPLATES, "pageTemplates",
                templates.size() + " templates", "at most " + MaintenanceConfig.MAX_PAGE_TEMPLATES);
        for (Map.Entry<String, PageTemplate> e : templates.entrySet()) {
            WindowOptions.checkTemplateName("pageTemplates", e.getKey());
            require(e.getValue() != null, "pageTemplates", e.getKey(), "template is required");
        }
    }

    /** The ids of the declared routes, each checked to be unique and not null. */
    private static Set<String> routeIds(ConfigValues v) {
        Set<String> ids = new HashSet<>();
        for (Route r : v.routes) {
            require(r != null, "routes", null, "must not contain null");
            if (!ids.add(r.id())) {
                throw MaintenanceErrors.duplicateRoute(r.id());
            }
        }
        return ids;
    }

    private static void checkCircuitBreakers(Map<String, CircuitBreakerConfig> breakers, Set<String> routeIds) {
        for (Map.Entry<String, CircuitBreakerConfig> e : breakers.entrySet()) {
            require(e.getKey().equals(Route.CATCH_ALL_ID) || routeIds.contains(e.getKey()), "circuitBreaker",
                    e.getKey(), "no route has this id");
            require(e.getValue() != null, "circuitBreaker", e.getKey(), "config is required");
        }
    }

    private static boolean atLeastOneSecond(Duration d) {
        return d != null && d.getSeconds() >= 1;
    }

    /** Whether {@code d} is a valid {@code stuckAfter} or {@code maxDuration}: zero (off) or in range. */
    private static boolean isLimit(Duration d) {
        return d.isZero() || d.compareTo(MaintenanceConfig.MIN_MAINTENANCE_LIMIT) >= 0
                && d.compareTo(MaintenanceConfig.MAX_MAINTENANCE_LIMIT) <= 0;
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw MaintenanceErrors.invalidConfig(key, value, rule);
        }
    }
}
