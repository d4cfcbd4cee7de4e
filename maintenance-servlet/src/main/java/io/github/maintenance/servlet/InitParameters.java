package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.PageTexts;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.RedirectTarget;
import io.github.maintenance.servlet.proxy.ProxySettings;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;

import static io.github.maintenance.servlet.ParameterValues.bool;
import static io.github.maintenance.servlet.ParameterValues.duration;
import static io.github.maintenance.servlet.ParameterValues.forwardedHeader;
import static io.github.maintenance.servlet.ParameterValues.languagesWith;
import static io.github.maintenance.servlet.ParameterValues.list;
import static io.github.maintenance.servlet.ParameterValues.parseInt;
import static io.github.maintenance.servlet.ParameterValues.parseRoutes;
import static io.github.maintenance.servlet.ParameterValues.secret;
import static io.github.maintenance.servlet.ParameterValues.templates;
import static io.github.maintenance.servlet.ParameterValues.trimmed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code web.xml} init-parameters of {@link MaintenanceFilter}, mapped one-to-one onto
 * {@link FilterSettings} and {@link MaintenanceConfig} builder methods. An unknown name or a bad
 * value stops the filter from starting with a message naming the parameter, the value and the
 * rule.
 *
 * <table>
 * <caption>Init-parameters</caption>
 * <tr><th>name</th><th>format</th><th>default</th></tr>
 * <tr><td>{@value #ROUTES}</td><td>{@code id path=/x domains=a.com,*.b.com priority=10 exempt=/x/health; id2 ...}</td><td>none</td></tr>
 * <tr><td>{@value #MAINTENANCE}</td><td>a target ({@code ALL}, ids, {@code /path}, domain) in maintenance at start</td><td>none</td></tr>
 * <tr><td>{@value #STATUS_CODE}</td><td>200–599</td><td>503</td></tr>
 * <tr><td>{@value #RETRY_AFTER}</td><td>duration ({@code 300}, {@code 5m}, {@code PT5M})</td><td>300s</td></tr>
 * <tr><td>{@value #DRAIN_RETRY_AFTER}</td><td>duration</td><td>60s</td></tr>
 * <tr><td>{@value #DRAIN_POLICY}</td><td>{@code standard} or {@code linear}</td><td>standard</td></tr>
 * <tr><td>{@value #AFTER_DRAIN}</td><td>{@code keep-rejecting} or {@code maintenance}</td><td>keep-rejecting</td></tr>
 * <tr><td>{@value #CIRCUIT_BREAKER}</td><td>{@code off}, {@code on}, or {@code failures=5,window=60s,open=30s,successes=2}</td><td>off</td></tr>
 * <tr><td>{@value #DETAILED_STATISTICS}</td><td>true/false</td><td>false</td></tr>
 * <tr><td>{@value #TRACK_IN_FLIGHT}</td><td>true/false: count the requests in the application per route
 * (for {@link io.github.maintenance.MaintenanceController#awaitIdle} and {@code exec --wait-idle})</td><td>false</td></tr>
 * <tr><td>{@value #HISTORY_SIZE}</td><td>0–10000</td><td>100</td></tr>
 * <tr><td>{@value #STUCK_AFTER}</td><td>duration, 1m–366d; {@code 0} or {@code off} = no warning</td><td>24h</td></tr>
 * <tr><td>{@value #MAX_DURATION}</td><td>duration, 1m–366d; {@code 0} or {@code off} = no limit</td><td>off</td></tr>
 * <tr><td>{@value #CLUSTER_HEARTBEAT}</td><td>duration, 1s–10m: how often the instance publishes its cluster report (stores that keep them)</td><td>5s</td></tr>
 * <tr><td>{@value #PAGE_TITLE}</td><td>text</td><td>Down for maintenance</td></tr>
 * <tr><td>{@value #PAGE_MESSAGE}</td><td>text</td><td>We are performing scheduled maintenance…</td></tr>
 * <tr><td>{@value #PAGE_REFRESH}</td><td>duration, 0 = off</td><td>30s</td></tr>
 * <tr><td>{@value #PAGE_TEMPLATE}</td><td>file path or {@code classpath:name}</td><td>built-in</td></tr>
 * <tr><td>{@value #TEMPLATES}</td><td>named page templates a maintenance entry chooses with its {@code template}
 * option: {@code name=file path or classpath:name}, comma-separated</td><td>none</td></tr>
 * <tr><td>{@value #PAGE_LANGUAGES}</td><td>comma list of language tags, the default first; one fixes the language</td><td>en,de,fr,es,it,nl (and any language of {@code pageTexts})</td></tr>
 * <tr><td>{@value #PAGE_TEXTS}</td><td>properties file path or {@code classpath:name} ({@code de.title=…})</td><td>none</td></tr>
 * <tr><td>{@value #PAGE_MESSAGES}</td><td>further messages to rotate through, separated by {@code |}</td><td>none</td></tr>
 * <tr><td>{@value #PAGE_ROTATE_INTERVAL}</td><td>duration, 1s to 1h</td><td>8s</td></tr>
 * <tr><td>{@value #PAGE_REFRESH_HEADER}</td><td>true/false: also send {@code Refresh: <pageRefresh seconds>}</td><td>false</td></tr>
 * <tr><td>{@value #PAGE_URL_ALLOWED_HOSTS}</td><td>comma list of hosts / {@code *.suffix}</td><td>any</td></tr>
 * <tr><td>{@value #PAGE_URL_DENY}</td><td>comma list of {@code loopback}, {@code private}: address classes page URLs may not reach (see {@link UrlPolicy})</td><td>none (link-local and metadata are always refused)</td></tr>
 * <tr><td>{@value #EXEMPT_PATHS}</td><td>comma list of path prefixes</td><td>none</td></tr>
 * <tr><td>{@value #EXEMPT_ROBOTS_TXT}</td><td>true/false: never block {@code /robots.txt}</td><td>true</td></tr>
 * <tr><td>{@value #ALLOWED_IPS}</td><td>comma list of addresses / CIDRs</td><td>none</td></tr>
 * <tr><td>{@value #TRUSTED_PROXIES}</td><td>comma list of addresses / CIDRs</td><td>none</td></tr>
 * <tr><td>{@value #FORWARDED_HEADER}</td><td>the header the trusted proxies set: {@code X-Forwarded-For}, {@code Forwarded} or {@code none}; the other is ignored</td><td>X-Forwarded-For</td></tr>
 * <tr><td>{@value #READINESS_PATH}</td><td>path</td><td>none</td></tr>
 * <tr><td>{@value #READ_ONLY_ALLOW}</td><td>{@code METHOD /path-prefix} pairs passing in read-only maintenance
 * besides GET, HEAD, OPTIONS, TRACE</td><td>none</td></tr>
 * <tr><td>{@value #HOLD_MAX_REQUESTS}</td><td>most requests parked by a hold at once</td><td>1000</td></tr>
 * <tr><td>{@value #HOLD_TIMEOUT}</td><td>how long a hold parks a request when the entry gives none</td><td>30s</td></tr>
 * <tr><td>{@value #RETRY_AFTER_FORMAT}</td><td>{@code date} (the known end as an IMF-fixdate, seconds when
 * unknown) or {@code seconds}</td><td>date</td></tr>
 * <tr><td>{@value #CORS_ALLOWED_ORIGINS}</td><td>comma list of exact origins ({@code https://app.example.test}),
 * or {@code *} alone: their scripts may read the filter's own responses; preflights to blocked routes are
 * answered (see {@link io.github.maintenance.servlet.access.CorsPolicy})</td><td>none</td></tr>
 * <tr><td>{@value #CORS_ALLOW_CREDENTIALS}</td><td>true/false: {@code Access-Control-Allow-Credentials: true}
 * for listed origins</td><td>false</td></tr>
 * <tr><td>{@value #STATUS_PATH}</td><td>path of the JSON status endpoint for front ends (never blocked)</td><td>none</td></tr>
 * <tr><td>{@value #STATUS_MAX_AGE}</td><td>duration, 0 to 1h: {@code Cache-Control: public, max-age} of its answers</td><td>5s</td></tr>
 * <tr><td>{@value #PROXY_CONNECT_TIMEOUT}</td><td>duration</td><td>2s</td></tr>
 * <tr><td>{@value #PROXY_READ_TIMEOUT}</td><td>duration</td><td>5s</td></tr>
 * <tr><td>{@value #PROXY_PASS_STATUS}</td><td>true/false</td><td>false</td></tr>
 * <tr><td>{@value #PROXY_FORWARD_COOKIES}</td><td>true/false</td><td>false</td></tr>
 * <tr><td>{@value #PROXY_FORWARD_AUTHORIZATION}</td><td>true/false</td><td>false</td></tr>
 * <tr><td>{@value #PROXY_MAX_BODY_SIZE}</td><td>bytes</td><td>1048576</td></tr>
 * <tr><td>{@value #PROXY_FORWARD_METHOD_AND_QUERY}</td><td>true/false: fetch with the request's method and query, uncached</td><td>false</td></tr>
 * <tr><td>{@value #PROXY_CACHE_TTL}</td><td>duration, 1ms to 1h</td><td>5s</td></tr>
 * <tr><td>{@value #PROXY_CACHE_SIZE}</td><td>1–100000 entries</td><td>256</td></tr>
 * <tr><td>{@value #PROXY_MISS_WAIT}</td><td>duration, 0 to the read time-out</td><td>100ms</td></tr>
 * <tr><td>{@value #BYPASS_SECRET}</td><td>16–256 letters, digits, {@code - . _ ~}, or {@code env:NAME} to read it from an environment variable</td><td>none (no bypass)</td></tr>
 * <tr><td>{@value #BYPASS_PATH}</td><td>path under which the secret URL lies</td><td>/ (the URL is {@code /<secret>})</td></tr>
 * <tr><td>{@value #BYPASS_COOKIE_NAME}</td><td>letters, digits, {@code -}, {@code _}</td><td>maintenance_bypass</td></tr>
 * <tr><td>{@value #BYPASS_TTL}</td><td>duration, 1s to 30d</td><td>12h</td></tr>
 * <tr><td>{@value #BYPASS_ROLES}</td><td>comma list of roles, any of which passes ({@code request.isUserInRole});
 * the authentication must run before the filter</td><td>none</td></tr>
 * <tr><td>{@value #BYPASS_AUTHENTICATED}</td><td>true/false: every authenticated request
 * ({@code getUserPrincipal() != null}) passes; the authentication must run before the filter</td><td>false</td></tr>
 * <tr><td>{@value #REDIRECT_URL}</td><td>path within the application or absolute http(s) URL</td><td>none (serve the page)</td></tr>
 * <tr><td>{@value #REDIRECT_STATUS}</td><td>302 or 307</td><td>302</td></tr>
 * <tr><td>{@value #JMX}</td><td>true/false: register the controller's MBean in the platform MBean server as {@code io.github.maintenance:type=Maintenance,name=<instance name>} (see {@link MaintenanceConfig.Builder#jmx(boolean)})</td><td>false</td></tr>
 * <tr><td>{@value #WEBHOOK_URLS}</td><td>comma-separated http(s) URLs to post every change and alert to, checked like page URLs</td><td>none</td></tr>
 * <tr><td>{@value #WEBHOOK_SECRET}</td><td>the HMAC-SHA256 signing secret ({@code whsec_…} Base64 or plain text); required unless {@value #WEBHOOK_UNSIGNED}</td><td>none</td></tr>
 * <tr><td>{@value #WEBHOOK_UNSIGNED}</td><td>true/false: post without a signature</td><td>false</td></tr>
 * <tr><td>{@value #WEBHOOK_FORMAT}</td><td>{@code json} or {@code slack} (one {@code text} field)</td><td>json</td></tr>
 * <tr><td>{@value #ALERT_LONGER_THAN}</td><td>duration: alert when a route stays in maintenance longer</td><td>none</td></tr>
 * <tr><td>{@value #ALERT_HITS_PER_MINUTE}</td><td>alert when a route's maintenance hits pass this many per minute</td><td>none</td></tr>
 * <tr><td>{@value #CONTROLLER_ATTRIBUTE}</td><td>name of a servlet-context attribute holding a controller to use</td><td>none (the filter creates one)</td></tr>
 * </table>
 */
public final class InitParameters {

    /** The routes to declare, separated by {@code ;}: {@code id path=… domains=… priority=… exempt=…}. */
    public static final String ROUTES = "routes";
    /** The target put into maintenance at start: {@code ALL}, route ids, a {@code /path} or a domain. */
    public static final String MAINTENANCE = "maintenance";
    /** The status of the maintenance page, 200–599 (default 503). */
    public static final String STATUS_CODE = "statusCode";
    /** The {@code Retry-After} of the maintenance page, a duration (default 300s). */
    public static final String RETRY_AFTER = "retryAfter";
    /** The {@code Retry-After} of requests rejected while draining, a duration (default 60s). */
    public static final String DRAIN_RETRY_AFTER = "drainRetryAfter";
    /** How a drain's rejections grow over its period: {@code standard} or {@code linear}. */
    public static final String DRAIN_POLICY = "drainPolicy";
    /** What a route does once drained: {@code keep-rejecting} or {@code maintenance}. */
    public static final String AFTER_DRAIN = "afterDrain";
    /** The circuit breaker: {@code off}, {@code on} or {@code failures=5,window=60s,open=30s,successes=2}. */
    public static final String CIRCUIT_BREAKER = "circuitBreaker";
    /** Whether to count requests per route, {@code true} or {@code false} (default false). */
    public static final String DETAILED_STATISTICS = "detailedStatistics";
    /** Whether to count the requests in the application per route, {@code true} or {@code false} (default false). */
    public static final String TRACK_IN_FLIGHT = "trackInFlight";
    /** How many past maintenance windows to keep, 0–10000 (default 100). */
    public static final String HISTORY_SIZE = "historySize";
    /** After how long in maintenance a route is reported as stuck, a duration; 0 or {@code off} turns it off (default 24h). */
    public static final String STUCK_AFTER = "stuckAfter";
    /** How long a maintenance without an end may last, a duration; 0 or {@code off} = no limit (the default). */
    public static final String MAX_DURATION = "maxDuration";
    /** How often the instance publishes its cluster report, 1s to 10m (default 5s). */
    public static final String CLUSTER_HEARTBEAT = "clusterHeartbeat";
    /** The title of the built-in maintenance page. */
    public static final String PAGE_TITLE = "pageTitle";
    /** The message of the built-in maintenance page. */
    public static final String PAGE_MESSAGE = "pageMessage";
    /** How often the page reloads itself, a duration; 0 turns it off (default 30s). */
    public static final String PAGE_REFRESH = "pageRefresh";
    /** The page template: a file path or {@code classpath:name} (default the built-in one). */
    public static final String PAGE_TEMPLATE = "pageTemplate";
    /** Named page templates for the {@code template} option of an entry: {@code name=path-or-classpath:name, ...}. */
    public static final String TEMPLATES = "templates";
    /** The hosts page URLs may name, comma-separated, {@code *.suffix} allowed (default any). */
    public static final String PAGE_URL_ALLOWED_HOSTS = "pageUrlAllowedHosts";
    /** Path prefixes that are never put into maintenance, comma-separated. */
    public static final String EXEMPT_PATHS = "exemptPaths";
    /** Whether {@code /robots.txt} is never blocked: {@code true} (default) or {@code false}. */
    public static final String EXEMPT_ROBOTS_TXT = "exemptRobotsTxt";
    /** Client addresses or CIDRs that pass through maintenance, comma-separated. */
    public static final String ALLOWED_IPS = "allowedIps";
    /** Addresses or CIDRs of the proxies whose forwarded header is believed, comma-separated. */
    public static final String TRUSTED_PROXIES = "trustedProxies";
    /** The header trusted proxies set: {@code X-Forwarded-For} (default), {@code Forwarded} or {@code none}. */
    public static final String FORWARDED_HEADER = "forwardedHeader";
    /** A readiness path: JSON {@code status}, 503 while the whole application drains, else 200. */
    public static final String READINESS_PATH = "readinessPath";
    /** The page proxy's connect time-out, a duration (default 2s). */
    public static final String PROXY_CONNECT_TIMEOUT = "proxyConnectTimeout";
    /** The page proxy's read time-out, a duration (default 5s). */
    public static final String PROXY_READ_TIMEOUT = "proxyReadTimeout";
    /** Whether the page proxy answers with the upstream status instead of the configured one. */
    public static final String PROXY_PASS_STATUS = "proxyPassStatus";
    /** Whether the page proxy forwards the client's {@code Cookie} header upstream. */
    public static final String PROXY_FORWARD_COOKIES = "proxyForwardCookies";
    /** Whether the page proxy forwards the client's {@code Authorization} header upstream. */
    public static final String PROXY_FORWARD_AUTHORIZATION = "proxyForwardAuthorization";
    /** The largest upstream page body the proxy accepts, in bytes (default 1048576). */
    public static final String PROXY_MAX_BODY_SIZE = "proxyMaxBodySize";
    /** Whether the page proxy fetches with the request's method and query, uncached. */
    public static final String PROXY_FORWARD_METHOD_AND_QUERY = "proxyForwardMethodAndQuery";
    /** How long the page proxy caches a page, 1ms to 1h (default 5s). */
    public static final String PROXY_CACHE_TTL = "proxyCacheTtl";
    /** How many pages the page proxy caches, 1–100000 (default 256). */
    public static final String PROXY_CACHE_SIZE = "proxyCacheSize";
    /** How long a request waits for another's fetch of the same page, 0 to the read time-out (default 100ms). */
    public static final String PROXY_MISS_WAIT = "proxyMissWait";
    /** Address classes page URLs may not reach, comma-separated: {@code loopback}, {@code private}. */
    public static final String PAGE_URL_DENY = "pageUrlDeny";
    /** A servlet-context attribute holding an existing controller to use instead of creating one. */
    public static final String CONTROLLER_ATTRIBUTE = "controllerAttribute";
    /** The page's languages, comma-separated language tags, the default first. */
    public static final String PAGE_LANGUAGES = "pageLanguages";
    /** A properties file ({@code de.title=…}) of translated page texts: a path or {@code classpath:name}. */
    public static final String PAGE_TEXTS = "pageTexts";
    /** Further page messages to rotate through, separated by {@code |}. */
    public static final String PAGE_MESSAGES = "pageMessages";
    /** How often the page rotates its messages, 1s to 1h (default 8s). */
    public static final String PAGE_ROTATE_INTERVAL = "pageRotateInterval";
    /** Whether the page also sends a {@code Refresh} header. */
    public static final String PAGE_REFRESH_HEADER = "pageRefreshHeader";
    /** The secret of the bypass URL: 16–256 of letters, digits, {@code - . _ ~}, or {@code env:NAME}. */
    public static final String BYPASS_SECRET = "bypassSecret";
    /** The path under which the bypass URL lies (default {@code /}). */
    public static final String BYPASS_PATH = "bypassPath";
    /** The name of the bypass cookie (default {@code maintenance_bypass}). */
    public static final String BYPASS_COOKIE_NAME = "bypassCookieName";
    /** How long a bypass cookie is valid, 1s to 30d (default 12h). */
    public static final String BYPASS_TTL = "bypassTtl";
    /** Roles of which any lets a request pass, comma-separated ({@code request.isUserInRole}). */
    public static final String BYPASS_ROLES = "bypassRoles";
    /** Whether every authenticated request passes: {@code true} or {@code false} (default). */
    public static final String BYPASS_AUTHENTICATED = "bypassAuthenticated";
    /** Redirect to this path or absolute http(s) URL instead of serving the page. */
    public static final String REDIRECT_URL = "redirectUrl";
    /** The status of the redirect, 302 (default) or 307; needs {@link #REDIRECT_URL}. */
    public static final String REDIRECT_STATUS = "redirectStatus";
    /** Extra requests passing in read-only maintenance: {@code METHOD /path-prefix} pairs, comma-separated. */
    public static final String READ_ONLY_ALLOW = "readOnlyAllow";
    /** {@code date} (default): {@code Retry-After} is the known end as an IMF-fixdate; {@code seconds}: always seconds. */
    public static final String RETRY_AFTER_FORMAT = "retryAfterFormat";
    /** The most requests a hold parks at once, 1 to 100000 (default 1000). */
    public static final String HOLD_MAX_REQUESTS = "holdMaxRequests";
    /** How long a hold parks a request when the maintenance entry gives none, 1s to 5m (default 30s). */
    public static final String HOLD_TIMEOUT = "holdTimeout";
    /** Origins whose scripts may read the filter's own responses, comma-separated, or {@code *}. */
    public static final String CORS_ALLOWED_ORIGINS = "corsAllowedOrigins";
    /** Whether listed origins also get {@code Access-Control-Allow-Credentials: true} (default false). */
    public static final String CORS_ALLOW_CREDENTIALS = "corsAllowCredentials";
    /** The path of the JSON status endpoint for front ends (default none). */
    public static final String STATUS_PATH = "statusPath";
    /** How long answers of the status endpoint may be cached, 0 to 1h (default 5s). */
    public static final String STATUS_MAX_AGE = "statusMaxAge";
    /** Whether to register the controller's MBean in the platform MBean server. */
    public static final String JMX = "jmx";
    /** Webhook URLs to post changes and alerts to, comma-separated. */
    public static final String WEBHOOK_URLS = "webhookUrls";
    /** The webhooks' signing secret. */
    public static final String WEBHOOK_SECRET = "webhookSecret";
    /** Whether webhooks are posted without a signature. */
    public static final String WEBHOOK_UNSIGNED = "webhookUnsigned";
    /** The webhooks' body format: json or slack. */
    public static final String WEBHOOK_FORMAT = "webhookFormat";
    /** Alert when a route stays in maintenance longer than this duration. */
    public static final String ALERT_LONGER_THAN = "alertLongerThan";
    /** Alert when a route's maintenance hits per minute pass this number. */
    public static final String ALERT_HITS_PER_MINUTE = "alertHitsPerMinute";

    /** Parameters that configure the filter. */
    static final Set<String> FILTER_KEYS = Set.of(STATUS_CODE, EXEMPT_PATHS, EXEMPT_ROBOTS_TXT, ALLOWED_IPS, TRUSTED_PROXIES,
            FORWARDED_HEADER, READINESS_PATH, PROXY_CONNECT_TIMEOUT, PROXY_READ_TIMEOUT, PROXY_PASS_STATUS, PROXY_FORWARD_COOKIES,
            PROXY_FORWARD_AUTHORIZATION, PROXY_MAX_BODY_SIZE, PROXY_FORWARD_METHOD_AND_QUERY, PROXY_CACHE_TTL,
            PROXY_CACHE_SIZE, PROXY_MISS_WAIT, CONTROLLER_ATTRIBUTE, BYPASS_SECRET, BYPASS_PATH,
            BYPASS_COOKIE_NAME, BYPASS_TTL, REDIRECT_URL, REDIRECT_STATUS, READ_ONLY_ALLOW,
            RETRY_AFTER_FORMAT, HOLD_MAX_REQUESTS, HOLD_TIMEOUT,
            BYPASS_ROLES, BYPASS_AUTHENTICATED,
            CORS_ALLOWED_ORIGINS, CORS_ALLOW_CREDENTIALS, STATUS_PATH, STATUS_MAX_AGE);

    /** Parameters that configure the controller the filter creates. */
    static final Set<String> CONTROLLER_KEYS = Set.of(ROUTES, MAINTENANCE, RETRY_AFTER, DRAIN_RETRY_AFTER,
            DRAIN_POLICY, AFTER_DRAIN, CIRCUIT_BREAKER, DETAILED_STATISTICS, HISTORY_SIZE, PAGE_TITLE, PAGE_MESSAGE,
            PAGE_REFRESH, PAGE_TEMPLATE, PAGE_URL_ALLOWED_HOSTS, PAGE_URL_DENY, PAGE_LANGUAGES, PAGE_TEXTS,
            PAGE_MESSAGES, PAGE_ROTATE_INTERVAL, PAGE_REFRESH_HEADER, JMX,
            STUCK_AFTER, MAX_DURATION, CLUSTER_HEARTBEAT, TRACK_IN_FLIGHT, TEMPLATES, WEBHOOK_URLS, WEBHOOK_SECRET, WEBHOOK_UNSIGNED,
            WEBHOOK_FORMAT, ALERT_LONGER_THAN, ALERT_HITS_PER_MINUTE);

    private final FilterSettings filterSettings;
    private final MaintenanceConfig controllerConfig;
    private final Target initialMaintenance;
    private final String controllerAttribute;
    private final NotifyParameters notify;

    private InitParameters(FilterSettings filterSettings, MaintenanceConfig controllerConfig, Target initial,
            String controllerAttribute, NotifyParameters notify) {
        this.notify = notify;
        this.filterSettings = filterSettings;
        this.controllerConfig = controllerConfig;
        this.initialMaintenance = initial;
        this.controllerAttribute = controllerAttribute;
    }

    /** {@return the filter's settings} */
    public FilterSettings filterSettings() {
        return filterSettings;
    }

    /** {@return the configuration of the controller to create, or {@code null} when one is looked up} */
    public MaintenanceConfig controllerConfig() {
        return controllerConfig;
    }

    /** {@return the target to put into maintenance at start, or {@code null}} */
    public Target initialMaintenance() {
        return initialMaintenance;
    }

    /** {@return the webhook notifications to attach to the controller the filter creates} */
    NotifyParameters notifications() {
        return notify;
    }

    /** {@return the servlet-context attribute naming an existing controller, or {@code null}} */
    public String controllerAttribute() {
        return controllerAttribute;
    }

    /**
     * Parses init-parameters.
     *
     * @param params the init-parameters by name
     * @param loader class loader for {@code classpath:} templates
     * @return the filter settings and either the controller's configuration or the attribute naming one
     * @throws MaintenanceException naming the first bad parameter
     */
    public static InitParameters parse(Map<String, String> params, ClassLoader loader) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String k : params.keySet()) {
            if (!FILTER_KEYS.contains(k) && !CONTROLLER_KEYS.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(FILTER_KEYS);
            known.addAll(CONTROLLER_KEYS);
            known.sort(null);
            throw new MaintenanceException("unknown init-parameter(s) " + unknown + "; known are " + known);
        }
        String attribute = trimmed(params.get(CONTROLLER_ATTRIBUTE));
        if (attribute != null) {
            Set<String> ignored = new LinkedHashSet<>(params.keySet());
            ignored.retainAll(CONTROLLER_KEYS);
            if (!ignored.isEmpty()) {
                throw new MaintenanceException("init-parameter(s) " + ignored + " configure a controller, but "
                        + CONTROLLER_ATTRIBUTE + " names an existing one; configure that controller instead");
            }
        }

        FilterSettings.Builder fb = FilterSettings.custom();
        String v;
        if ((v = trimmed(params.get(STATUS_CODE))) != null) {
            fb.statusCode(parseInt(STATUS_CODE, v));
        }
        fb.exemptPaths(list(params.get(EXEMPT_PATHS)).toArray(String[]::new));
        fb.exemptRobotsTxt(bool(params, EXEMPT_ROBOTS_TXT, true));
        fb.allowedIps(list(params.get(ALLOWED_IPS)).toArray(String[]::new));
        fb.trustedProxies(list(params.get(TRUSTED_PROXIES)).toArray(String[]::new));
        if ((v = trimmed(params.get(FORWARDED_HEADER))) != null) {
            fb.forwardedHeader(forwardedHeader(FORWARDED_HEADER, v));
        }
        fb.readinessPath(trimmed(params.get(READINESS_PATH)));
        fb.readOnlyAllow(trimmed(params.get(READ_ONLY_ALLOW)));
        if ((v = trimmed(params.get(HOLD_MAX_REQUESTS))) != null) {
            fb.holdMaxRequests(parseInt(HOLD_MAX_REQUESTS, v));
        }
        if (params.containsKey(HOLD_TIMEOUT)) {
            fb.holdTimeout(duration(params, HOLD_TIMEOUT, null));
        }
        if ((v = trimmed(params.get(RETRY_AFTER_FORMAT))) != null) {
            if (!v.equals("date") && !v.equals("seconds")) {
                throw MaintenanceErrors.invalidConfig(RETRY_AFTER_FORMAT, v, "expected date or seconds");
            }
            fb.retryAfterAsDate(v.equals("date"));
        }
        // Front ends: CORS and the status endpoint.
        fb.corsAllowedOrigins(list(params.get(CORS_ALLOWED_ORIGINS)).toArray(String[]::new));
        fb.corsAllowCredentials(bool(params, CORS_ALLOW_CREDENTIALS, false));
        fb.statusPath(trimmed(params.get(STATUS_PATH)));
        if (params.containsKey(STATUS_MAX_AGE)) {
            fb.statusMaxAge(duration(params, STATUS_MAX_AGE, null));
        }
        ProxySettings d = ProxySettings.ofDefaults();
        fb.proxy(new ProxySettings(
                duration(params, PROXY_CONNECT_TIMEOUT, d.connectTimeout()),
                duration(params, PROXY_READ_TIMEOUT, d.readTimeout()),
                bool(params, PROXY_PASS_STATUS, d.passUpstreamStatus()),
                bool(params, PROXY_FORWARD_COOKIES, d.forwardCookies()),
                bool(params, PROXY_FORWARD_AUTHORIZATION, d.forwardAuthorization()),
                (v = trimmed(params.get(PROXY_MAX_BODY_SIZE))) == null ? d.maxBodyBytes()
                        : parseInt(PROXY_MAX_BODY_SIZE, v),
                bool(params, PROXY_FORWARD_METHOD_AND_QUERY, d.forwardMethodAndQuery()),
                duration(params, PROXY_CACHE_TTL, d.cacheTtl()),
                (v = trimmed(params.get(PROXY_CACHE_SIZE))) == null ? d.maxCacheEntries()
                        : parseInt(PROXY_CACHE_SIZE, v),
                duration(params, PROXY_MISS_WAIT, d.missWait())));
        if ((v = trimmed(params.get(BYPASS_SECRET))) != null) {
            fb.bypassSecret(secret(v));
        } else {
            for (String k : List.of(BYPASS_PATH, BYPASS_COOKIE_NAME, BYPASS_TTL)) {
                if (params.containsKey(k)) {
                    throw MaintenanceErrors.invalidConfig(k, params.get(k), "needs " + BYPASS_SECRET);
                }
            }
        }
        if ((v = trimmed(params.get(BYPASS_PATH))) != null) {
            fb.bypassPath(v);
        }
        if ((v = trimmed(params.get(BYPASS_COOKIE_NAME))) != null) {
            fb.bypassCookieName(v);
        }
        if (params.containsKey(BYPASS_TTL)) {
            fb.bypassTtl(duration(params, BYPASS_TTL, null));
        }
        fb.bypassRoles(list(params.get(BYPASS_ROLES)).toArray(String[]::new));
        fb.bypassAuthenticated(bool(params, BYPASS_AUTHENTICATED, false));
        if ((v = trimmed(params.get(REDIRECT_URL))) != null) {
            String status = trimmed(params.get(REDIRECT_STATUS));
            fb.redirect(v, status == null ? RedirectTarget.DEFAULT_STATUS : parseInt(REDIRECT_STATUS, status));
        } else if (params.containsKey(REDIRECT_STATUS)) {
            throw MaintenanceErrors.invalidConfig(REDIRECT_STATUS, params.get(REDIRECT_STATUS), "needs " + REDIRECT_URL);
        }
        FilterSettings filterSettings = fb.build();

        if (attribute != null) {
            return new InitParameters(filterSettings, null, null, attribute, NotifyParameters.NONE);
        }

        MaintenanceConfig.Builder cb = MaintenanceConfig.custom();
        List<Route> routes = parseRoutes(params.get(ROUTES));
        cb.routes(routes);
        if (params.containsKey(RETRY_AFTER)) {
            cb.retryAfter(duration(params, RETRY_AFTER, null));
        }
        if (params.containsKey(DRAIN_RETRY_AFTER)) {
            cb.drainRetryAfter(duration(params, DRAIN_RETRY_AFTER, null));
        }
        if ((v = trimmed(params.get(DRAIN_POLICY))) != null) {
            try {
                cb.drainPolicy(DrainPolicy.named(v));
            } catch (MaintenanceException e) {
                throw MaintenanceErrors.invalidConfig(DRAIN_POLICY, v, "expected standard or linear");
            }
        }
        if ((v = trimmed(params.get(AFTER_DRAIN))) != null) {
            cb.afterDrain(switch (v) {
                case "keep-rejecting" -> AfterDrain.KEEP_REJECTING;
                case "maintenance" -> AfterDrain.ENTER_MAINTENANCE;
                default -> throw MaintenanceErrors.invalidConfig(AFTER_DRAIN, v, "expected keep-rejecting or maintenance");
            });
        }
        if ((v = trimmed(params.get(CIRCUIT_BREAKER))) != null) {
            if (v.equals("on")) {
                cb.circuitBreaker(CircuitBreakerConfig.ofDefaults());
            } else if (!v.equals("off")) {
                cb.circuitBreaker(CircuitBreakerConfig.parse(v));
            }
        }
        cb.detailedStatistics(bool(params, DETAILED_STATISTICS, false));
        cb.trackInFlight(bool(params, TRACK_IN_FLIGHT, false));
        cb.jmx(bool(params, JMX, false));
        if ((v = trimmed(params.get(HISTORY_SIZE))) != null) {
            cb.historySize(parseInt(HISTORY_SIZE, v));
        }
        if ((v = trimmed(params.get(STUCK_AFTER))) != null) {
            cb.stuckAfter(v.equals("off") ? Duration.ZERO : duration(params, STUCK_AFTER, null));
        }
        if (trimmed(params.get(CLUSTER_HEARTBEAT)) != null) {
            cb.clusterHeartbeat(duration(params, CLUSTER_HEARTBEAT, null));
        }
        if ((v = trimmed(params.get(MAX_DURATION))) != null) {
            cb.maxDuration(v.equals("off") ? Duration.ZERO : duration(params, MAX_DURATION, null));
        }
        PageSettings page = PageSettings.ofDefaults();
        if ((v = params.get(PAGE_TITLE)) != null) {
            page = page.withTitle(v.trim());
        }
        if ((v = params.get(PAGE_MESSAGE)) != null) {
            page = page.withMessage(v.trim());
        }
        if (params.containsKey(PAGE_REFRESH)) {
            page = page.withRefresh(duration(params, PAGE_REFRESH, null));
        }
        if ((v = trimmed(params.get(PAGE_TEMPLATE))) != null) {
            page = page.withTemplate(v.startsWith("classpath:")
                    ? PageTemplate.fromClasspath(v.substring("classpath:".length()), loader)
                    : PageTemplate.fromFile(Path.of(v)));
        }
        page = pageOptions(params, page, loader);
        cb.pageSettings(page);
        cb.pageTemplates(templates(TEMPLATES, params.get(TEMPLATES), loader));
        List<String> hosts = list(params.get(PAGE_URL_ALLOWED_HOSTS));
        UrlPolicy.Builder policy = UrlPolicy.custom().allowHosts(new HashSet<>(hosts));
        for (String deny : list(params.get(PAGE_URL_DENY))) {
            switch (deny) {
                case "loopback" -> policy.denyLoopback();
                case "private" -> policy.denyPrivate();
                default -> throw MaintenanceErrors.invalidConfig(PAGE_URL_DENY, params.get(PAGE_URL_DENY),
                        "expected a comma list of loopback, private");
            }
        }
        cb.urlPolicy(policy.build());
        Target initial = null;
        if ((v = trimmed(params.get(MAINTENANCE))) != null) {
            try {
                initial = Target.parse(v);
            } catch (MaintenanceException e) {
                throw MaintenanceErrors.invalidConfig(MAINTENANCE, v, e.getMessage());
            }
        }
        NotifyParameters notify = NotifyParameters.parse(params);
        return new InitParameters(filterSettings, cb.build(), initial, null, notify);
    }

    /** The page options beyond title, message, refresh and template. */
    private static PageSettings pageOptions(Map<String, String> params, PageSettings base, ClassLoader loader) {
        PageSettings page = base;
        String v;
        PageTexts texts = PageTexts.empty();
        if ((v = trimmed(params.get(PAGE_TEXTS))) != null) {
            texts = v.startsWith("classpath:") ? PageTexts.fromClasspath(v.substring("classpath:".length()), loader)
                    : PageTexts.fromFile(Path.of(v));
            page = page.withTexts(texts);
        }
        if ((v = trimmed(params.get(PAGE_LANGUAGES))) != null) {
            page = page.withLanguages(list(v));
        } else if (!texts.isEmpty()) {
            page = page.withLanguages(languagesWith(texts));
        }
        if ((v = params.get(PAGE_MESSAGES)) != null) {
            List<String> messages = new ArrayList<>();
            for (String m : v.split("\\|")) {
                if (!m.isBlank()) {
                    messages.add(m.trim());
                }
            }
            page = page.withExtraMessages(messages);
        }
        if (params.containsKey(PAGE_ROTATE_INTERVAL)) {
            page = page.withRotateInterval(duration(params, PAGE_ROTATE_INTERVAL, null));
        }
        return page.withRefreshHeader(bool(params, PAGE_REFRESH_HEADER, false));
    }

}
