package io.github.maintenance.standalone;

import io.github.maintenance.Durations;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone maintenance page server, for when the whole application is down (containers
 * rebuilt, database restored): {@code java -jar maintenance-standalone.jar} serves the same
 * built-in page as the filter on every path, with nothing but the JDK.
 *
 * <ul>
 *   <li>every path, every method: {@link StandaloneConfig#status()} (503), {@code Retry-After},
 *       {@code X-Maintenance-Mode: true}, {@code Cache-Control: no-store}; HTML, JSON or plain
 *       text by {@code Accept}, in the language chosen by {@code Accept-Language}; no body for
 *       {@code HEAD};</li>
 *   <li>{@code /health}: 200 {@code {"status":"ok","maintenance":true}}, so that a load balancer
 *       keeps routing to the page.</li>
 * </ul>
 *
 * <p>It listens on HTTP ({@link StandaloneConfig#port()}), on HTTPS
 * ({@link StandaloneConfig#httpsPort()}, with the {@link TlsSettings} of
 * {@link StandaloneConfig#tls()}), or on both at once, with the same answers on each.
 *
 * <p>The page is rendered once at start (by the core's {@link PageRenderer}, the filter's
 * renderer); requests only pick pre-rendered bytes. Requests are handled by at most
 * {@link StandaloneConfig#threads()} threads with a bounded queue; when it is full, new
 * connections are closed rather than queued without limit. {@link #close()} stops accepting,
 * lets exchanges in progress finish for up to a second and stops the threads; {@link #main}
 * does that on SIGTERM or Ctrl-C.
 *
 * <p>Thread-safe.
 */
public final class StandaloneServer implements AutoCloseable {

    /** Exit status for bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the server cannot listen. */
    public static final int EXIT_START_FAILED = 1;

    private static final byte[] HEALTH = "{\"status\":\"ok\",\"maintenance\":true}".getBytes(StandardCharsets.UTF_8);
    private static final int QUEUE = 512;

    /** The HTTP listener, or {@code null} when HTTP is off. */
    private final HttpServer http;
    /** The HTTPS listener, or {@code null} when HTTPS is off. */
    private final HttpsServer https;
    private final ThreadPoolExecutor workers;
    private final StandaloneConfig config;
    private final RenderedPage page;
    private final String retryAfter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();

    private StandaloneServer(HttpServer http, HttpsServer https, ThreadPoolExecutor workers, StandaloneConfig config,
            RenderedPage page) {
        this.http = http;
        this.https = https;
        this.workers = workers;
        this.config = config;
        this.page = page;
        this.retryAfter = Long.toString(config.retryAfter().getSeconds());
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
     * {@link #start(StandaloneConfig)} with the clock that dates the page.
     *
     * @param config the configuration
     * @param clock  the clock that dates the page
     * @return the running server
     * @throws IOException when the address cannot be bound ({@link BindException} when it is in use),
     *                     or TLS cannot be set up; then no listener is left open
     */
    public static StandaloneServer start(StandaloneConfig config, Clock clock) throws IOException {
        RenderedPage page = new PageRenderer(config.page()).maintenance(null, config.retryAfter(), config.until(),
                clock.instant());
        HttpServer http = null;
        HttpsServer https = null;
        try {
            if (config.port() != StandaloneConfig.OFF) {
                http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
            }
            if (config.https()) {
                https = HttpsServer.create(new InetSocketAddress(config.host(), config.httpsPort()), 128);
                https.setHttpsConfigurator(configurator(config.tls()));
            }
        } catch (IOException | RuntimeException e) {
            stopAll(http, https);
            throw e;
        }
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threads(), new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        StandaloneServer s = new StandaloneServer(http, https, workers, config, page);
        for (HttpServer server : new HttpServer[] {http, https}) {
            if (server != null) {
                server.createContext("/", s::handle);
                server.setExecutor(workers);
                server.start();
            }
        }
        return s;
    }

    /** Every HTTPS connection gets the {@link TlsSettings}' protocols, cipher suites and server order. */
    private static HttpsConfigurator configurator(TlsMaterial material) throws IOException {
        TlsSettings tls;
        try {
            tls = TlsSettings.of(material);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        return new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(tls.parameters());
            }
        };
    }

    private static void stopAll(HttpServer... servers) {
        for (HttpServer server : servers) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "maintenance-page-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The bound address: HTTP's, or HTTPS's when HTTP is off.
     *
     * @return the address, with the real port when 0 was asked for
     */
    public InetSocketAddress address() {
        return (http != null ? http : https).getAddress();
    }

    /**
     * The bound HTTP port.
     *
     * @return the port, or {@link StandaloneConfig#OFF} when HTTP is off
     */
    public int port() {
        return http == null ? StandaloneConfig.OFF : http.getAddress().getPort();
    }

    /**
     * The bound HTTPS port.
     *
     * @return the port, or {@link StandaloneConfig#OFF} when HTTPS is off
     */
    public int httpsPort() {
        return https == null ? StandaloneConfig.OFF : https.getAddress().getPort();
    }

    /**
     * The configuration.
     *
     * @return the configuration it was started with
     */
    public StandaloneConfig config() {
        return config;
    }

    private void handle(HttpExchange exchange) throws IOException {
        active.incrementAndGet();
        try (exchange) {
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            Headers h = exchange.getResponseHeaders();
            h.set("Cache-Control", "no-store");
            if ("/health".equals(exchange.getRequestURI().getRawPath())) {
                h.set("Content-Type", "application/json");
                send(exchange, 200, HEALTH, head);
                return;
            }
            Headers in = exchange.getRequestHeaders();
            Variant variant = Variant.negotiate(in.getFirst("Accept"));
            int language = page.select(in.getFirst("Accept-Language"));
            h.set("X-Maintenance-Mode", "true");
            h.set("Retry-After", retryAfter);
            h.set("Vary", page.isLocalized() ? "Accept, Accept-Language" : "Accept");
            String tag = page.language(language);
            if (tag != null) {
                h.set("Content-Language", tag);
            }
            if (page.refreshHeader() != null) {
                h.set("Refresh", page.refreshHeader());
            }
            h.set("Content-Type", variant.contentType());
            if (head) {
                h.set("Content-Length", Integer.toString(page.length(variant, language)));
                exchange.sendResponseHeaders(config.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(config.status(), page.length(variant, language));
            try (OutputStream out = exchange.getResponseBody()) {
                page.writeTo(variant, language, out);
            }
        } finally {
            active.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Stops accepting, lets exchanges in progress finish for up to a second (the JDK server waits
     * that long whenever it is given a delay, so none is given when nothing is in progress), and
     * stops the threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int delay = active.get() == 0 ? 0 : 1;
        if (http != null) {
            http.stop(https == null ? delay : 0);
        }
        if (https != null) {
            https.stop(delay);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
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
        applyServerProperties(config);
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

    /**
     * System properties the JDK server reads once, unless set on the command line: time-outs for
     * reading a request and writing a response, which close connections of clients that send or
     * read too slowly, and {@code TCP_NODELAY}, without which the response's header and body
     * writes wait for the client's delayed ACK (about 40 ms per keep-alive request).
     */
    private static void applyServerProperties(StandaloneConfig config) {
        String seconds = Long.toString(Math.max(1, config.requestTimeout().getSeconds()));
        setIfAbsent("sun.net.httpserver.maxReqTime", seconds);
        setIfAbsent("sun.net.httpserver.maxRspTime", seconds);
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
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
