package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code maintenance.*} properties of the Spring Boot starter: the same settings as the
 * filter's init-parameters, plus the state store, the registry server, the dashboard and the
 * operator-path exemptions. A bad value stops the application from starting with a message naming
 * the property. Durations without a unit are seconds.
 */
@ConfigurationProperties(MaintenanceProperties.PREFIX)
public class MaintenanceProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "maintenance";

    /** Whether the maintenance mode is configured at all (the filter, the controller and the rest). */
    private boolean enabled = true;

    /** The routes: each an id with a path and/or domains, a priority and exempt paths. */
    private List<RouteProperties> routes = new ArrayList<>();

    /**
     * What is in maintenance at start: ALL, route ids, a /path or a domain (comma-separated). A state
     * restored from the store is kept as well.
     */
    private String initialTarget;

    /** Status code of maintenance and drain responses, 200 to 599. */
    private int statusCode = 503;

    /** Retry-After of maintenance responses. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration retryAfter = Duration.ofSeconds(300);

    /**
     * How Retry-After gives a known end (until or duration): date (an IMF-fixdate; seconds when the
     * end is unknown) or seconds (always).
     */
    private RetryAfterFormat retryAfterFormat = RetryAfterFormat.DATE;

    /** Retry-After of requests rejected while draining. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration drainRetryAfter = Duration.ofSeconds(60);

    /** How a drain rejects requests over time: standard or linear. */
    private DrainPolicyName drainPolicy = DrainPolicyName.STANDARD;

    /** What a finished drain does: keep-rejecting or maintenance. */
    private AfterDrainAction afterDrain = AfterDrainAction.KEEP_REJECTING;

    /** Whether per-route statistics (status classes, latency) are recorded. */
    private boolean detailedStatistics = false;

    /**
     * Whether the requests in the application are counted per route, for
     * MaintenanceController.awaitIdle and maintenancectl exec --wait-idle (costs a counter per request).
     */
    private boolean trackInFlight = false;

    /**
     * Whether the controller's MXBean is registered in the platform MBean server as
     * io.github.maintenance:type=Maintenance,name=(instance name), and unregistered on shutdown.
     */
    private boolean jmx = false;

    /** How many past maintenance windows are kept for the statistics, 0 to 10000. */
    private int historySize = 100;

    /**
     * After how long in maintenance, without a break, a route is reported as stuck (WARN log,
     * MAINTENANCE_STUCK event, dashboard badge, maintenance.stuck gauge): 1 minute to 366 days, 0 to
     * turn the warning off.
     */
    private Duration stuckAfter = Duration.ofHours(24);

    /**
     * How long a maintenance entered without an end (until or duration) may last before it ends by
     * itself: 1 minute to 366 days, 0 for no limit. A maintenance with an end is left alone.
     */
    private Duration maxDuration = Duration.ZERO;

    /** Path prefixes never blocked (health checks, static assets), matched segment by segment. */
    private List<String> exemptPaths = new ArrayList<>();

    /** Whether /robots.txt is never blocked, so crawlers read it during maintenance. */
    private boolean exemptRobotsTxt = true;

    /** Client addresses or CIDR ranges never blocked. */
    private List<String> allowedIps = new ArrayList<>();

    /** Addresses or CIDR ranges of reverse proxies whose forwarding header names the client. */
    private List<String> trustedProxies = new ArrayList<>();

    /** The header the trusted proxies set: x-forwarded-for, forwarded or none. */
    private ForwardedHeaderName forwardedHeader = ForwardedHeaderName.X_FORWARDED_FOR;

    /** A path answering 200 while serving and the status code while blocked, for load balancers. */
    private String readinessPath;

    /**
     * The maintenance filter's position in the filter chain. Not set: first
     * (Ordered.HIGHEST_PRECEDENCE), or just after Spring Security's filter chain when
     * maintenance.bypass.roles or maintenance.bypass.authenticated is set.
     */
    private Integer filterOrder;

    /** The instance name in the state store, events and the registry; $HOSTNAME (or "local") when not set. */
    private String instanceName;

    /**
     * Whether the operator's paths are never put into maintenance: the Actuator base path (when the
     * Actuator shares the server port), the dashboard path (when enabled) and the error path.
     */
    private boolean exemptOperatorPaths = true;

    /** The maintenance page. */
    @NestedConfigurationProperty
    private final PageProperties page = new PageProperties();

    /** Read-only maintenance: the requests that pass besides the safe methods. */
    @NestedConfigurationProperty
    private final ReadOnlyProperties readOnly = new ReadOnlyProperties();

    /** Held requests: how many and how long. */
    @NestedConfigurationProperty
    private final HoldProperties hold = new HoldProperties();

    /** The circuit breaker that puts a route into maintenance after repeated failures. */
    @NestedConfigurationProperty
    private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties();

    /** The bypass secret that lets the team through maintenance. */
    @NestedConfigurationProperty
    private final BypassProperties bypass = new BypassProperties();

    /** A redirect instead of the page. */
    @NestedConfigurationProperty
    private final RedirectProperties redirect = new RedirectProperties();

    /** CORS on the maintenance responses, for single-page applications on other origins. */
    @NestedConfigurationProperty
    private final CorsProperties cors = new CorsProperties();

    /** The JSON status endpoint for front ends. */
    @NestedConfigurationProperty
    private final StatusEndpointProperties statusEndpoint = new StatusEndpointProperties();

    /** The proxy that fetches custom maintenance pages from a URL. */
    @NestedConfigurationProperty
    private final ProxyProperties proxy = new ProxyProperties();

    /** Where the maintenance state is kept. */
    @NestedConfigurationProperty
    private final StoreProperties store = new StoreProperties();

    /** The flag file that puts the whole application into maintenance while it exists. */
    @NestedConfigurationProperty
    private final WatchedFileProperties flagFile = new WatchedFileProperties();

    /** The registry: the TCP control server for maintenancectl and registry clients. */
    @NestedConfigurationProperty
    private final RegistryProperties registry = new RegistryProperties();

    /** The dashboard: a live page, a JSON API and actions. */
    @NestedConfigurationProperty
    private final DashboardProperties dashboard = new DashboardProperties();

    /** The cluster view: each instance's report in the shared state store. */
    @NestedConfigurationProperty
    private final ClusterProperties cluster = new ClusterProperties();

    /** Properties with their defaults. */
    public MaintenanceProperties() {
    }

    /** Names of the drain policies. */
    public enum DrainPolicyName {
        /** The standard curve. */
        STANDARD,
        /** A linear increase of the rejected share. */
        LINEAR
    }

    /** What a finished drain does. */
    public enum AfterDrainAction {
        /** Keep rejecting until the drain is ended. */
        KEEP_REJECTING,
        /** Enter maintenance. */
        MAINTENANCE
    }

    /** How Retry-After gives a known end. */
    public enum RetryAfterFormat {
        /** An IMF-fixdate; seconds when the end is unknown. */
        DATE,
        /** Always seconds. */
        SECONDS
    }

    /** The forwarding header the trusted proxies set. */
    public enum ForwardedHeaderName {
        /** {@code X-Forwarded-For}. */
        X_FORWARDED_FOR,
        /** RFC 7239 {@code Forwarded}. */
        FORWARDED,
        /** None: the connecting address is the client. */
        NONE
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<RouteProperties> getRoutes() {
        return routes;
    }

    public void setRoutes(List<RouteProperties> routes) {
        this.routes = routes;
    }

    public String getInitialTarget() {
        return initialTarget;
    }

    public void setInitialTarget(String initialTarget) {
        this.initialTarget = initialTarget;
    }

    public int getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(int statusCode) {
        this.statusCode = statusCode;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public RetryAfterFormat getRetryAfterFormat() {
        return retryAfterFormat;
    }

    public void setRetryAfterFormat(RetryAfterFormat retryAfterFormat) {
        this.retryAfterFormat = retryAfterFormat;
    }

    public Duration getDrainRetryAfter() {
        return drainRetryAfter;
    }

    public void setDrainRetryAfter(Duration drainRetryAfter) {
        this.drainRetryAfter = drainRetryAfter;
    }

    public DrainPolicyName getDrainPolicy() {
        return drainPolicy;
    }

    public void setDrainPolicy(DrainPolicyName drainPolicy) {
        this.drainPolicy = drainPolicy;
    }

    public AfterDrainAction getAfterDrain() {
        return afterDrain;
    }

    public void setAfterDrain(AfterDrainAction afterDrain) {
        this.afterDrain = afterDrain;
    }

    public boolean isDetailedStatistics() {
        return detailedStatistics;
    }

    public void setDetailedStatistics(boolean detailedStatistics) {
        this.detailedStatistics = detailedStatistics;
    }

    public boolean isTrackInFlight() {
        return trackInFlight;
    }

    public void setTrackInFlight(boolean trackInFlight) {
        this.trackInFlight = trackInFlight;
    }

    public boolean isJmx() {
        return jmx;
    }

    public void setJmx(boolean jmx) {
        this.jmx = jmx;
    }

    public int getHistorySize() {
        return historySize;
    }

    public void setHistorySize(int historySize) {
        this.historySize = historySize;
    }

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    public Duration getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(Duration maxDuration) {
        this.maxDuration = maxDuration;
    }

    public List<String> getExemptPaths() {
        return exemptPaths;
    }

    public void setExemptPaths(List<String> exemptPaths) {
        this.exemptPaths = exemptPaths;
    }

    public boolean isExemptRobotsTxt() {
        return exemptRobotsTxt;
    }

    public void setExemptRobotsTxt(boolean exemptRobotsTxt) {
        this.exemptRobotsTxt = exemptRobotsTxt;
    }

    public List<String> getAllowedIps() {
        return allowedIps;
    }

    public void setAllowedIps(List<String> allowedIps) {
        this.allowedIps = allowedIps;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public ForwardedHeaderName getForwardedHeader() {
        return forwardedHeader;
    }

    public void setForwardedHeader(ForwardedHeaderName forwardedHeader) {
        this.forwardedHeader = forwardedHeader;
    }

    public Integer getFilterOrder() {
        return filterOrder;
    }

    public void setFilterOrder(Integer filterOrder) {
        this.filterOrder = filterOrder;
    }

    public String getReadinessPath() {
        return readinessPath;
    }

    public void setReadinessPath(String readinessPath) {
        this.readinessPath = readinessPath;
    }

    public String getInstanceName() {
        return instanceName;
    }

    public void setInstanceName(String instanceName) {
        this.instanceName = instanceName;
    }

    public boolean isExemptOperatorPaths() {
        return exemptOperatorPaths;
    }

    public void setExemptOperatorPaths(boolean exemptOperatorPaths) {
        this.exemptOperatorPaths = exemptOperatorPaths;
    }

    public PageProperties getPage() {
        return page;
    }

    public ReadOnlyProperties getReadOnly() {
        return readOnly;
    }

    public HoldProperties getHold() {
        return hold;
    }

    public ClusterProperties getCluster() {
        return cluster;
    }

    public CircuitBreakerProperties getCircuitBreaker() {
        return circuitBreaker;
    }

    public BypassProperties getBypass() {
        return bypass;
    }

    public RedirectProperties getRedirect() {
        return redirect;
    }

    public ProxyProperties getProxy() {
        return proxy;
    }

    public CorsProperties getCors() {
        return cors;
    }

    public StatusEndpointProperties getStatusEndpoint() {
        return statusEndpoint;
    }

    public StoreProperties getStore() {
        return store;
    }

    public WatchedFileProperties getFlagFile() {
        return flagFile;
    }

    public RegistryProperties getRegistry() {
        return registry;
    }

    public DashboardProperties getDashboard() {
        return dashboard;
    }
}
