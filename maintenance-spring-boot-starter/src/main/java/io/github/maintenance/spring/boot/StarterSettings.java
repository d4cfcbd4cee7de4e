package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.servlet.InitParameters;
import io.github.maintenance.servlet.dashboard.DashboardSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link MaintenanceProperties} into the filter's init-parameters and parses them with
 * {@link InitParameters}, the parser {@code web.xml} users have, so both accept and refuse the
 * same values. A refusal names the property ({@code maintenance.status-code}), not the
 * init-parameter.
 */
final class StarterSettings {

    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INVALID_VALUE = Pattern.compile("invalid value for '([^']*)': '(.*)' \\((.*)\\)",
            Pattern.DOTALL);

    /** Init-parameter name to property name, filled while the parameters are written. */
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();

    private StarterSettings() {
    }

    /**
     * The parsed settings of {@code properties} with {@code extraExemptPaths} added to the exempt
     * paths.
     *
     * @throws InvalidConfigurationPropertyValueException naming the first bad property
     */
    static InitParameters parse(MaintenanceProperties properties, List<String> extraExemptPaths, ClassLoader loader) {
        StarterSettings s = new StarterSettings();
        s.write(properties, extraExemptPaths);
        return s.translated(() -> InitParameters.parse(s.params, loader));
    }

    /**
     * The dashboard's settings.
     *
     * @throws InvalidConfigurationPropertyValueException naming the first bad property
     */
    static DashboardSettings dashboard(MaintenanceProperties properties) {
        DashboardProperties d = properties.getDashboard();
        StarterSettings s = new StarterSettings();
        String prefix = "maintenance.dashboard.";
        if (!d.getTokens().isEmpty()) {
            s.put(DashboardSettings.TOKEN, prefix + "tokens", String.join(",", d.getTokens()));
        }
        if (d.getTokenFile() != null) {
            s.put(DashboardSettings.TOKEN_FILE, prefix + "token-file", d.getTokenFile().toString());
        }
        s.put(DashboardSettings.NAMED_TOKENS, prefix + "named-tokens", namedTokens(prefix + "named-tokens",
                d.getNamedTokens()));
        s.put(DashboardSettings.ALLOW_LOOPBACK, prefix + "allow-loopback", String.valueOf(d.isAllowLoopback()));
        s.put(DashboardSettings.TITLE, prefix + "title", d.getTitle());
        s.put(DashboardSettings.MAX_STREAMS, prefix + "max-streams", String.valueOf(d.getMaxStreams()));
        s.put(DashboardSettings.HEARTBEAT, prefix + "heartbeat", duration(d.getHeartbeat()));
        s.put(DashboardSettings.STREAM_TIMEOUT, prefix + "stream-timeout", duration(d.getStreamTimeout()));
        s.list(DashboardSettings.TRUSTED_PROXIES, "maintenance.trusted-proxies", properties.getTrustedProxies());
        s.put(DashboardSettings.FORWARDED_HEADER, "maintenance.forwarded-header",
                forwardedHeader(properties.getForwardedHeader()));
        return s.translated(() -> DashboardSettings.fromInitParameters(s.params));
    }

