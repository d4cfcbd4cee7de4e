package io.github.maintenance.standalone;

import io.github.maintenance.Durations;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.RenderedPage;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The standalone maintenance page server, for when the whole application is down (containers
 * rebuilt, database restored): {@code java -jar maintenance-standalone.jar} serves the same
 * built-in page as the filter on every path, with nothing but the JDK.
 *
 * <ul>
 *   <li>every path, every method: {@link StandaloneConfig#status()} (503), {@code Retry-After},
 *       {@code X-Maintenance-Mode: true}, {@code Cache-Control: no-store}; HTML, JSON or plain
 *       text by {@code Accept}, in the language chosen by {@code Accept-Language}; no body for
 *       {@code HEAD}; the same headers as the filter, spelled as it spells them;</li>
 *   <li>{@code /health}: 200 {@code {"status":"ok","maintenance":true}}, so that a load balancer
 *       keeps routing to the page.</li>
 * </ul>
 *
 * <p>It listens on HTTP ({@link StandaloneConfig#port()}), on HTTPS
 * ({@link StandaloneConfig#httpsPort()}, with the {@link TlsSettings} of
 * {@link StandaloneConfig#tls()}), or on both at once, with the same answers on each.
 *
 * <p>An HTTP/1.1 server of its own on the JDK's non-blocking sockets: {@link StandaloneConfig#threads()}
 * threads ({@code IoLoop}), each serving many connections, and no thread per connection. The page
 * is rendered once at start (by the core's {@link PageRenderer}, the filter's renderer) and every
 * complete response is encoded once ({@code PreparedResponses}); a request costs a parse of its
 * head ({@code RequestParser}) and the write of prepared bytes. Keep-alive, pipelining, TLS
 * through an {@code SSLEngine} ({@code TlsChannel}), and the limits of {@code ConnectionLimits}:
 * the most open connections, time-outs for handshakes, request heads, idle connections and
 * unread answers, 64 KiB request heads, bounded output per connection. {@link #close()} stops
 * accepting, lets answers in progress finish for up to a second and ends the threads;
 * {@link #main} does that on SIGTERM or Ctrl-C.
 *
 * <p>Thread-safe.
 */
public final class StandaloneServer implements AutoCloseable {

    /** Exit status for bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the server cannot listen. */
    public static final int EXIT_START_FAILED = 1;

    private static final int BACKLOG = 1024;

    /** The HTTP listener's address, or {@code null} when HTTP is off. */
    private final InetSocketAddress http;
    /** The HTTPS listener's address, or {@code null} when HTTPS is off. */
    private final InetSocketAddress https;
    private final List<IoLoop> loops;
    private final List<Thread> threads;
    private final ConnectionLimits limits;
    private final StandaloneConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneServer(InetSocketAddress http, InetSocketAddress https, List<IoLoop> loops,
            List<Thread> threads, ConnectionLimits limits, StandaloneConfig config) {
        this.http = http;
        this.https = https;
        this.loops = loops;
        this.threads = threads;
        this.limits = limits;
        this.config = config;
    }

    /**
     * Renders the page and starts listening; returns once connections are accepted.
     *
     * @param config the configuration
     * @return the running server
     * @throws IOException when the address cannot be bound ({@link BindException} when it is in use)
     */
    public static StandaloneServer start(StandaloneConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /**
     * {@link #start(StandaloneConfig)} with the clock that dates the page and the responses.
     *
     * @param config the configuration
     * @param clock  the clock that dates the page, {@code Date} and the {@code Retry-After} date
     * @return the running server
     * @throws IOException when the address cannot be bound ({@link BindException} when it is in use),
     *                     or TLS cannot be set up; then no listener is left open
     */
    public static StandaloneServer start(StandaloneConfig config, Clock clock) throws IOException {
        RenderedPage page = new PageRenderer(config.page()).maintenance(null, config.retryAfter(), config.until(),
                clock.instant());
        PreparedResponses prepared = new PreparedResponses(page, config.status(), config.retryAfter(),
                config.until(), clock);
        ConnectionLimits limits = new ConnectionLimits(config.maxConnections(), config.requestTimeout(),
                config.idleTimeout(), config.handshakeTimeout());
        List<IoLoop.Listener> listeners = new ArrayList<>();
        List<IoLoop> loops = new ArrayList<>();
        InetSocketAddress httpAddress = null;
        InetSocketAddress httpsAddress = null;
        try {
            TlsSettings tls = config.https() ? settings(config.tls()) : null;
            if (config.port() != StandaloneConfig.OFF) {
                ServerSocketChannel ch = bind(config.host(), config.port());
                listeners.add(new IoLoop.Listener(ch, null));
                httpAddress = (InetSocketAddress) ch.getLocalAddress();
            }
            if (tls != null) {
                ServerSocketChannel ch = bind(config.host(), config.httpsPort());
                listeners.add(new IoLoop.Listener(ch, tls));
                httpsAddress = (InetSocketAddress) ch.getLocalAddress();
            }
            for (int i = 0; i < config.threads(); i++) {
                loops.add(new IoLoop(prepared, limits, i == 0 ? listeners : List.of()));
            }
        } catch (IOException | RuntimeException e) {
            for (IoLoop.Listener l : listeners) {
                l.channel().close();
            }
            for (IoLoop loop : loops) {
                loop.stop();
                loop.run();
            }
            throw e;
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            loops.get(i).spreadOver(loops);
            Thread t = new Thread(loops.get(i), "maintenance-page-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        return new StandaloneServer(httpAddress, httpsAddress, List.copyOf(loops), List.copyOf(threads), limits,
                config);
    }

    private static ServerSocketChannel bind(String host, int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(host, port), BACKLOG);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The {@link TlsSettings}' protocols, cipher suites and server order for every HTTPS connection. */
    private static TlsSettings settings(TlsMaterial material) throws IOException {
        try {
            return TlsSettings.of(material);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The bound address: HTTP's, or HTTPS's when HTTP is off.
     *
     * @return the address, with the real port when 0 was asked for
     */
    public InetSocketAddress address() {
        return http != null ? http : https;
    }

    /**
     * The bound HTTP port.
     *
     * @return the port, or {@link StandaloneConfig#OFF} when HTTP is off
     */
    public int port() {
        return http == null ? StandaloneConfig.OFF : http.getPort();
    }

    /**
     * The bound HTTPS port.
     *
     * @return the port, or {@link StandaloneConfig#OFF} when HTTPS is off
     */
    public int httpsPort() {
        return https == null ? StandaloneConfig.OFF : https.getPort();
    }

    /**
     * The configuration.
     *
     * @return the configuration it was started with
     */
    public StandaloneConfig config() {
        return config;
    }

    /**
     * The connections open now, on both listeners.
     *
     * @return their number
     */
    public int openConnections() {
        return limits.open();
    }

    /** The answers queued so far on every connection (for tests and diagnostics). */
    long answered() {
        long n = 0;
        for (IoLoop loop : loops) {
            n += loop.answered();
        }
        return n;
    }

    /**
     * Stops accepting (the listening sockets are closed when this returns), lets answers in
     * progress finish for up to a second, closes every connection and ends the threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        // The first loop accepts: once it has ended, no connection is handed to the others.
        for (IoLoop loop : loops) {
            loop.stop();
        }
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (IoLoop loop : loops) {
            loop.closeLeftovers();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the server until SIGTERM or Ctrl-C, or until the application is healthy when
     * {@code --stop-when-healthy} is given (then it stops as on SIGTERM and exits with 0). Exit
     * status 0 after {@code --help} or a clean stop, {@value #EXIT_USAGE} on bad configuration, {@value #EXIT_START_FAILED} when it cannot
     * listen.
     *
     * @param args the command-line arguments ({@code --help} lists them)
     * @throws InterruptedException if interrupted while waiting for the stop
     */
    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the configuration, starts, and waits until the JVM shuts down or the application is
     * healthy; returns the exit status.
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        return run(args, env, out, err, Clock.systemUTC());
    }

    /** {@link #run(String[], Map, PrintStream, PrintStream)} with the clock that dates the page and times the stand-in. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock)
            throws InterruptedException {
        StandaloneConfig config;
        try {
            config = StandaloneConfig.parse(env, args, StandaloneServer.class.getClassLoader(), clock);
        } catch (StandaloneConfig.HelpRequested e) {
            out.print(StandaloneConfig.USAGE);
            return 0;
        } catch (StandaloneConfig.UsageException e) {
            err.println("maintenance-standalone: " + e.getMessage());
            err.println("Try --help.");
            return EXIT_USAGE;
        }
        StandaloneServer server;
        try {
            server = start(config, clock);
        } catch (IOException | RuntimeException e) {
            String host = hostForUrl(config.host());
            String http = config.port() == StandaloneConfig.OFF ? null : host + ":" + config.port();
            String https = config.https() ? host + ":" + config.httpsPort() + " (HTTPS)" : null;
            err.println("maintenance-standalone: cannot listen on " + (http == null ? https
                    : https == null ? http : http + " and " + https) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_START_FAILED;
        }
        String warning = certificateWarning(config, clock);
        Lifecycle life = new Lifecycle(server, out);
        Thread hook = new Thread(life::stopAndWait, "maintenance-standalone-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Maintenance page server listening on " + listeners(config, server.port(), server.httpsPort())
                + " (pid " + ProcessHandle.current().pid() + ", status " + config.status() + ", languages "
                + String.join(",", config.page().languages())
                + (config.https() ? "; certificate " + config.tls().subject() + ", expires " + config.tls().notAfter()
                        : "") + ")");
        if (warning != null) {
            out.println("WARNING: " + warning);
        }
        HealthCheck check = config.stopWhenHealthy();
        if (check != null) {
            out.println("Stopping when " + check.url() + " answers 2xx " + check.successes()
                    + (check.successes() == 1 ? " time" : " times in a row") + " (a check every "
                    + Durations.format(check.interval()) + ", time-out " + Durations.format(check.timeout()) + ")");
            life.watch(HealthWatch.start(check, clock, line -> {
                out.println(line);
                out.flush();
            }, life::stop));
        }
        out.flush();
        life.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (SIGTERM): the hook runs or has run.
        }
        return 0;
    }

    /**
     * Stops the server once, whichever comes first: SIGTERM or Ctrl-C (the shutdown hook), or the
     * application found healthy (the health watch's thread).
     */
    private static final class Lifecycle {
        private final StandaloneServer server;
        private final PrintStream out;
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile HealthWatch watch;

        Lifecycle(StandaloneServer server, PrintStream out) {
            this.server = server;
            this.out = out;
        }

        void watch(HealthWatch w) {
            watch = w;
            if (stopping.get()) {
                w.close();
            }
        }

        void stop() {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            HealthWatch w = watch;
            if (w != null) {
                w.close();
            }
            out.println("Stopping the maintenance page server...");
            out.flush();
            server.close();
            out.println("Maintenance page server stopped.");
            out.flush();
            stopped.countDown();
        }

        /** For the shutdown hook: the JVM must not halt while the other path is still stopping. */
        void stopAndWait() {
            stop();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void await() throws InterruptedException {
            stopped.await();
        }
    }

    /** {@code http://host:80 and https://host:443}: the listeners that are on. */
    private static String listeners(StandaloneConfig config, int port, int httpsPort) {
        String host = hostForUrl(config.host());
        String http = port == StandaloneConfig.OFF ? null : "http://" + host + ":" + port;
        String https = httpsPort == StandaloneConfig.OFF ? null : "https://" + host + ":" + httpsPort;
        return http == null ? https : https == null ? http : http + " and " + https;
    }

    /** The warning for a certificate that expires soon; dates were checked when the options were read. */
    private static String certificateWarning(StandaloneConfig config, Clock clock) {
        if (!config.https()) {
            return null;
        }
        try {
            return config.tls().checkValidity(clock.instant());
        } catch (TlsMaterial.BadMaterial e) {
            return e.getMessage();
        }
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
