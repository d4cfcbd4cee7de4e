package io.github.maintenance.registry;

import io.github.maintenance.UrlPolicy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

/**
 * The values a {@link RegistryConfig.Builder} edits, starting at the defaults or at those of a
 * config. Nothing is checked while they change: each group ({@link ListenSettings},
 * {@link AuthSettings}, {@link RegistryTimeouts}, {@link OutboundSettings}, {@link RegistryLimits})
 * checks its values when the builder makes it. Not thread-safe.
 */
final class RegistryDraft {

    String bindAddress = RegistryConfig.DEFAULT_BIND_ADDRESS;
    int port = RegistryConfig.DEFAULT_PORT;
    int backlog = 256;
    SSLContext tls;
    long threadStackSize = 512 * 1024;
    final Set<String> tokens = new LinkedHashSet<>();
    /** Name and secret pairs, in the order given: a repeated name is refused when built. */
    final List<Map.Entry<String, String>> namedTokens = new ArrayList<>();
    int authFailuresPerMinute = 10;
    boolean reconnectSamePeer;
    Duration idleTimeout = Duration.ZERO;
    Duration registrationTimeout = Duration.ofSeconds(10);
    Duration writeTimeout = Duration.ofSeconds(10);
    Duration gracePeriod = RegistryConfig.DEFAULT_GRACE_PERIOD;
    Duration stagedTtl = RegistryConfig.DEFAULT_STAGED_TTL;
    Duration sweepInterval = Duration.ofSeconds(5);
    Clock clock = Clock.systemUTC();
    UrlPolicy urlPolicy;
    boolean verifyBackendOnExit;
    Duration enterVerificationTimeout = RegistryConfig.DEFAULT_ENTER_VERIFICATION_TIMEOUT;
    Duration exitVerificationTimeout = RegistryConfig.DEFAULT_EXIT_VERIFICATION_TIMEOUT;
    Duration verificationRetryInterval = Duration.ofSeconds(1);
    Duration connectTimeout = Duration.ofSeconds(2);
    Duration readTimeout = Duration.ofSeconds(3);
    Duration backendTestTimeout = Duration.ofSeconds(5);
    int maxLineLength = RegistryLimits.DEFAULT_MAX_LINE_LENGTH;
    int maxConnections = RegistryLimits.DEFAULT_MAX_CONNECTIONS;
    int reservedConnections = RegistryLimits.DEFAULT_RESERVED_CONNECTIONS;
    Predicate<InetAddress> reservedFor = RegistryLimits.LOOPBACK;
    int maxConnectionsPerAddress = RegistryLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    int maxSessions = RegistryLimits.DEFAULT_MAX_SESSIONS;
    int maxRoutesPerSession = RegistryLimits.DEFAULT_MAX_ROUTES_PER_SESSION;
    int eventQueueLimit = RegistryLimits.DEFAULT_EVENT_QUEUE_LIMIT;

    /** The defaults. */
    RegistryDraft() {
    }

    /** The values of {@code base}. */
    RegistryDraft(RegistryConfig base) {
        bindAddress = base.bindAddress();
        port = base.port();
        backlog = base.backlog();
        tls = base.tls();
        threadStackSize = base.threadStackSize();
        tokens.addAll(base.tokens());
        base.auth().namedTokens().forEach((name, secret) -> namedTokens.add(new SimpleImmutableEntry<>(name, secret)));
        authFailuresPerMinute = base.authFailuresPerMinute();
        reconnectSamePeer = base.reconnectSamePeer();
        idleTimeout = base.idleTimeout();
        registrationTimeout = base.registrationTimeout();
        writeTimeout = base.writeTimeout();
        gracePeriod = base.gracePeriod();
        stagedTtl = base.stagedTtl();
        sweepInterval = base.sweepInterval();
        clock = base.clock();
        urlPolicy = base.urlPolicy();
        verifyBackendOnExit = base.verifyBackendOnExit();
        enterVerificationTimeout = base.enterVerificationTimeout();
        exitVerificationTimeout = base.exitVerificationTimeout();
        verificationRetryInterval = base.verificationRetryInterval();
        connectTimeout = base.connectTimeout();
        readTimeout = base.readTimeout();
        backendTestTimeout = base.backendTestTimeout();
        limits(base.limits());
    }

    /** Takes every limit of {@code v}. */
    void limits(RegistryLimits v) {
        maxLineLength = v.maxLineLength();
        maxConnections = v.maxConnections();
        reservedConnections = v.reservedConnections();
        reservedFor = v.reservedFor();
        maxConnectionsPerAddress = v.maxConnectionsPerAddress();
        maxSessions = v.maxSessions();
        maxRoutesPerSession = v.maxRoutesPerSession();
        eventQueueLimit = v.eventQueueLimit();
    }

    /**
     * Checks the values group by group, in a fixed order so that the first invalid value is the one
     * reported, and makes the config.
     *
     * @throws io.github.maintenance.MaintenanceException naming the first invalid value
     */
    RegistryConfig build() {
        ListenSettings listen = new ListenSettings(bindAddress, port, backlog, tls, threadStackSize);
        AuthSettings auth = new AuthSettings(tokens, AuthSettings.named(namedTokens), authFailuresPerMinute, reconnectSamePeer);
        RegistryTimeouts timeouts = new RegistryTimeouts(idleTimeout, registrationTimeout, writeTimeout, gracePeriod,
                stagedTtl, sweepInterval);
        Clock checkedClock = ConfigRules.required(clock, "clock");
        OutboundSettings outbound = new OutboundSettings(urlPolicy, verifyBackendOnExit, enterVerificationTimeout,
                exitVerificationTimeout, verificationRetryInterval, connectTimeout, readTimeout, backendTestTimeout);
        RegistryLimits limits = new RegistryLimits(maxLineLength, maxConnections, reservedConnections, reservedFor,
                maxConnectionsPerAddress, maxSessions, maxRoutesPerSession, eventQueueLimit);
        return new RegistryConfig(listen, auth, timeouts, checkedClock, outbound, limits);
    }
}