    private void write(MaintenanceProperties p, List<String> extraExemptPaths) {
        put(InitParameters.ROUTES, "maintenance.routes", routes(p.getRoutes()));
        put(InitParameters.MAINTENANCE, "maintenance.initial-target", p.getInitialTarget());
        put(InitParameters.STATUS_CODE, "maintenance.status-code", String.valueOf(p.getStatusCode()));
        put(InitParameters.RETRY_AFTER, "maintenance.retry-after", duration(p.getRetryAfter()));
        put(InitParameters.RETRY_AFTER_FORMAT, "maintenance.retry-after-format", kebab(p.getRetryAfterFormat()));
        put(InitParameters.DRAIN_RETRY_AFTER, "maintenance.drain-retry-after", duration(p.getDrainRetryAfter()));
        put(InitParameters.DRAIN_POLICY, "maintenance.drain-policy", kebab(p.getDrainPolicy()));
        put(InitParameters.AFTER_DRAIN, "maintenance.after-drain", kebab(p.getAfterDrain()));
        put(InitParameters.CIRCUIT_BREAKER, "maintenance.circuit-breaker", circuitBreaker(p.getCircuitBreaker()));
        put(InitParameters.DETAILED_STATISTICS, "maintenance.detailed-statistics",
                String.valueOf(p.isDetailedStatistics()));
        put(InitParameters.JMX, "maintenance.jmx", String.valueOf(p.isJmx()));
        put(InitParameters.TRACK_IN_FLIGHT, "maintenance.track-in-flight", String.valueOf(p.isTrackInFlight()));
        put(InitParameters.HISTORY_SIZE, "maintenance.history-size", String.valueOf(p.getHistorySize()));
        put(InitParameters.STUCK_AFTER, "maintenance.stuck-after", duration(p.getStuckAfter()));
        put(InitParameters.MAX_DURATION, "maintenance.max-duration", duration(p.getMaxDuration()));
        writePage(p.getPage());
        List<String> exempt = new ArrayList<>(p.getExemptPaths());
        exempt.addAll(extraExemptPaths);
        list(InitParameters.EXEMPT_PATHS, "maintenance.exempt-paths", exempt);
        put(InitParameters.EXEMPT_ROBOTS_TXT, "maintenance.exempt-robots-txt", String.valueOf(p.isExemptRobotsTxt()));
        list(InitParameters.ALLOWED_IPS, "maintenance.allowed-ips", p.getAllowedIps());
        list(InitParameters.TRUSTED_PROXIES, "maintenance.trusted-proxies", p.getTrustedProxies());
        put(InitParameters.FORWARDED_HEADER, "maintenance.forwarded-header", forwardedHeader(p.getForwardedHeader()));
        put(InitParameters.READINESS_PATH, "maintenance.readiness-path", p.getReadinessPath());
        list(InitParameters.READ_ONLY_ALLOW, "maintenance.read-only.allow", p.getReadOnly().getAllow());
        put(InitParameters.HOLD_MAX_REQUESTS, "maintenance.hold.max-requests",
                String.valueOf(p.getHold().getMaxRequests()));
        put(InitParameters.HOLD_TIMEOUT, "maintenance.hold.timeout", duration(p.getHold().getTimeout()));
        writeProxy(p.getProxy());
        writeFrontEnd(p.getCors(), p.getStatusEndpoint());
        BypassProperties bypass = p.getBypass();
        if (bypass.getSecret() != null) {
            put(InitParameters.BYPASS_SECRET, "maintenance.bypass.secret", bypass.getSecret());
            put(InitParameters.BYPASS_PATH, "maintenance.bypass.path", bypass.getPath());
            put(InitParameters.BYPASS_COOKIE_NAME, "maintenance.bypass.cookie-name", bypass.getCookieName());
            put(InitParameters.BYPASS_TTL, "maintenance.bypass.ttl", duration(bypass.getTtl()));
        }
        list(InitParameters.BYPASS_ROLES, "maintenance.bypass.roles", bypass.getRoles());
        put(InitParameters.BYPASS_AUTHENTICATED, "maintenance.bypass.authenticated",
                String.valueOf(bypass.isAuthenticated()));
        RedirectProperties redirect = p.getRedirect();
        if (redirect.getUrl() != null) {
            put(InitParameters.REDIRECT_URL, "maintenance.redirect.url", redirect.getUrl());
            put(InitParameters.REDIRECT_STATUS, "maintenance.redirect.status", String.valueOf(redirect.getStatus()));
        }
    }

