package io.github.maintenance.registry;

import io.github.maintenance.UrlPolicy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link RegistryServer}. Immutable; build with {@link #custom()} or copy with
 * {@link #from(RegistryConfig)}. The builder validates every value and names the offending key.
 *
 * The settings, their groups and defaults are listed in the {@linkplain io.github.maintenance.registry
 * package description}.
 *
 * <p>Thread-safe (immutable).
 */
public final class RegistryConfig {

    /** Default address to listen on, the IPv4 loopback address. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port, 7000. */
    public static final int DEFAULT_PORT = 7000;
    /** Default longest command line, see {@link RegistryLimits#DEFAULT_MAX_LINE_LENGTH}. */
    public static final int DEFAULT_MAX_LINE_LENGTH = RegistryLimits.DEFAULT_MAX_LINE_LENGTH;
    /** Default cap on open connections, see {@link RegistryLimits#DEFAULT_MAX_CONNECTIONS}. */
    public static final int DEFAULT_MAX_CONNECTIONS = RegistryLimits.DEFAULT_MAX_CONNECTIONS;
    /** Default cap on sessions, see {@link RegistryLimits#DEFAULT_MAX_SESSIONS}. */
    public static final int DEFAULT_MAX_SESSIONS = RegistryLimits.DEFAULT_MAX_SESSIONS;
    /** Default cap on a session's routes, see {@link RegistryLimits#DEFAULT_MAX_ROUTES_PER_SESSION}. */
    public static final int DEFAULT_MAX_ROUTES_PER_SESSION = RegistryLimits.DEFAULT_MAX_ROUTES_PER_SESSION;
    /** Default time a disconnected session can be resumed, 5 min. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(5);
    /** Default time staged configuration is kept unapplied, 30 min. */
    public static final Duration DEFAULT_STAGED_TTL = Duration.ofMinutes(30);
    /** Default budget to reach a maintenance page after MAINT_ENTER, 20 s. */
    public static final Duration DEFAULT_ENTER_VERIFICATION_TIMEOUT = Duration.ofSeconds(20);
    /** Default budget to reach a backend after MAINT_EXIT, 8 s. */
    public static final Duration DEFAULT_EXIT_VERIFICATION_TIMEOUT = Duration.ofSeconds(8);
    /** The Go client waits 30 s for an enter's MAINT_OK; the budget must stay below. */
    public static final Duration CLIENT_ENTER_WAIT = Duration.ofSeconds(30);
    /** The Go client waits 10 s for an exit's MAINT_OK; the budget must stay below. */
    public static final Duration CLIENT_EXIT_WAIT = Duration.ofSeconds(10);

    private final ListenSettings listen;
    private final AuthSettings auth;
    private final RegistryTimeouts timeouts;
    private final Clock clock;
    private final OutboundSettings outbound;
    private final RegistryLimits limits;

    RegistryConfig(ListenSettings listen, AuthSettings auth, RegistryTimeouts timeouts, Clock clock,
            OutboundSettings outbound, RegistryLimits limits) {
        this.listen = listen;
        this.auth = auth;
        this.timeouts = timeouts;
        this.clock = clock;
        this.outbound = outbound;
        this.limits = limits;
    }

    /** {@return the defaults} */
    public static RegistryConfig ofDefaults() {
        return custom().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder custom() {
        return new Builder(new RegistryDraft());
    }

    /**
     * {@return a builder starting from {@code base}}
     *
     * @param base the settings to copy
     */
    public static Builder from(RegistryConfig base) {
        return new Builder(new RegistryDraft(base));
    }

    /** {@return the address literal or host name to listen on} */
    public String bindAddress() {
        return listen.bindAddress();
    }

    /** {@return the port to listen on, 0 for a free one} */
    public int port() {
        return listen.port();
    }

    /** {@return the listen backlog} */
    public int backlog() {
        return listen.backlog();
    }

    /** {@return the accepted unnamed tokens; empty, with no named token either, means authentication is off} */
    public Set<String> tokens() {
        return auth.tokens();
    }

    /** {@return the names of the named tokens, in the order given (never their secrets)} */
    public Set<String> tokenNames() {
        return auth.namedTokens().keySet();
    }

    /** The authentication settings, secrets included (for the server and for copies). */
    AuthSettings auth() {
        return auth;
    }

    /** {@return the TLS context, or {@code null} for plain TCP} */
    public SSLContext tls() {
        return listen.tls();
    }

    /** {@return the size limits (connections, lines, sessions, routes, queued events)} */
    public RegistryLimits limits() {
        return limits;
    }

    /** {@return how long a session's connection may stay without a complete line; zero means off} */
    public Duration idleTimeout() {
        return timeouts.idleTimeout();
    }

    /** {@return how long a connection may stay without a session before it is closed} */
    public Duration registrationTimeout() {
        return timeouts.registrationTimeout();
    }

    /** {@return how long a peer may leave a reply unread before it is disconnected} */
    public Duration writeTimeout() {
        return timeouts.writeTimeout();
    }

    /** {@return how long a disconnected session can be resumed with RECONNECT} */
    public Duration gracePeriod() {
        return timeouts.gracePeriod();
    }

    /** {@return how long staged configuration is kept unapplied before it is discarded} */
    public Duration stagedTtl() {
        return timeouts.stagedTtl();
    }

    /** {@return how often grace periods and staged TTLs are checked; zero: only through {@link RegistryServer#sweep()}} */
    public Duration sweepInterval() {
        return timeouts.sweepInterval();
    }

    /** {@return the clock of sessions, TTLs and the authentication rate limit} */
    public Clock clock() {
        return clock;
    }

    /** {@return the outbound URL policy, or {@code null} for the controller's} */
    public UrlPolicy urlPolicy() {
        return outbound.urlPolicy();
    }

    /** {@return whether MAINT_EXIT waits for the routes' backend URLs to answer before {@code MAINT_OK}} */
    public boolean verifyBackendOnExit() {
        return outbound.verifyBackendOnExit();
    }

    /** {@return the budget to reach a maintenance page after MAINT_ENTER} */
    public Duration enterVerificationTimeout() {
        return outbound.enterVerificationTimeout();
    }

    /** {@return the budget to reach a backend after MAINT_EXIT} */
    public Duration exitVerificationTimeout() {
        return outbound.exitVerificationTimeout();
    }

    /** {@return the pause between verification attempts} */
    public Duration verificationRetryInterval() {
        return outbound.verificationRetryInterval();
    }

    /** {@return the connect time-out of one verification attempt} */
    public Duration connectTimeout() {
        return outbound.connectTimeout();
    }

    /** {@return the read time-out of one verification attempt} */
    public Duration readTimeout() {
        return outbound.readTimeout();
    }

    /** {@return the time-out of a BACKEND_TEST probe} */
    public Duration backendTestTimeout() {
        return outbound.backendTestTimeout();
    }

    /** {@return whether RECONNECT is accepted only from the address that registered} */
    public boolean reconnectSamePeer() {
        return auth.reconnectSamePeer();
    }

    /** {@return the failed authentications per peer address and minute before further ones are refused} */
    public int authFailuresPerMinute() {
        return auth.authFailuresPerMinute();
    }

    /** {@return the stack size of each connection thread in bytes; 0 means the JVM's default} */
    public long threadStackSize() {
        return listen.threadStackSize();
    }

    /** The effective settings, secrets left out. */
    @Override
    public String toString() {
        return "bind=" + listen.bindAddress() + ":" + listen.port() + ", " + auth
                + ", tls=" + (listen.tls() == null ? "off" : "on") + ", " + limits + ", " + timeouts + ", " + outbound;
    }

    /**
     * Builds a {@link RegistryConfig}: every setter returns this builder, and {@link #build()} checks the
     * values. Not thread-safe.
     */
    public static final class Builder {
        private final RegistryDraft draft;

        private Builder(RegistryDraft draft) {
            this.draft = draft;
        }

        /**
         * An address literal or host name to listen on (default {@code 127.0.0.1}); any other than a loopback address needs a token.
         * @param value the address
         * @return this builder
         */
        public Builder bindAddress(String value) {
            draft.bindAddress = value;
            return this;
        }

        /**
         * The port, 0 to 65535; 0 picks a free port (default 7000).
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            draft.port = value;
            return this;
        }

        /**
         * Listen backlog, at least 1 (default 256).
         * @param value the backlog
         * @return this builder
         */
        public Builder backlog(int value) {
            draft.backlog = value;
            return this;
        }

        /**
         * Adds an accepted token (1 to 1024 characters, no control characters).
         * @param value the token
         * @return this builder
         */
        public Builder token(String value) {
            draft.tokens.add(value);
            return this;
        }

        /**
         * Adds an accepted token with a name: a session it authenticates records the name as the actor of its
         * changes (in the audit trail, events and schedules). Names are 1 to 64 characters of
         * {@code [A-Za-z0-9._-]} and unique; no secret may be given twice (under two names, or also as an
         * unnamed token). Checked by {@link #build()}, whose errors never show a secret.
         * @param name the token's name
         * @param secret the token (1 to 1024 characters, no control characters)
         * @return this builder
         */
        public Builder token(String name, String secret) {
            draft.namedTokens.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, secret));
            return this;
        }

        /**
         * Replaces the accepted unnamed tokens (named ones are kept); empty, with no named token,
         * turns authentication off (loopback binds only).
         * @param values the tokens
         * @return this builder
         */
        public Builder tokens(Set<String> values) {
            draft.tokens.clear();
            draft.tokens.addAll(values);
            return this;
        }

        /**
         * Speaks TLS with this context; {@code null} for plain TCP (the default; the Go client dials plain TCP).
         * @param value a context with a key, or {@code null}
         * @return this builder
         */
        public Builder tls(SSLContext value) {
            draft.tls = value;
            return this;
        }

        /**
         * Longest command line, 64 to 1 048 576 bytes (default 65 535).
         * @param value the length in bytes
         * @return this builder
         */
        public Builder maxLineLength(int value) {
            draft.maxLineLength = value;
            return this;
        }

        /**
         * Cap on open connections, registered or not, at least 1 (default 1 024).
         * @param value the cap
         * @return this builder
         */
        public Builder maxConnections(int value) {
            draft.maxConnections = value;
            return this;
        }

        /**
         * Cap on open connections from one peer address, 0 for no cap (default 256).
         * @param value the cap
         * @return this builder
         */
        public Builder maxConnectionsPerAddress(int value) {
            draft.maxConnectionsPerAddress = value;
            return this;
        }

        /**
         * Slots of {@code maxConnections} only {@code reservedFor} peers can take, at most half of it taking effect (default 16).
         * @param value the number of slots, 0 or more
         * @return this builder
         */
        public Builder reservedConnections(int value) {
            draft.reservedConnections = value;
            return this;
        }

        /**
         * Which peers may take the reserved slots (default loopback peers).
         * @param value the test of a peer's address
         * @return this builder
         */
        public Builder reservedFor(Predicate<InetAddress> value) {
            draft.reservedFor = value;
            return this;
        }

        /**
         * Every limit at once.
         * @param v the limits
         * @return this builder
         */
        public Builder limits(RegistryLimits v) {
            draft.limits(v);
            return this;
        }

        /**
         * Cap on sessions, those in their grace period included, at least 1 (default 1 024).
         * @param value the cap
         * @return this builder
         */
        public Builder maxSessions(int value) {
            draft.maxSessions = value;
            return this;
        }

        /**
         * Cap on the active plus staged routes of a session, at least 1 (default 256).
         * @param value the cap
         * @return this builder
         */
        public Builder maxRoutesPerSession(int value) {
            draft.maxRoutesPerSession = value;
            return this;
        }

        /**
         * How long a session's connection may stay without a complete line; zero turns it off (the default). Keep it at 10 min or more for Go clients.
         * @param value the time-out, not negative
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            draft.idleTimeout = value;
            return this;
        }

        /**
         * How long a connection may stay without a session before it is closed, positive (default 10 s).
         * @param value the time-out
         * @return this builder
         */
        public Builder registrationTimeout(Duration value) {
            draft.registrationTimeout = value;
            return this;
        }

        /**
         * How long a peer may leave a reply unread before it is disconnected, positive (default 10 s).
         * @param value the time-out
         * @return this builder
         */
        public Builder writeTimeout(Duration value) {
            draft.writeTimeout = value;
            return this;
        }

        /**
         * How long a disconnected session can be resumed with RECONNECT, positive (default 5 min).
         * @param value the period
         * @return this builder
         */
        public Builder gracePeriod(Duration value) {
            draft.gracePeriod = value;
            return this;
        }

        /**
         * How long staged configuration is kept unapplied, positive (default 30 min).
         * @param value the time to live
         * @return this builder
         */
        public Builder stagedTtl(Duration value) {
            draft.stagedTtl = value;
            return this;
        }

        /**
         * How often grace periods and staged TTLs are checked (default 5 s). Zero: no timer thread, call {@link RegistryServer#sweep()} (tests with an injected clock).
         * @param value the interval, not negative
         * @return this builder
         */
        public Builder sweepInterval(Duration value) {
            draft.sweepInterval = value;
            return this;
        }

        /**
         * The clock of sessions, TTLs and the authentication rate limit (default system UTC).
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            draft.clock = value;
            return this;
        }

        /**
         * Which URLs the server fetches; {@code null} (the default): the controller's policy.
         * @param value the policy, or {@code null}
         * @return this builder
         */
        public Builder urlPolicy(UrlPolicy value) {
            draft.urlPolicy = value;
            return this;
        }

        /**
         * Whether MAINT_EXIT waits for the routes' backend URLs to answer before {@code MAINT_OK} (default false).
         * @param value whether to verify
         * @return this builder
         */
        public Builder verifyBackendOnExit(boolean value) {
            draft.verifyBackendOnExit = value;
            return this;
        }

        /**
         * Budget to reach a maintenance page after MAINT_ENTER: positive and below the Go client's 30 s (default 20 s).
         * @param value the budget
         * @return this builder
         */
        public Builder enterVerificationTimeout(Duration value) {
            draft.enterVerificationTimeout = value;
            return this;
        }

        /**
         * Budget to reach a backend after MAINT_EXIT: positive and below the Go client's 10 s (default 8 s).
         * @param value the budget
         * @return this builder
         */
        public Builder exitVerificationTimeout(Duration value) {
            draft.exitVerificationTimeout = value;
            return this;
        }

        /**
         * Pause between verification attempts, positive (default 1 s).
         * @param value the pause
         * @return this builder
         */
        public Builder verificationRetryInterval(Duration value) {
            draft.verificationRetryInterval = value;
            return this;
        }

        /**
         * Connect time-out of one verification attempt, positive (default 2 s).
         * @param value the time-out
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            draft.connectTimeout = value;
            return this;
        }

        /**
         * Read time-out of one verification attempt, positive (default 3 s).
         * @param value the time-out
         * @return this builder
         */
        public Builder readTimeout(Duration value) {
            draft.readTimeout = value;
            return this;
        }

        /**
         * Time-out of a BACKEND_TEST probe, positive (default 5 s).
         * @param value the time-out
         * @return this builder
         */
        public Builder backendTestTimeout(Duration value) {
            draft.backendTestTimeout = value;
            return this;
        }

        /**
         * Whether RECONNECT is accepted only from the address that registered (default false).
         * @param value whether to require the same address
         * @return this builder
         */
        public Builder reconnectSamePeer(boolean value) {
            draft.reconnectSamePeer = value;
            return this;
        }

        /**
         * Failed authentications per peer address and minute before further ones are refused, at least 1 (default 10).
         * @param value the number of failures
         * @return this builder
         */
        public Builder authFailuresPerMinute(int value) {
            draft.authFailuresPerMinute = value;
            return this;
        }

        /**
         * EVENT lines a slow subscriber may leave unread before it is disconnected, at least 1 (default 1 000).
         * @param value the number of lines
         * @return this builder
         */
        public Builder eventQueueLimit(int value) {
            draft.eventQueueLimit = value;
            return this;
        }

        /**
         * Stack size of each connection thread: 0 for the JVM's default, else at least 128 KiB (default 512 KiB).
         * @param value the size in bytes
         * @return this builder
         */
        public Builder threadStackSize(long value) {
            draft.threadStackSize = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         * @throws io.github.maintenance.MaintenanceException naming the first invalid value
         */
        public RegistryConfig build() {
            return draft.build();
        }
    }
}
