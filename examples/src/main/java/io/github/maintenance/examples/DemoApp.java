package io.github.maintenance.examples;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.jdbc.JdbcStateStore;
import io.github.maintenance.notify.Notifications;
import io.github.maintenance.notify.WebhookNotifier;
import io.github.maintenance.redis.RedisStateStore;
import io.github.maintenance.registry.RegistryConfig;
import io.github.maintenance.registry.RegistryServer;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.FlagFileWatcher;
import io.github.maintenance.servlet.FilterSettings;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.dashboard.DashboardServlet;
import io.github.maintenance.servlet.dashboard.DashboardSettings;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The maintenance demo: an embedded Jetty 12 server with three routes behind
 * {@link MaintenanceFilter}, a loopback-only control endpoint, and the registry (the TCP control
 * socket that {@code maintenancectl} and the Go registry client speak) on {@code 127.0.0.1}.
 *
 * <pre>
 * java -jar examples/target/maintenance-demo.jar [--http-port 8080] [--host 127.0.0.1]
 *     [--registry-port 7000] [--token SECRET] [--state-dir DIR] [--redis redis://HOST:PORT]
 *     [--jdbc jdbc:postgresql://HOST:PORT/DB [--jdbc-user USER] [--jdbc-password PASSWORD]]
 *     [--webhook URL [--webhook-secret SECRET]]
 * </pre>
 *
 * <p>State: in memory by default. {@code --state-dir DIR} keeps it in
 * {@code DIR/maintenance-state.properties} (it survives a restart or a crash) and watches the flag
 * file {@code DIR/.maintenance}. {@code --redis URI} keeps it in Redis, shared by every demo
 * instance on that Redis (with {@code --state-dir}, also a local copy of the last known state and
 * the flag file); {@code --jdbc URL} likewise in a database (PostgreSQL: changes arrive by
 * {@code LISTEN/NOTIFY}; others: polled every second).
 *
 * <table>
 * <caption>Paths</caption>
 * <tr><th>path</th><th>route</th><th>what</th></tr>
 * <tr><td>{@code /}</td><td>{@code site}</td><td>HTML home page</td></tr>
 * <tr><td>{@code /api}</td><td>{@code api}</td><td>JSON</td></tr>
 * <tr><td>{@code /admin}</td><td>{@code admin}</td><td>HTML admin page</td></tr>
 * <tr><td>{@code /health}</td><td>exempt</td><td>always 200</td></tr>
 * <tr><td>{@code /ready}</td><td>readiness</td><td>200 serving or in maintenance, 503 while the whole
 *     instance ({@code ALL}) drains</td></tr>
 * <tr><td>{@code /_control/…}</td><td>exempt</td><td>{@link ControlServlet}: enter, exit, drain, cancel,
 *     status; loopback clients only</td></tr>
 * <tr><td>{@code /maintenance-admin/}</td><td>exempt</td><td>the {@link DashboardServlet dashboard}: page,
 *     JSON API and actions, protected by the {@code --token} (a random one, printed at start, when none
 *     is given)</td></tr>
 * </table>
 *
 * <p>It binds {@code 127.0.0.1:8080} (HTTP) and {@code 127.0.0.1:7000} (registry) by default; the
 * registry always binds the loopback address, and {@code --token} makes it require that token
 * ({@code maintenancectl --token}). Tests start it in-process on port 0 with
 * {@link #start(Options)} and stop it with {@link #close()}. {@link #main(String[])} stops it
 * cleanly on SIGTERM or Ctrl-C (Jetty first, then the controller) and exits with status 2 on bad
 * arguments.
 *
 * <p>Thread-safe.
 */
public final class DemoApp implements AutoCloseable {

    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default registry port (on 127.0.0.1). */
    public static final int DEFAULT_REGISTRY_PORT = 7000;
    /** Default bind address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Where the dashboard is mounted. */
    public static final String DASHBOARD_PATH = "/maintenance-admin";
    /** Exit status for bad arguments. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the server cannot start (port in use, unknown host). */
    public static final int EXIT_START_FAILED = 1;

    private final Server server;
    private final ServerConnector connector;
    private final MaintenanceController controller;
    private final FlagFileWatcher flagFile;
    private final RegistryServer registry;
    private final DashboardServlet dashboard;
    private final String dashboardToken;
    private final Webhooks webhooks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoApp(Server server, ServerConnector connector, MaintenanceController controller,
            FlagFileWatcher flagFile, RegistryServer registry, DashboardServlet dashboard, String dashboardToken,
            Webhooks webhooks) {
        this.server = server;
        this.connector = connector;
        this.controller = controller;
        this.flagFile = flagFile;
        this.registry = registry;
        this.dashboard = dashboard;
        this.dashboardToken = dashboardToken;
        this.webhooks = webhooks;
    }

    /** The webhook notifier and its attachment to the controller ({@code --webhook}). */
    private record Webhooks(WebhookNotifier notifier, Notifications notifications) {

        static Webhooks start(MaintenanceController controller, Webhook webhook) {
            if (webhook == null) {
                return null;
            }
            WebhookNotifier.Builder b = WebhookNotifier.builder().url(webhook.url());
            if (webhook.secret() == null) {
                b.unsigned();
            } else {
                b.secret(webhook.secret());
            }
            WebhookNotifier notifier = b.build();
            return new Webhooks(notifier, Notifications.attach(controller, notifier));
        }

        static void close(Webhooks w) {
            if (w != null) {
                w.notifications().close();
                w.notifier().close();
            }
        }
    }


    /**
     * Command-line options.
     *
     * @param host         address to bind
     * @param port         port, 0 for any free port
     * @param registryPort registry port on 127.0.0.1, 0 for any free port
     * @param token        token the registry requires, or {@code null} for none
     * @param stateDir     directory of the state file and the flag file, or {@code null} (state in memory)
     * @param redis        Redis URI of the shared state, or {@code null}
     * @param jdbc         database of the shared state, or {@code null}
     * @param webhook      where to post signed notifications of changes, or {@code null}
     */
    public record Options(String host, int port, int registryPort, String token, Path stateDir, String redis,
            Jdbc jdbc, Webhook webhook) {

        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            if (registryPort < 0 || registryPort > 65_535) {
                throw new IllegalArgumentException("registry port must be 0 to 65535, got " + registryPort);
            }
        }

        /** These options without a webhook. */
        public Options(String host, int port, int registryPort, String token, Path stateDir, String redis,
                Jdbc jdbc) {
            this(host, port, registryPort, token, stateDir, redis, jdbc, null);
        }

        /** These options without a database. */
        public Options(String host, int port, int registryPort, String token, Path stateDir, String redis) {
            this(host, port, registryPort, token, stateDir, redis, null);
        }

        /** These options with a webhook. */
        public Options withWebhook(Webhook value) {
            return new Options(host, port, registryPort, token, stateDir, redis, jdbc, value);
        }

        /** These options with a database (shared state in the JDBC store). */
        public Options withJdbc(Jdbc value) {
            return new Options(host, port, registryPort, token, stateDir, redis, value, webhook);
        }

        /** HTTP on {@code host:port}, the registry on its default port, no token, state in memory. */
        public Options(String host, int port) {
            this(host, port, DEFAULT_REGISTRY_PORT, null, null, null);
        }

        /** HTTP on {@code host:port}, the registry on {@code registryPort} with {@code token}, state in memory. */
        public Options(String host, int port, int registryPort, String token) {
            this(host, port, registryPort, token, null, null);
        }

        /** These options with a state directory (file store and flag file). */
        public Options withStateDir(Path value) {
            return new Options(host, port, registryPort, token, value, redis, jdbc, webhook);
        }

        /** These options with a Redis URI (shared state). */
        public Options withRedis(String value) {
            return new Options(host, port, registryPort, token, stateDir, value, jdbc, webhook);
        }

        /** {@code 127.0.0.1:8080}, registry on {@code 127.0.0.1:7000}. */
        public static Options defaults() {
            return new Options(DEFAULT_HOST, DEFAULT_PORT);
        }

        /** These options on another port. */
        public Options withPort(int value) {
            return new Options(host, value, registryPort, token, stateDir, redis, jdbc, webhook);
        }

        /** These options with another registry port. */
        public Options withRegistryPort(int value) {
            return new Options(host, port, value, token, stateDir, redis, jdbc, webhook);
        }

        /** These options with a token. */
        public Options withToken(String value) {
            return new Options(host, port, registryPort, value, stateDir, redis, jdbc, webhook);
        }
    }

    /**
     * The database of the shared state ({@code --jdbc}).
     *
     * @param url      the JDBC URL
     * @param user     the user, or {@code null} (none, or in the URL)
     * @param password the password, or {@code null} (none, or in the URL)
     */
    public record Jdbc(String url, String user, String password) {

        /** Requires the URL. */
        public Jdbc {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return "Jdbc[url=" + url + ", user=" + user + (password == null ? "]" : ", password=***]");
        }
    }

    /**
     * A webhook of the demo ({@code --webhook}, {@code --webhook-secret}).
     *
     * @param url    the destination URL
     * @param secret the signing secret, or {@code null} to send unsigned (Slack-style URLs)
     */
    public record Webhook(String url, String secret) {

        /** Requires the URL. */
        public Webhook {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return "Webhook[url=***, secret=" + (secret == null ? "none]" : "***]");
        }
    }

    /** The registry could not start (its port in use, say); the cause says why. */
    static final class RegistryStartException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        RegistryStartException(Exception cause) {
            super("registry: " + cause.getMessage(), cause);
        }
    }

    /**
     * Creates the controller, starts Jetty, then the registry on {@code 127.0.0.1}; returns once
     * both accept connections.
     *
     * @throws Exception when either cannot start (port in use, address not available); whatever
     *                   was started is stopped and the controller is closed then
     */
    public static DemoApp start(Options options) throws Exception {
        // Detailed statistics: the dashboard, /_control/status and STATS_GET show per-route traffic;
        // requests in progress are counted, so `maintenancectl exec --wait-idle` can wait for them.
        MaintenanceConfig.Builder config = MaintenanceConfig.custom()
                .route(Route.builder("site").path("/").build())
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .detailedStatistics(true)
                .trackInFlight(true);
        StateStore store = stateStore(options);
        if (store != null) {
            config.stateStore(store).instanceName(instanceName(options));
        }
        MaintenanceController controller = MaintenanceController.create(config.build());
        Webhooks webhooks;
        FlagFileWatcher flagFile;
        try {
            webhooks = Webhooks.start(controller, options.webhook());
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        try {
            flagFile = options.stateDir() == null ? null : FlagFileWatcher.start(controller, options.stateDir());
        } catch (MaintenanceException e) {
            Webhooks.close(webhooks);
            controller.close();
            throw e;
        }
        if (store instanceof RedisStateStore redis) {
            redis.publishCountersOf(controller);
        }
        FilterSettings settings = FilterSettings.custom()
                .exemptPaths("/health", "/_control", DASHBOARD_PATH)
                .readinessPath("/ready")
                .build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MaintenanceFilter(controller, settings));
        filter.setName("maintenance");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        addServlet(context, new DemoServlets.Home(), "/");
        addServlet(context, new DemoServlets.Api(Clock.systemUTC()), "/api/*");
        addServlet(context, new DemoServlets.Admin(), "/admin/*");
        addServlet(context, new DemoServlets.Health(), "/health");
        addServlet(context, new ControlServlet(controller), "/_control/*");
        String dashboardToken = options.token() != null ? options.token() : randomToken();
        DashboardServlet dashboard = new DashboardServlet(controller, DashboardSettings.custom()
                .token(dashboardToken).title("Maintenance demo").build());
        addServlet(context, dashboard, DASHBOARD_PATH + "/*");
        server.setHandler(context);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (flagFile != null) {
                flagFile.close();
            }
            Webhooks.close(webhooks);
            controller.close();
            throw e;
        }
        RegistryServer registry;
        try {
            RegistryConfig.Builder rc = RegistryConfig.custom().bindAddress(DEFAULT_HOST).port(options.registryPort());
            if (options.token() != null) {
                rc.token(options.token());
            }
            registry = RegistryServer.start(controller, rc.build());
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (flagFile != null) {
                flagFile.close();
            }
            Webhooks.close(webhooks);
            controller.close();
            throw new RegistryStartException(e);
        }
        return new DemoApp(server, connector, controller, flagFile, registry, dashboard, dashboardToken, webhooks);
    }

    /** 32 random URL-safe characters (192 bits). */
    private static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The store the options ask for, or {@code null} for the in-memory default. */
    private static StateStore stateStore(Options options) {
        if (options.redis() != null) {
            return RedisStateStore.builder(options.redis()).clientName("maintenance-demo")
                    .localCopy(options.stateDir() == null ? null
                            : options.stateDir().resolve(FileStateStore.DEFAULT_FILE_NAME))
                    .build();
        }
        if (options.jdbc() != null) {
            return JdbcStateStore.builder(options.jdbc().url(), options.jdbc().user(), options.jdbc().password())
                    .localCopy(options.stateDir() == null ? null
                            : options.stateDir().resolve(FileStateStore.DEFAULT_FILE_NAME))
                    .build();
        }
        return options.stateDir() == null ? null : FileStateStore.inDirectory(options.stateDir());
    }

    /** A name that stays the same across restarts and differs between instances on one machine. */
    private static String instanceName(Options options) {
        String host = System.getenv("HOSTNAME");
        String base = host == null || host.isBlank() || host.length() > 100 ? "demo" : host;
        return base + ":" + (options.port() == 0 ? "pid" + ProcessHandle.current().pid() : options.port());
    }

    private static void addServlet(ServletContextHandler context, HttpServlet servlet, String pathSpec) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pathSpec);
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The URL of {@code path} on this server, through the loopback interface when the server binds
     * every interface.
     */
    public URI uri(String path) {
        String host = connector.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + path);
    }

    /** The port the registry listens on (on 127.0.0.1). */
    public int registryPort() {
        return registry.port();
    }

    /** The registry. */
    public RegistryServer registry() {
        return registry;
    }

    /** The dashboard's token: {@code --token}, or the random one made at start when none was given. */
    public String dashboardToken() {
        return dashboardToken;
    }

    /** The controller behind the filter: the Java API a real application would call. */
    public MaintenanceController controller() {
        return controller;
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops the registry, ends the dashboard's event streams (so that open pages do not hold up the
     * stop), stops Jetty (letting requests in flight finish, up to 5 s), then closes the controller.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            registry.close();
            dashboard.closeEventStreams();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the demo server", e);
        } finally {
            if (flagFile != null) {
                flagFile.close();
            }
            Webhooks.close(webhooks);
            controller.close();
        }
    }

    /**
     * Runs the demo until SIGTERM or Ctrl-C.
     *
     * @param args see {@link DemoArguments#USAGE}
     */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses {@code args}, starts the demo, prints its URLs and waits until the JVM shuts down.
     *
     * @return the exit status: 0 after {@code --help} or a clean stop, {@link #EXIT_USAGE} on bad
     *         arguments, {@link #EXIT_START_FAILED} when the server cannot start
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Options options;
        try {
            options = DemoArguments.parse(args);
        } catch (DemoArguments.HelpRequested e) {
            out.print(DemoArguments.USAGE);
            return 0;
        } catch (DemoArguments.UsageException e) {
            err.println("maintenance-demo: " + e.getMessage());
            err.println();
            err.print(DemoArguments.USAGE);
            return EXIT_USAGE;
        }
        DemoApp app;
        try {
            app = start(options);
        } catch (MaintenanceException e) {
            err.println("maintenance-demo: " + e.getMessage());
            return EXIT_START_FAILED;
        } catch (Exception e) {
            if (e instanceof RegistryStartException) {
                err.println("maintenance-demo: cannot start the registry on " + DEFAULT_HOST + ":" + options.registryPort()
                        + ": " + e.getCause());
            } else {
                err.println("maintenance-demo: cannot listen on " + options.host() + ":" + options.port() + ": " + e);
            }
            return EXIT_START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the maintenance demo...");
            app.close();
            out.println("Maintenance demo stopped.");
            out.flush();
        }, "maintenance-demo-shutdown"));
        printBanner(app, options, out);
        app.join();
        return 0;
    }

    private static void printBanner(DemoApp app, Options options, PrintStream out) {
        String base = app.uri("").toString();
        out.println("Maintenance demo listening on " + options.host() + ":" + app.port()
                + (DEFAULT_HOST.equals(options.host()) ? " (this machine only; --host 0.0.0.0 for every interface)"
                        : ""));
        out.println("  home      " + base + "/");
        out.println("  api       " + base + "/api");
        out.println("  admin     " + base + "/admin");
        out.println("  health    " + base + "/health");
        out.println("  ready     " + base + "/ready");
        out.println("  status    " + base + "/_control/status");
        out.println("  registry  " + DEFAULT_HOST + ":" + app.registryPort()
                + (options.token() == null ? " (no token: this machine only)" : " (token required)"));
        if (options.stateDir() != null || options.redis() != null || options.jdbc() != null) {
            out.println("  state     " + app.controller.storeStatus().store()
                    + (app.flagFile == null ? "" : ", flag file " + app.flagFile.file()));
        }
        if (options.webhook() != null) {
            out.println("  webhook   " + app.webhooks.notifier() + (options.webhook().secret() == null
                    ? " (unsigned)" : " (signed: webhook-id, webhook-timestamp, webhook-signature)"));
        }
        out.println("  dashboard " + base + DASHBOARD_PATH + "/  token: " + (options.token() == null
                ? app.dashboardToken() + " (generated for this run; --token to choose one)" : "the --token"));
        out.println("Put /admin into maintenance and back (from this machine):");
        out.println("  curl -X POST '" + base + "/_control/enter?target=/admin&message=Back+soon'");
        out.println("  curl -i " + base + "/admin");
        out.println("  curl -X POST '" + base + "/_control/exit?target=/admin'");
        String ctl = "scripts/maintenancectl --port " + app.registryPort() + (options.token() == null ? "" : " --token …");
        out.println("or through the registry:");
        out.println("  " + ctl + " enter --target /admin");
        out.println("  " + ctl + " exit --target /admin");
        out.println("Stop with Ctrl-C.");
        out.flush();
    }
}