    private void writePage(PageProperties page) {
        String prefix = "maintenance.page.";
        put(InitParameters.PAGE_TITLE, prefix + "title", page.getTitle());
        put(InitParameters.PAGE_MESSAGE, prefix + "message", page.getMessage());
        put(InitParameters.PAGE_REFRESH, prefix + "refresh", duration(page.getRefresh()));
        put(InitParameters.PAGE_TEMPLATE, prefix + "template", page.getTemplate());
        put(InitParameters.TEMPLATES, prefix + "templates", templates(prefix + "templates", page.getTemplates()));
        list(InitParameters.PAGE_LANGUAGES, prefix + "languages", page.getLanguages());
        put(InitParameters.PAGE_TEXTS, prefix + "texts", page.getTexts());
        for (String m : page.getMessages()) {
            if (m != null && m.contains("|")) {
                throw new InvalidConfigurationPropertyValueException(prefix + "messages", m, "a message may not contain '|'");
            }
        }
        if (!page.getMessages().isEmpty()) {
            put(InitParameters.PAGE_MESSAGES, prefix + "messages", String.join("|", page.getMessages()));
        }
        put(InitParameters.PAGE_ROTATE_INTERVAL, prefix + "rotate-interval", duration(page.getRotateInterval()));
        put(InitParameters.PAGE_REFRESH_HEADER, prefix + "refresh-header", String.valueOf(page.isRefreshHeader()));
        list(InitParameters.PAGE_URL_ALLOWED_HOSTS, prefix + "url.allowed-hosts", page.getUrl().getAllowedHosts());
        List<String> deny = new ArrayList<>();
        for (PageUrlProperties.AddressClass c : page.getUrl().getDeny()) {
            deny.add(kebab(c));
        }
        list(InitParameters.PAGE_URL_DENY, prefix + "url.deny", deny);
    }

