package io.github.maintenance.redis;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * The validated settings of one {@link RedisStateStore}: what {@link RedisStateStore.Builder#build()}
 * checks (the URI, then each value, in that order, naming the bad one) and derives (the Redis
 * address, client configuration and key names).
 *
 * <p>Concurrency: immutable once built; shared freely by the store's collaborators.
 */
record RedisSettings(String where, String keyPrefix, Duration timeout, Duration heartbeat, Duration minBackoff,
        Duration maxBackoff, Duration countersInterval, Path localCopy, Clock clock, HostAndPort address,
        JedisClientConfig clientConfig) {

    /** Validates the builder's values; see {@link RedisStateStore.Builder#build()} for the URI syntax. */
    static RedisSettings validate(String uri, String keyPrefix, Duration timeout, Duration heartbeat,
            Duration minBackoff, Duration maxBackoff, Duration countersInterval, Path localCopy, Clock clock,
            String clientName) {
        URI u = parse(uri);
        String host = u.getHost();
        int port = u.getPort() == -1 ? 6379 : u.getPort();
        int database = 0;
        String path = u.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw invalidUri(uri, "the path must be a database number such as /0");
            }
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (colon < 0) {
                password = user;
                user = null;
            } else if (user.isEmpty()) {
                user = null;
            }
        }
        if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.length() > 64
                || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw MaintenanceErrors.invalidConfig("keyPrefix", keyPrefix,
                    "1 to 64 printable ASCII characters without spaces");
        }
        check("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        check("heartbeat", heartbeat, Duration.ofMillis(50), Duration.ofMinutes(1));
        check("minBackoff", minBackoff, Duration.ofMillis(10), Duration.ofMinutes(5));
        check("maxBackoff", maxBackoff, minBackoff, Duration.ofMinutes(5));
        check("countersInterval", countersInterval, Duration.ofMillis(100), Duration.ofHours(1));
        if (clock == null) {
            throw MaintenanceErrors.invalidConfig("clock", null, "is required");
        }
        if (clientName == null || !clientName.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw MaintenanceErrors.invalidConfig("clientName", clientName, "1 to 64 letters, digits and ._:-");
        }
        int ms = (int) timeout.toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(ms).socketTimeoutMillis(ms).database(database)
                .clientName(clientName)
                // RESP2 on every Jedis major: a PING on the subscription is answered by a pub/sub
                // "pong" message, where RESP3's plain +PONG races Jedis's handler for it ("Unexpected
                // message : PONG", a needless reconnection).
                .protocol(RedisProtocol.RESP2);
        if ("rediss".equalsIgnoreCase(u.getScheme())) {
            // TLS with the JVM's trust store, checking the certificate chain and the host name.
            config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        if (password != null) {
            config.user(user).password(password);
        }
        // URI.getHost() keeps the brackets of an IPv6 literal; Jedis wants the bare address.
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String where = u.getScheme().toLowerCase(Locale.ROOT) + "://"
                + (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port + "/" + database;
        return new RedisSettings(where, keyPrefix, timeout, heartbeat, minBackoff, maxBackoff, countersInterval,
                localCopy, clock, new HostAndPort(bare, port), config.build());
    }

    /** What {@code toString()} and the status show: {@code redis URI-without-password prefix P}. */
    String description() {
        return "redis " + where + " prefix " + keyPrefix;
    }

    String stateKey() {
        return keyPrefix + "state";
    }

    String channel() {
        return keyPrefix + "events";
    }

    /** The channel of deltas (and whole states when a writer has no delta), read by this release on. */
    String deltaChannel() {
        return channel() + ":deltas";
    }

    String instancesKey() {
        return keyPrefix + "instances";
    }

    String countersPrefix() {
        return keyPrefix + "counters:";
    }

    /** The audit trail: a list of {@code MILLIS JSON} elements, oldest first. */
    String auditKey() {
        return keyPrefix + "audit";
    }

    /** The instances' reports: a hash of instance name to report. */
    String reportsKey() {
        return keyPrefix + "reports";
    }

    /** When each report expires: a sorted set of instance names scored by epoch milliseconds. */
    String reportsExpiryKey() {
        return keyPrefix + "reports:expiry";
    }

    @Override
    public String toString() {
        return description(); // never the client configuration, which holds the password
    }

    private static URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalidUri(text, "a redis:// URI is required");
        }
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalidUri(text, "not a URI (" + e.getReason() + ")");
        }
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
            throw invalidUri(text, "expected redis://host:port or rediss://host:port");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw invalidUri(text, "the URI has no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw invalidUri(text, "query and fragment are not supported");
        }
        return u;
    }

    private static MaintenanceException invalidUri(String uri, String rule) {
        return MaintenanceErrors.invalidConfig("redis", redact(uri), rule);
    }

    /** The URI without its password, for messages. */
    private static String redact(String text) {
        if (text == null) {
            return null;
        }
        int at = text.indexOf('@');
        int scheme = text.indexOf("://");
        return at > 0 && scheme > 0 && at > scheme ? text.substring(0, scheme + 3) + "***" + text.substring(at) : text;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void check(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw MaintenanceErrors.invalidConfig(key, value == null ? null : Durations.format(value),
                    "must be " + Durations.format(min) + " to " + Durations.format(max));
        }
    }
}
