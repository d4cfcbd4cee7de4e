package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.security.AttemptLimiter;
import io.github.maintenance.servlet.access.ClientAddress;
import io.github.maintenance.servlet.access.ForwardedHeader;
import io.github.maintenance.servlet.access.IpRanges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the {@link DashboardServlet}: who may read and act, and the limits of the event
 * stream. Immutable and thread-safe; build with {@link #custom()}, or from {@code web.xml}
 * init-parameters with {@link #fromInitParameters(Map)} (one parameter per builder method, same
 * name).
 *
 * <h2>Access</h2>
 * Denied by default. A request is allowed to <em>read</em> (the JSON API and the event stream)
 * when it carries {@code Authorization: Bearer <token>} with one of the configured tokens, or,
 * with {@link Builder#allowLoopback(boolean) allowLoopback}, when it comes straight from a
 * loopback address (see {@link DashboardServlet} for the exact rule). <em>Actions</em> (enter,
 * exit, drain, cancel) always need a token. Several tokens may be configured, so that one can be
 * rotated without downtime. Tokens are kept only as SHA-256 digests and compared in constant
 * time; {@link #toString()} never shows them.
 *
 * <h2>Named tokens</h2>
 * A token may carry a name ({@link Builder#token(String, String)}, init-parameter
 * {@value #NAMED_TOKENS}): changes made with it are recorded with the name as actor (in the audit
 * trail, events and the history), so that each person or tool gets a token of its own and the
 * trail tells them apart. Changes made with an unnamed token are recorded with the client's
 * address as actor.
 *
 * <table>
 * <caption>Init-parameters</caption>
 * <tr><th>name</th><th>format</th><th>default</th></tr>
 * <tr><td>{@value #TOKEN}</td><td>one token, or several separated by commas (visible ASCII, no
 *     spaces or commas, at most 1024 characters each)</td><td>none</td></tr>
 * <tr><td>{@value #TOKEN_FILE}</td><td>path of a UTF-8 file with one token per line (blank lines
 *     and lines starting with {@code #} ignored)</td><td>none</td></tr>
 * <tr><td>{@value #NAMED_TOKENS}</td><td>{@code name=token} pairs separated by commas, split at the
 *     first {@code =} (names 1–64 characters of {@code A-Z a-z 0-9 . _ -}, tokens as above); see
 *     {@link Builder#token(String, String)}</td><td>none</td></tr>
 * <tr><td>{@value #ALLOW_LOOPBACK}</td><td>true/false: loopback clients may read without a token</td><td>false</td></tr>
 * <tr><td>{@value #MAX_STREAMS}</td><td>1–10000 concurrent event streams</td><td>32</td></tr>
 * <tr><td>{@value #HEARTBEAT}</td><td>duration 1s–5m between keep-alive comments on idle streams</td><td>15s</td></tr>
 * <tr><td>{@value #STREAM_TIMEOUT}</td><td>duration after which a stream is closed (the page
 *     reconnects), at least 1s; 0 = never</td><td>30m</td></tr>
 * <tr><td>{@value #TITLE}</td><td>page title, 1–200 characters</td><td>Maintenance dashboard</td></tr>
 * <tr><td>{@value #CONTROLLER_ATTRIBUTE}</td><td>servlet-context attribute holding the controller</td>
 *     <td>{@code io.github.maintenance.MaintenanceController} (where the filter publishes its own)</td></tr>
 * <tr><td>{@value #TRUSTED_PROXIES}</td><td>comma list of addresses / CIDRs of the reverse proxies in
 *     front of the dashboard</td><td>none</td></tr>
 * <tr><td>{@value #FORWARDED_HEADER}</td><td>the header those proxies set: {@code X-Forwarded-For},
 *     {@code Forwarded} or {@code none}; the other is ignored</td><td>X-Forwarded-For</td></tr>
 * </table>
 *
 * <h2>Failed tokens</h2>
 * Wrong or malformed tokens are throttled per client source with an {@link AttemptLimiter}:
 * {@value #MAX_FAILURES_PER_MINUTE} per IPv4 address or IPv6 {@code /64} in a sliding minute, then
 * one more every {@code 60 s / }{@value #MAX_FAILURES_PER_MINUTE}; meanwhile that source gets 429
 * with {@code Retry-After} (its token is not looked at), and every other source goes on as before.
 * The client is the direct peer, or, when that is one of the {@link Builder#trustedProxies trusted
 * proxies}, the address the proxies forward (see {@link ClientAddress}), so that one attacker
 * behind a proxy does not hold back everyone behind it. At most
 * {@value #MAX_TRACKED_SOURCES} sources are tracked.
 */
public final class DashboardSettings {

    /** Init-parameter: the token(s), comma-separated. */
    public static final String TOKEN = "token";
    /** Init-parameter: a file with one token per line. */
    public static final String TOKEN_FILE = "tokenFile";
    /** Init-parameter: named tokens, comma-separated {@code name=token} pairs. */
    public static final String NAMED_TOKENS = "namedTokens";
    /** Init-parameter: whether loopback clients may read without a token. */
    public static final String ALLOW_LOOPBACK = "allowLoopback";
    /** Init-parameter: most concurrent event streams. */
    public static final String MAX_STREAMS = "maxStreams";
    /** Init-parameter: keep-alive interval of event streams. */
    public static final String HEARTBEAT = "heartbeat";
    /** Init-parameter: lifetime of one event stream. */
    public static final String STREAM_TIMEOUT = "streamTimeout";
    /** Init-parameter: the page title. */
    public static final String TITLE = "title";
    /** Init-parameter: the servlet-context attribute holding the controller. */
    public static final String CONTROLLER_ATTRIBUTE = "controllerAttribute";
    /** Init-parameter: the reverse proxies whose forwarding header is believed. */
    public static final String TRUSTED_PROXIES = "trustedProxies";
    /** Init-parameter: the forwarding header those proxies set. */
    public static final String FORWARDED_HEADER = "forwardedHeader";

    /** Failed tokens a client source may present per sliding minute. */
    public static final int MAX_FAILURES_PER_MINUTE = 20;
    /** Client sources whose failed tokens are tracked at once. */
    public static final int MAX_TRACKED_SOURCES = AttemptLimiter.DEFAULT_CAPACITY;

    /** Default of {@value #MAX_STREAMS}. */
    public static final int DEFAULT_MAX_STREAMS = 32;
    /** Default of {@value #HEARTBEAT}. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Default of {@value #STREAM_TIMEOUT}. */
    public static final Duration DEFAULT_STREAM_TIMEOUT = Duration.ofMinutes(30);
    /** Default of {@value #TITLE}. */
    public static final String DEFAULT_TITLE = "Maintenance dashboard";
    /** Tokens shorter than this are accepted but logged as weak. */
    public static final int RECOMMENDED_TOKEN_LENGTH = 16;

    static final int MAX_TOKEN_LENGTH = 1024;

    private static final Set<String> KEYS = Set.of(TOKEN, TOKEN_FILE, NAMED_TOKENS, ALLOW_LOOPBACK, MAX_STREAMS,
            HEARTBEAT, STREAM_TIMEOUT, TITLE, CONTROLLER_ATTRIBUTE, TRUSTED_PROXIES, FORWARDED_HEADER);

    private final List<DashboardTokens.Token> tokens;
    private final int shortestToken;
    private final boolean allowLoopback;
    private final int maxStreams;
    private final Duration heartbeat;
    private final Duration streamTimeout;
    private final String title;
    private final String controllerAttribute;
    private final ClientAddress clientAddress;

    private DashboardSettings(Builder b, List<DashboardTokens.Token> tokens, ClientAddress clientAddress) {
        this.tokens = tokens;
        int shortest = 0;
        for (DashboardTokens.Token t : tokens) {
            shortest = shortest == 0 ? t.length() : Math.min(shortest, t.length());
        }
        this.shortestToken = shortest;
        this.allowLoopback = b.allowLoopback;
        this.maxStreams = b.maxStreams;
        this.heartbeat = b.heartbeat;
        this.streamTimeout = b.streamTimeout;
        this.title = b.title;
        this.controllerAttribute = b.controllerAttribute;
        this.clientAddress = clientAddress;
    }

    /** {@return a builder with the defaults: no token, loopback not allowed (so every request is denied)} */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Parses {@code web.xml} init-parameters (see the table above).
     *
     * @param params the init-parameters by name
     * @return the settings
     * @throws MaintenanceException naming the first unknown parameter or bad value
     */
    public static DashboardSettings fromInitParameters(Map<String, String> params) {
        Set<String> unknown = new TreeSet<>(params.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new MaintenanceException("unknown dashboard init-parameter(s) " + unknown + "; known are "
                    + new TreeSet<>(KEYS));
        }
        Builder b = custom();
        String v;
        if ((v = params.get(TOKEN)) != null) {
            if (v.isBlank()) {
                throw MaintenanceErrors.invalidConfig(TOKEN, "", "empty; give a token or leave the parameter out");
            }
            for (String t : v.split(",", -1)) {
                b.tokens.add(t.trim(), TOKEN);
            }
        }
        if ((v = trimmed(params.get(TOKEN_FILE))) != null) {
            b.tokenFile(Path.of(v));
        }
        if ((v = params.get(NAMED_TOKENS)) != null) {
            b.tokens.addNamed(v, NAMED_TOKENS);
        }
        if ((v = trimmed(params.get(ALLOW_LOOPBACK))) != null) {
            b.allowLoopback(switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw MaintenanceErrors.invalidConfig(ALLOW_LOOPBACK, v, "expected true or false");
            });
        }
        if ((v = trimmed(params.get(MAX_STREAMS))) != null) {
            try {
                b.maxStreams(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw MaintenanceErrors.invalidConfig(MAX_STREAMS, v, "expected a whole number from 1 to 10000");
            }
        }
        if ((v = trimmed(params.get(HEARTBEAT))) != null) {
            b.heartbeat(duration(HEARTBEAT, v));
        }
        if ((v = trimmed(params.get(STREAM_TIMEOUT))) != null) {
            b.streamTimeout(duration(STREAM_TIMEOUT, v));
        }
        if ((v = params.get(TITLE)) != null) {
            b.title(v.trim());
        }
        if ((v = params.get(CONTROLLER_ATTRIBUTE)) != null) {
            b.controllerAttribute(v.trim());
        }
        if ((v = params.get(TRUSTED_PROXIES)) != null) {
            b.trustedProxies(v.split(",", -1));
        }
        if ((v = trimmed(params.get(FORWARDED_HEADER))) != null) {
            try {
                b.forwardedHeader(ForwardedHeader.parse(v));
            } catch (IllegalArgumentException e) {
                throw MaintenanceErrors.invalidConfig(FORWARDED_HEADER, v, e.getMessage());
            }
        }
        return b.build();
    }

    /** {@return whether at least one token is configured (without one, no action is ever allowed)} */
    public boolean hasTokens() {
        return !tokens.isEmpty();
    }

    /** {@return number of configured tokens, named or not} */
    public int tokenCount() {
        return tokens.size();
    }

    /** {@return the names of the named tokens, in the order given} */
    public List<String> tokenNames() {
        List<String> names = new ArrayList<>();
        for (DashboardTokens.Token t : tokens) {
            if (!t.name().isEmpty()) {
                names.add(t.name());
            }
        }
        return List.copyOf(names);
    }

    /** Length of the shortest configured token, 0 when none. */
    int shortestToken() {
        return shortestToken;
    }

    /** The tokens: SHA-256 digests with their names. */
    List<DashboardTokens.Token> tokens() {
        return tokens;
    }

    /** {@return whether loopback clients may read without a token} */
    public boolean allowLoopback() {
        return allowLoopback;
    }

    /** {@return most concurrent event streams; further ones get 503} */
    public int maxStreams() {
        return maxStreams;
    }

    /** {@return interval of keep-alive comments on event streams} */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** {@return lifetime of one event stream, {@code ZERO} for unlimited} */
    public Duration streamTimeout() {
        return streamTimeout;
    }

    /** {@return the page title} */
    public String title() {
        return title;
    }

    /** {@return the servlet-context attribute a no-arg servlet reads its controller from} */
    public String controllerAttribute() {
        return controllerAttribute;
    }

    /** {@return the reverse proxies whose forwarding header is believed} */
    public IpRanges trustedProxies() {
        return clientAddress.trustedProxies();
    }

    /** {@return the forwarding header read from trusted proxies} */
    public ForwardedHeader forwardedHeader() {
        return clientAddress.forwardedHeader();
    }

    /** Finds the client's address with {@link #trustedProxies()} and {@link #forwardedHeader()}. */
    ClientAddress clientAddress() {
        return clientAddress;
    }

    @Override
    public String toString() {
        List<String> names = tokenNames();
        return "tokens=" + tokens.size() + " (not shown"
                + (names.isEmpty() ? "" : "; named: " + String.join(", ", names)) + "), allowLoopback=" + allowLoopback + ", trustedProxies="
                + clientAddress.trustedProxies() + ", forwardedHeader=" + clientAddress.forwardedHeader() + ", maxStreams="
                + maxStreams + ", heartbeat=" + Durations.format(heartbeat) + ", streamTimeout="
                + (streamTimeout.isZero() ? "never" : Durations.format(streamTimeout)) + ", title=" + title;
    }

    private static String show(Duration d) {
        return d == null ? null : d.isNegative() ? d.toString() : Durations.format(d);
    }

    private static String trimmed(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        return t.isEmpty() ? null : t;
    }

    private static Duration duration(String key, String v) {
        try {
            return Durations.parse(v);
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidConfig(key, v, "expected a duration such as 15s, 5m or 30");
        }
    }

    /** Builds {@link DashboardSettings}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final DashboardTokens tokens = new DashboardTokens();
        private boolean allowLoopback;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration streamTimeout = DEFAULT_STREAM_TIMEOUT;
        private String title = DEFAULT_TITLE;
        private String controllerAttribute = MaintenanceFilter.CONTEXT_ATTRIBUTE;
        private final List<String> trustedProxies = new ArrayList<>();
        private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;

        private Builder() {
        }

        /**
         * Adds a token that grants reading and actions: visible ASCII without spaces or commas,
         * at most 1024 characters. Use a long random one (at least 16 characters; shorter ones
         * are accepted and logged as weak).
         *
         * @param value the token
         * @return this builder
         * @throws MaintenanceException when the token breaks these rules
         */
        public Builder token(String value) {
            tokens.add(value, TOKEN);
            return this;
        }

        /**
         * Adds a named token: like {@link #token(String)}, and changes made with it are recorded
         * with {@code name} as actor (in the audit trail, events and the history) instead of the
         * client's address.
         *
         * @param name   1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, not given to another token
         * @param secret the token, by the rules of {@link #token(String)}, not configured already
         * @return this builder
         * @throws MaintenanceException when the name or the token breaks these rules (the message
         *                              never shows the token)
         */
        public Builder token(String name, String secret) {
            tokens.add(name, secret, NAMED_TOKENS, "");
            return this;
        }

        /**
         * Adds every token of {@code values} (see {@link #token(String)}).
         *
         * @param values the tokens
         * @return this builder
         * @throws MaintenanceException when a token breaks the rules
         */
        public Builder tokens(Collection<String> values) {
            for (String v : values) {
                tokens.add(v, TOKEN);
            }
            return this;
        }

        /**
         * Adds the tokens of a UTF-8 file, one per line (blank lines and lines starting with
         * {@code #} ignored), read now.
         *
         * @param file the file
         * @return this builder
         * @throws MaintenanceException when the file cannot be read, holds no token or a bad one
         */
        public Builder tokenFile(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw MaintenanceErrors.invalidConfig(TOKEN_FILE, file, "cannot be read: " + e);
            }
            List<String> found = new ArrayList<>();
            for (String line : lines) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    found.add(t);
                }
            }
            if (found.isEmpty()) {
                throw MaintenanceErrors.invalidConfig(TOKEN_FILE, file, "contains no token");
            }
            for (String t : found) {
                tokens.add(t, TOKEN_FILE + " " + file);
            }
            return this;
        }

        /**
         * Lets clients connecting straight from a loopback address read the dashboard without a
         * token (actions still need one). Off by default.
         *
         * @param value whether loopback clients may read without a token
         * @return this builder
         */
        public Builder allowLoopback(boolean value) {
            this.allowLoopback = value;
            return this;
        }

        /**
         * Most concurrent event streams, 1 to 10000 (default 32); further ones get 503.
         *
         * @param value the number of streams
         * @return this builder
         */
        public Builder maxStreams(int value) {
            this.maxStreams = value;
            return this;
        }

        /**
         * Keep-alive interval of event streams, 1 s to 5 min (default 15 s).
         *
         * @param value the interval
         * @return this builder
         */
        public Builder heartbeat(Duration value) {
            this.heartbeat = value;
            return this;
        }

        /**
         * Lifetime of one event stream (default 30 min): the page reconnects, presenting its token
         * again, so a removed token stops working on open streams too. At least 1 s;
         * {@code ZERO} for unlimited.
         *
         * @param value the lifetime
         * @return this builder
         */
        public Builder streamTimeout(Duration value) {
            this.streamTimeout = value;
            return this;
        }

        /**
         * The page title (default "Maintenance dashboard"), 1 to 200 characters.
         *
         * @param value the title
         * @return this builder
         */
        public Builder title(String value) {
            this.title = value;
            return this;
        }

        /**
         * The servlet-context attribute from which a servlet created by {@code web.xml} takes its
         * controller (default {@link MaintenanceFilter#CONTEXT_ATTRIBUTE}, where the maintenance filter
         * publishes the controller it uses).
         *
         * @param value the attribute's name
         * @return this builder
         */
        public Builder controllerAttribute(String value) {
            this.controllerAttribute = value;
            return this;
        }

        /**
         * Addresses or CIDR ranges (IPv4, IPv6) of the reverse proxies in front of the dashboard,
         * added to those already given. Their forwarding header names the client whose failed
         * tokens are counted; without trusted proxies the direct peer is the client.
         *
         * @param ranges the proxies' addresses or ranges
         * @return this builder
         */
        public Builder trustedProxies(String... ranges) {
            trustedProxies.addAll(List.of(ranges));
            return this;
        }

        /**
         * The header the trusted proxies set, the only one read: {@code X_FORWARDED_FOR} (the
         * default), {@code FORWARDED} or {@code NONE}.
         *
         * @param value the header to read
         * @return this builder
         */
        public Builder forwardedHeader(ForwardedHeader value) {
            this.forwardedHeader = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws MaintenanceException naming the invalid setting
         * @return the settings
         */
        public DashboardSettings build() {
            if (maxStreams < 1 || maxStreams > 10_000) {
                throw MaintenanceErrors.invalidConfig(MAX_STREAMS, maxStreams, "must be 1 to 10000");
            }
            if (heartbeat == null || heartbeat.compareTo(Duration.ofSeconds(1)) < 0
                    || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
                throw MaintenanceErrors.invalidConfig(HEARTBEAT, show(heartbeat),
                        "must be 1s to 5m");
            }
            if (streamTimeout == null || streamTimeout.isNegative()
                    || (!streamTimeout.isZero() && streamTimeout.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw MaintenanceErrors.invalidConfig(STREAM_TIMEOUT,
                        show(streamTimeout), "must be 0 (never) or at least 1s");
            }
            if (title == null || title.isBlank() || title.length() > 200) {
                throw MaintenanceErrors.invalidConfig(TITLE, title, "must be 1 to 200 characters");
            }
            if (controllerAttribute == null || controllerAttribute.isBlank()) {
                throw MaintenanceErrors.invalidConfig(CONTROLLER_ATTRIBUTE, controllerAttribute, "must not be empty");
            }
            if (forwardedHeader == null) {
                throw MaintenanceErrors.invalidConfig(FORWARDED_HEADER, null, "is required");
            }
            IpRanges proxies;
            try {
                proxies = IpRanges.parse(TRUSTED_PROXIES, trustedProxies);
            } catch (IllegalArgumentException e) {
                throw new MaintenanceException(e.getMessage());
            }
            return new DashboardSettings(this, tokens.build(), new ClientAddress(proxies, forwardedHeader));
        }
    }
}
