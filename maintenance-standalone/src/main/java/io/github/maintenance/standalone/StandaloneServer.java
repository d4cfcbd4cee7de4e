package io.github.maintenance.standalone;

import io.github.maintenance.Durations;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final StandaloneConfig config;
    private final RenderedPage page;
    private final String retryAfter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();

    private StandaloneServer(HttpServer server, ThreadPoolExecutor workers, StandaloneConfig config, RenderedPage page) {
        this.server = server;
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
     * @throws IOException when the address cannot be bound ({@link BindException} when it is in use)
     */
    public static StandaloneServer start(StandaloneConfig config, Clock clock) throws IOException {
        RenderedPage page = new PageRenderer(config.page()).maintenance(null, config.retryAfter(), config.until(),
                clock.instant());
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threads(), new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        StandaloneServer s = new StandaloneServer(server, workers, config, page);
        server.createContext("/", s::handle);
        server.setExecutor(workers);
        server.start();
        return s;
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
     * The bound address.
     *
     * @return the address, with the real port when 0 was asked for
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * The bound port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
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
        server.stop(active.get() == 0 ? 0 : 1);
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
            config = StandaloneConfig.parse(env, args, StandaloneServer.class.getClassLoader());
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
            err.println("maintenance-standalone: cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_START_FAILED;
        }
        Lifecycle life = new Lifecycle(server, out);
        Thread hook = new Thread(life::stopAndWait, "maintenance-standalone-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Maintenance page server listening on http://" + hostForUrl(config.host()) + ":" + server.port()
                + " (pid " + ProcessHandle.current().pid() + ", status " + config.status() + ", languages "
                + String.join(",", config.page().languages()) + ")");
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

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
