package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.protocol.CommandParser;
import io.github.maintenance.registry.protocol.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jdk.net.ExtendedSocketOptions;

/**
 * The registry: a TCP server speaking the V2 registry protocol (wire-compatible with its public
 * Go client) that drives a {@link MaintenanceController}: sessions register routes, stage and
 * apply configuration, enter and exit maintenance, drain the instance, configure circuit breakers
 * and subscribe to events.
 *
 * <pre>{@code
 * RegistryServer registry = RegistryServer.start(controller, RegistryConfig.custom()
 *         .port(7000).token(System.getenv("MAINTENANCE_TOKEN")).build());
 * ...
 * registry.close();   // before controller.close()
 * }</pre>
 *
 * <h2>Threading model</h2>
 * One acceptor thread; one platform thread per open connection (blocking reads and writes,
 * {@code threadStackSize} stack each, 512 KiB by default), capped by {@code maxConnections}
 * (1 024, of which 16 are reserved for loopback peers) and {@code maxConnectionsPerAddress} (256):
 * a connection beyond a cap gets {@code ERROR|max connections exceeded} (or {@code … per address
 * exceeded}) and is closed without a thread. A connection must register within
 * {@code registrationTimeout} of being accepted, however slowly it sends (see
 * {@link RegistryLimits}). Idle connections cost a parked thread and a 512-byte read buffer
 * (growing to the line limit only while a long line arrives). Besides those: one scheduler thread (sweeps of
 * grace periods and staged TTLs, the write watchdog, verification retries), two event threads
 * (EVENT lines to subscribers, so that a slow subscriber never holds the controller's listener),
 * and the shared {@link java.net.http.HttpClient} with two worker threads for verifications and
 * {@code BACKEND_TEST}; verifications wait without holding a thread. This keeps the design simple,
 * makes TLS a plain {@link javax.net.ssl.SSLSocket}, and was measured with 1 000 concurrent
 * sessions on two cores (BENCHMARKS.md).
 *
 * <h2>Structure</h2>
 * The server owns the sockets and threads. Each line goes to the {@link Dispatcher}, which parses
 * it into a typed request ({@link io.github.maintenance.registry.protocol.CommandParser}) and hands
 * it to the handler of its area: {@link SessionHandler}, {@link RouteHandler},
 * {@link ConfigHandler}, {@link MaintenanceHandler}, {@link DrainHandler}, {@link ScheduleHandler}
 * or {@link StatsHandler}. Sessions and their configuration live in {@link Sessions}, whose one
 * lock commands hold only while they change state, never while they write to a socket. Every
 * change reaches the controller as one {@link io.github.maintenance.change.Changes} batch per
 * command. Each reply line is written whole under the connection's write lock. A write that makes
 * no progress for {@code writeTimeout} makes the watchdog close that connection. The wire protocol
 * is described in docs/registry-protocol.md.
 *
 * <h2>Security</h2>
 * Binds {@code 127.0.0.1} by default; binding any other address requires a token, carried by
 * clients as {@code "auth_token"} in the REGISTER metadata (the unmodified Go client passes its
 * metadata through). See {@link RegistryConfig} for the limits.
 *
 * <p>Thread-safe. {@link #close()} stops every thread it started.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** The error text of a connection refused by the per-address cap. */
    static final String MAX_PER_ADDRESS = "max connections per address exceeded";

    /** Owner label of routes handed over to the controller when their session ended in maintenance or drain. */
    public static final String ADOPTED_OWNER = "controller";

    private final MaintenanceController controller;
    private final RegistryConfig config;
    private final Clock clock;
    private final ServerSocket serverSocket;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<Connection, Thread> threads = new ConcurrentHashMap<>();
    /** Open connections per peer address; an address with none has no entry. */
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService eventExecutor;
    private final Outbound outbound;
    private final EventHub hub;
    private final AuthGuard guard;
    private final Sessions sessions;
    private final Dispatcher dispatcher;
    private final Thread acceptor;
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong verificationAttempts = new AtomicLong();
    private final AtomicLong attemptsCompleted = new AtomicLong();
    private volatile boolean closed;

    private RegistryServer(MaintenanceController controller, RegistryConfig config, ServerSocket serverSocket) {
        this.controller = controller;
        this.config = config;
        this.clock = config.clock();
        this.serverSocket = serverSocket;
        this.outbound = new Outbound(config.urlPolicy() != null ? config.urlPolicy() : controller.config().urlPolicy(),
                config.connectTimeout());
        this.guard = new AuthGuard(config.tokens(), config.auth().namedTokens(), config.authFailuresPerMinute(), clock);
        this.hub = new EventHub(Collections.unmodifiableSet(connections), this::reapAdoptedSoon);
        this.sessions = new Sessions(controller, config, hub);
        Applier applier = new Applier(controller);
        Dispatcher.Handlers handlers = new Dispatcher.Handlers(
                new SessionHandler(sessions, guard, clock),
                new RouteHandler(sessions, config.limits().maxRoutesPerSession()),
                new ConfigHandler(controller, applier, sessions, hub, clock),
                new MaintenanceHandler(controller, applier, outbound,
                        (s, c, uri, target, enter) -> new Verification(this, s, c, uri, target, enter),
                        config.verifyBackendOnExit(), () -> controller.config().trackInFlight()),
                new DrainHandler(controller, applier, clock),
                new ScheduleHandler(controller, applier),
                new StatsHandler(controller, outbound, config.backendTestTimeout()),
                new AuditHandler(controller));
        this.dispatcher = new Dispatcher(new CommandParser(outbound.policy()), sessions, handlers, clock, guard);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("registry-timer"));
        this.eventExecutor = Executors.newFixedThreadPool(2, daemon("registry-events"));
        this.acceptor = new Thread(this::acceptLoop, "registry-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds the configured address and starts serving.
     *
     * @param controller the controller the commands drive; the server listens to its events
     * @param config     the server's settings
     * @return the running server, to be closed when done
     * @throws IOException           when the address cannot be bound (port in use, unknown host)
     * @throws IllegalStateException when the address is not a loopback address and no token is
     *                               configured
     */
    public static RegistryServer start(MaintenanceController controller, RegistryConfig config) throws IOException {
        InetAddress address = InetAddress.getByName(config.bindAddress());
        if (!address.isLoopbackAddress() && !config.auth().enabled()) {
            throw new IllegalStateException("refusing to listen on " + config.bindAddress()
                    + " without a token: a plain TCP control socket is a door into production; configure"
                    + " RegistryConfig.token(...) or bind a loopback address");
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(address, config.port()), config.backlog());
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        RegistryServer server = new RegistryServer(controller, config, ss);
        server.begin();
        return server;
    }

    private void begin() {
        controller.addListener(hub);
        long watchdog = Math.max(50, Math.min(1000, Math.min(config.writeTimeout().toMillis(),
                config.registrationTimeout().toMillis()) / 2));
        scheduler.scheduleWithFixedDelay(this::watchdog, watchdog, watchdog, TimeUnit.MILLISECONDS);
        if (!config.sweepInterval().isZero()) {
            long ms = Math.max(10, config.sweepInterval().toMillis());
            scheduler.scheduleWithFixedDelay(this::safeSweep, ms, ms, TimeUnit.MILLISECONDS);
        }
        acceptor.start();
        if (!config.idleTimeout().isZero() && config.idleTimeout().compareTo(Duration.ofMinutes(10)) < 0) {
            LOG.warn("Registry idle time-out {} is below 10 minutes: Go clients that do not run their keepalive loop"
                    + " will lose their connection", io.github.maintenance.Durations.format(config.idleTimeout()));
        }
        LOG.info("Registry listening on {}: {}", address(), config);
    }

    /** {@return the address the server listens on (the real port when started on port 0)} */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** {@return the port the server listens on} */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@return the configuration} */
    public RegistryConfig config() {
        return config;
    }

    /** {@return current figures (connections, sessions, verifications, refusals)} */
    public RegistryStats stats() {
        Sessions.Counts n = sessions.counts();
        return new RegistryStats(connections.size(), n.sessions(), n.connected(), n.pendingVerifications(),
                verificationAttempts.get(), rejected.get(), guard.refusals(), sessions.adoptedCount());
    }

    /**
     * Applies time-based transitions now: sessions whose grace period is over end (their routes
     * are removed, or handed to the controller when in maintenance or draining), staged
     * configuration past its TTL is discarded, handed-over routes that serve again are removed.
     * The scheduler calls this every {@code sweepInterval}; tests with an injected clock call it
     * directly.
     */
    public void sweep() {
        sessions.sweep();
    }

    private void safeSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Registry sweep failed: {}", e.toString(), e);
        }
    }

    /**
     * Stops accepting, closes every connection, waits for their threads, stops the server's
     * threads and ends every session (routes in maintenance or draining stay with the controller).
     * Idempotent. Close the registry before the controller.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the registry socket failed: {}", e.toString());
        }
        controller.removeListener(hub);
        for (Connection c : connections) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        join(acceptor, deadline);
        for (Thread t : threads.values()) {
            join(t, deadline);
        }
        scheduler.shutdownNow();
        eventExecutor.shutdownNow();
        outbound.close();
        sessions.endAll();
        LOG.info("Registry on {} stopped", serverSocket.getLocalSocketAddress());
    }

    private static void join(Thread t, long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            return;
        }
        try {
            t.join(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- accepting ---------------------------------------------------------------------------------

    private void acceptLoop() {
        long backoff = 0;
        while (!closed) {
            Socket raw;
            try {
                raw = serverSocket.accept();
                backoff = 0;
            } catch (SocketException e) {
                if (closed) {
                    return;
                }
                backoff = backOff(backoff, e);
                continue;
            } catch (IOException e) {
                backoff = backOff(backoff, e);
                continue;
            }
            try {
                accepted(raw);
            } catch (RuntimeException | Error e) {
                LOG.warn("Registry could not serve a connection from {}: {}", raw.getRemoteSocketAddress(), e.toString());
                closeQuietly(raw);
            }
        }
    }

    /** Waits after an accept error (too many open files, ...), doubling from 50 ms to 1 s. */
    private long backOff(long previous, IOException e) {
        long next = previous == 0 ? 50 : Math.min(1000, previous * 2);
        LOG.warn("Registry accept failed ({}); retrying in {} ms", e.toString(), next);
        try {
            Thread.sleep(next);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return next;
    }

    /**
     * Admits or refuses a new connection, on the acceptor thread (the only one that adds): the
     * connection cap less the reserve for peers that may not use it, the per-address cap (counted
     * atomically with the connection), and, with tokens configured, an address blocked for failed
     * authentications.
     */
    private void accepted(Socket raw) throws java.io.UncheckedIOException {
        if (closed) {
            closeQuietly(raw);
            return;
        }
        RegistryLimits limits = config.limits();
        InetAddress peer = raw.getInetAddress();
        String address = peer.getHostAddress();
        int limit = limits.connectionLimitFor(peer);
        if (connections.size() >= limit) {
            reject(raw, Reply.MAX_CONNECTIONS, "maxConnections " + limits.maxConnections()
                    + (limit < limits.maxConnections() ? " (the rest reserved)" : ""));
            return;
        }
        if (guard.enabled() && guard.blocked(address)) {
            guard.refused();
            reject(raw, Reply.AUTH_RATE_LIMIT, "too many failed authentications from " + address);
            return;
        }
        if (!reserveSlot(address, limits)) {
            reject(raw, MAX_PER_ADDRESS, "maxConnectionsPerAddress " + limits.maxConnectionsPerAddress());
            return;
        }
        try {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            keepAlive(raw);
        } catch (IOException e) {
            release(address);
            closeQuietly(raw);
            return;
        }
        Connection c = new Connection(this, raw, connectionNumbers.incrementAndGet());
        Thread t = new Thread(null, c, "registry-connection-" + c.number, config.threadStackSize());
        t.setDaemon(true);
        connections.add(c);
        threads.put(c, t);
        try {
            t.start();
        } catch (OutOfMemoryError e) {
            connections.remove(c);
            threads.remove(c);
            release(address);
            reject(raw, Reply.MAX_CONNECTIONS, "no thread available (" + e.getMessage() + ")");
        }
    }

    /** Counts one more connection from {@code address} unless its cap is reached; atomic per address. */
    private boolean reserveSlot(String address, RegistryLimits limits) {
        boolean[] admitted = {false};
        perAddress.compute(address, (k, n) -> {
            int open = n == null ? 0 : n;
            if (!limits.allowsFromOneAddress(open)) {
                return n;
            }
            admitted[0] = true;
            return open + 1;
        });
        return admitted[0];
    }

    private static void keepAlive(Socket raw) {
        try {
            raw.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            raw.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 30);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("TCP keepalive interval not supported here: {}", e.toString());
        }
    }

    private void reject(Socket raw, String error, String why) {
        rejected.incrementAndGet();
        LOG.warn("Registry refused a connection from {}: {}", raw.getRemoteSocketAddress(), why);
        if (config.tls() == null) {
            try {
                raw.setSoTimeout(1000);
                OutputStream out = raw.getOutputStream();
                out.write((Reply.error(error) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                LOG.debug("Could not tell {} why: {}", raw.getRemoteSocketAddress(), e.toString());
            }
        }
        closeQuietly(raw);
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    /** Called by a connection's thread when it ends. */
    void connectionEnded(Connection c) {
        connections.remove(c);
        threads.remove(c);
        release(c.peerAddress());
        sessions.connectionClosed(c);
    }

    /**
     * Closes connections whose write made no progress for the write time-out, and connections
     * still without a session past the registration time-out: whatever they are blocked in (a TLS
     * handshake, a write), an unregistered connection never holds its slot for longer.
     */
    private void watchdog() {
        long now = System.nanoTime();
        long limit = config.writeTimeout().toNanos();
        for (Connection c : connections) {
            if (c.writeStalled(now, limit)) {
                LOG.warn("Registry connection {} closed: a write made no progress for {}", c.peer,
                        io.github.maintenance.Durations.format(config.writeTimeout()));
                c.close();
            } else if (c.registrationOverdue(now)) {
                LOG.info("Registry connection {} closed: not registered in time", c.peer);
                c.close();
            }
        }
    }

    /** Soon, on the timer thread: removes handed-over routes that serve again. */
    private void reapAdoptedSoon() {
        if (sessions.hasAdopted() && !closed) {
            try {
                scheduler.execute(() -> {
                    try {
                        sessions.reapAdopted();
                    } catch (RuntimeException e) {
                        LOG.warn("Removing handed-over routes failed: {}", e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("Registry stopped; handed-over routes are left as they are");
            }
        }
    }

    // ---- for the other classes of the package ------------------------------------------------------------

    Clock clock() {
        return clock;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Outbound outbound() {
        return outbound;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService eventExecutor() {
        return eventExecutor;
    }

    void countVerificationAttempt() {
        verificationAttempts.incrementAndGet();
    }

    void countAttemptCompleted() {
        attemptsCompleted.incrementAndGet();
    }

    /** Verification attempts whose HTTP exchange has ended (answered, failed or timed out). */
    long attemptsCompleted() {
        return attemptsCompleted.get();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