    private void writeProxy(ProxyProperties proxy) {
        String prefix = "maintenance.proxy.";
        put(InitParameters.PROXY_CONNECT_TIMEOUT, prefix + "connect-timeout", duration(proxy.getConnectTimeout()));
        put(InitParameters.PROXY_READ_TIMEOUT, prefix + "read-timeout", duration(proxy.getReadTimeout()));
        put(InitParameters.PROXY_PASS_STATUS, prefix + "pass-status", String.valueOf(proxy.isPassStatus()));
        put(InitParameters.PROXY_FORWARD_COOKIES, prefix + "forward-cookies", String.valueOf(proxy.isForwardCookies()));
        put(InitParameters.PROXY_FORWARD_AUTHORIZATION, prefix + "forward-authorization",
                String.valueOf(proxy.isForwardAuthorization()));
        long bytes = proxy.getMaxBodySize() == null ? -1 : proxy.getMaxBodySize().toBytes();
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(prefix + "max-body-size", proxy.getMaxBodySize(),
                    "must be 0 to " + Integer.MAX_VALUE + " bytes");
        }
        put(InitParameters.PROXY_MAX_BODY_SIZE, prefix + "max-body-size", String.valueOf(bytes));
        put(InitParameters.PROXY_FORWARD_METHOD_AND_QUERY, prefix + "forward-method-and-query",
                String.valueOf(proxy.isForwardMethodAndQuery()));
        put(InitParameters.PROXY_CACHE_TTL, prefix + "cache-ttl", duration(proxy.getCacheTtl()));
        put(InitParameters.PROXY_CACHE_SIZE, prefix + "cache-size", String.valueOf(proxy.getCacheSize()));
        put(InitParameters.PROXY_MISS_WAIT, prefix + "miss-wait", duration(proxy.getMissWait()));
    }

    private void writeFrontEnd(CorsProperties cors, StatusEndpointProperties status) {
        list(InitParameters.CORS_ALLOWED_ORIGINS, "maintenance.cors.allowed-origins", cors.getAllowedOrigins());
        put(InitParameters.CORS_ALLOW_CREDENTIALS, "maintenance.cors.allow-credentials",
                String.valueOf(cors.isAllowCredentials()));
        put(InitParameters.STATUS_PATH, "maintenance.status-endpoint.path", status.getPath());
        put(InitParameters.STATUS_MAX_AGE, "maintenance.status-endpoint.max-age", duration(status.getMaxAge()));
    }

    /** The routes in the init-parameter syntax; a value that would break that syntax is refused here. */
    private static String routes(List<RouteProperties> routes) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteProperties r = routes.get(i);
            String name = "maintenance.routes[" + i + "]";
            StringBuilder e = new StringBuilder(word(name + ".id", r.getId(), true));
            if (r.getPath() != null) {
                e.append(" path=").append(word(name + ".path", r.getPath(), false));
            }
            if (!r.getDomains().isEmpty()) {
                e.append(" domains=").append(words(name + ".domains", r.getDomains()));
            }
            if (r.getPriority() != null) {
                e.append(" priority=").append(r.getPriority());
            }
            if (!r.getExemptPaths().isEmpty()) {
                e.append(" exempt=").append(words(name + ".exempt-paths", r.getExemptPaths()));
            }
            entries.add(e.toString());
        }
        return entries.isEmpty() ? null : String.join("; ", entries);
    }

    /** Named templates as {@code name=location, ...}; a name or location that would break that syntax is refused here. */
    private static String templates(String name, Map<String, String> templates) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            String property = name + "." + t.getKey();
            String location = t.getValue();
            if (location == null || location.isBlank() || location.contains(",")) {
                throw new InvalidConfigurationPropertyValueException(property, location,
                        "a file path or classpath:name, without ','");
            }
            entries.add(word(property, t.getKey(), true) + "=" + location.trim());
        }
        return entries.isEmpty() ? null : String.join(", ", entries);
    }

    /**
     * Named tokens as {@code name=token, ...}. A bad name, or a token holding ',' (which would
     * change the pairs), is refused here, naming the property; the token is never shown.
     */
    private static String namedTokens(String name, Map<String, String> tokens) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            String property = name + "." + t.getKey();
            if (!TOKEN_NAME.matcher(t.getKey()).matches()) {
                throw new InvalidConfigurationPropertyValueException(property, "(not shown)",
                        "a token name is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
            }
            String secret = t.getValue() == null ? "" : t.getValue().trim();
            if (secret.isEmpty() || secret.contains(",")) {
                throw new InvalidConfigurationPropertyValueException(property, "(not shown)",
                        secret.isEmpty() ? "a token cannot be empty" : "a token may not contain ','");
            }
            entries.add(t.getKey() + "=" + secret);
        }
        return entries.isEmpty() ? null : String.join(",", entries);
    }

    private static String words(String name, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String w = word(name, v, true);
            if (w.contains(",")) {
                throw new InvalidConfigurationPropertyValueException(name, v, "may not contain ','");
            }
            out.add(w);
        }
        return String.join(",", out);
    }

    private static String word(String name, String value, boolean noEquals) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(name, value, "is required");
        }
        String v = value.trim();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || c == ';' || (noEquals && c == '=')) {
                throw new InvalidConfigurationPropertyValueException(name, value,
                        "may not contain whitespace, ';'" + (noEquals ? " or '='" : ""));
            }
        }
        return v;
    }

    private static String circuitBreaker(CircuitBreakerProperties cb) {
        if (!cb.isEnabled()) {
            return "off";
        }
        return "failures=" + cb.getFailures() + ",window=" + duration(cb.getWindow()) + ",open="
                + duration(cb.getOpen()) + ",successes=" + cb.getSuccesses();
    }

    private static String forwardedHeader(MaintenanceProperties.ForwardedHeaderName h) {
        return switch (h) {
            case X_FORWARDED_FOR -> "X-Forwarded-For";
            case FORWARDED -> "Forwarded";
            case NONE -> "none";
        };
    }

    private static String kebab(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** ISO-8601, which {@code Durations.parse} reads; {@code null} stays unset. */
    private static String duration(Duration d) {
        return d == null ? null : d.toString();
    }

    private void put(String param, String property, String value) {
        names.put(param, property);
        if (value != null) {
            params.put(param, value);
        }
    }

    private void list(String param, String property, List<String> values) {
        names.put(param, property);
        if (values != null && !values.isEmpty()) {
            params.put(param, String.join(",", values));
        }
    }

    /** Runs a parse, turning a refusal into one that names the property. */
    private <T> T translated(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (MaintenanceException e) {
            throw translate(e);
        }
    }

    private RuntimeException translate(MaintenanceException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = INVALID_VALUE.matcher(message);
        if (m.find()) {
            String key = m.group(1);
            String property = names.get(key);
            if (property == null && key.contains(" ")) {
                property = names.get(key.substring(0, key.indexOf(' ')));
            }
            if (property != null) {
                InvalidConfigurationPropertyValueException translated =
                        new InvalidConfigurationPropertyValueException(property, m.group(2), m.group(3));
                translated.initCause(e);
                return translated;
            }
        }
        String named = message;
        for (Map.Entry<String, String> n : names.entrySet()) {
            named = named.replace("'" + n.getKey() + "'", "'" + n.getValue() + "'");
        }
        return new IllegalStateException("Invalid maintenance configuration: " + named, e);
    }
}
