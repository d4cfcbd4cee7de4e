package io.github.maintenance.servlet.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Jetty 12 servers on 127.0.0.1 and a free port for the tests of a class, stopped for them.
 *
 * <p>A server the extension starts itself, described by a builder; it starts before each test
 * and stops after it, or, with {@link Builder#stopAfterAll()} on a {@code static} field, serves
 * the whole class. Suppliers are called at each start, so every test gets fresh filters and
 * servlets and they may read fields of the test instance:
 *
 * <pre>{@code
 * private final MaintenanceController controller = MaintenanceController.create(config);
 *
 * @RegisterExtension
 * final JettyServerExtension jetty = JettyServerExtension.builder()
 *         .filter(() -> new MaintenanceFilter(controller))
 *         .servlet(OkServlet::new, "/*")
 *         .build();
 *
 * @Test
 * void blocks() {
 *     controller.enter("ALL");
 *     assertThat(Http.get(jetty.uri("/x")).statusCode()).isEqualTo(503);
 * }
 * }</pre>
 *
 * <p>Servers a test configures itself, started on demand; each is stopped after the test that
 * started it (or after the class when started in {@code @BeforeAll}), also when the test fails:
 *
 * <pre>{@code
 * @RegisterExtension
 * final JettyServerExtension jetty = JettyServerExtension.onDemand();
 *
 * @Test
 * void initParameters() throws Exception {
 *     JettyServer server = jetty.start(JettyServerExtension.builder()
 *             .filter(new MaintenanceFilter()).initParam("maintenance", "ALL")
 *             .servlet(new OkServlet(), "/*"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Filters are mapped on {@code /*} for REQUEST dispatches and, like servlets, support async
 * requests. {@link #uri(String)}, {@link #port()} and the other accessors refer to the server
 * started last that still belongs to the running test or class. Not thread-safe: start servers
 * from the test's thread; the {@link JettyServer}s themselves may be used from any thread.
 */
public final class JettyServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final Builder server;
    private final boolean perClass;
    private final List<JettyServer> classServers = new ArrayList<>();
    private final List<JettyServer> testServers = new ArrayList<>();
    private boolean inTest;
    private boolean classStarted;
    private volatile JettyServer current;

    private JettyServerExtension(Builder server, boolean perClass) {
        this.server = server;
        this.perClass = perClass;
    }

    /** A description of one server: build an extension from it, or pass it to {@link #start(Builder)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** An extension that starts servers only when a test asks: {@link #start(Builder)} and its shorthands. */
    public static JettyServerExtension onDemand() {
        return new JettyServerExtension(null, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classStarted = true;
        if (server != null && perClass) {
            start(server);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (server != null && perClass && !classStarted) {
            throw new ExtensionConfigurationException("JettyServerExtension with stopAfterAll() must be registered "
                    + "on a static field (or with a per-class test instance), so that it sees the class start and end");
        }
        inTest = true;
        if (server != null && !perClass) {
            start(server);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        current = classServers.isEmpty() ? null : classServers.get(classServers.size() - 1);
        stopAll(testServers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        current = null;
        stopAll(classServers);
    }

    /** Starts the server {@code description} describes; it becomes the {@linkplain #server() current} one. */
    public JettyServer start(Builder description) throws Exception {
        JettyServer started = JettyServer.start(description);
        (inTest ? testServers : classServers).add(started);
        current = started;
        return started;
    }

    /** Starts a server whose root context {@code setup} fills with filters and servlets. */
    public JettyServer start(Consumer<ServletContextHandler> setup) throws Exception {
        return start(builder().customize(setup));
    }

    /** Starts a server with a context at {@code contextPath}. */
    public JettyServer start(String contextPath, Consumer<ServletContextHandler> setup) throws Exception {
        return start(builder().contextPath(contextPath).customize(setup));
    }

    /** Starts a server on {@code host} (an address literal such as {@code 127.0.0.1} or {@code ::1}). */
    public JettyServer start(String host, String contextPath, Consumer<ServletContextHandler> setup)
            throws Exception {
        return start(builder().host(host).contextPath(contextPath).customize(setup));
    }

    /**
     * The current server.
     *
     * @throws IllegalStateException when no server of the running test or class is up
     */
    public JettyServer server() {
        JettyServer s = current;
        if (s == null) {
            throw new IllegalStateException("no Jetty server is running: "
                    + (server == null ? "start one with start(…)" : "the extension starts it before each test"));
        }
        return s;
    }

    /** The current server's port. */
    public int port() {
        return server().port();
    }

    /** The current server's {@linkplain JettyServer#uri(String) URI} of {@code path}. */
    public URI uri(String path) {
        return server().uri(path);
    }

    /** The current server's {@linkplain JettyServer#baseUri() context root}. */
    public URI baseUri() {
        return server().baseUri();
    }

    /** The current server's servlet context. */
    public ServletContextHandler context() {
        return server().context();
    }

    private static void stopAll(List<JettyServer> servers) {
        RuntimeException failure = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One server: where it listens, its context and what the context holds, in the order given.
     * Not thread-safe; {@link #start()} and {@link JettyServerExtension#start(Builder)} may be
     * called more than once, each time with fresh filters and servlets from the suppliers.
     */
    public static final class Builder {

        String host = "127.0.0.1";
        int port;
        String contextPath = "/";
        Supplier<? extends ThreadPool> threadPool;
        Supplier<? extends ServletContextHandler> context;
        Path keyStore;
        String keyStorePassword;
        private final List<Consumer<ServletContextHandler>> steps = new ArrayList<>();
        private Map<String, String> lastInitParams;
        private boolean perClass;
        final Consumer<ServletContextHandler> setup = ctx -> {
            for (Consumer<ServletContextHandler> step : steps) {
                step.accept(ctx);
            }
        };

        private Builder() {
        }

        /** The address to listen on: {@code 127.0.0.1} unless set, {@code ::1} for IPv6. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port: 0 (a free one) unless set; a fixed one for a server that comes up on a port reserved earlier. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The context path, {@code /} unless set. */
        public Builder contextPath(String value) {
            this.contextPath = Objects.requireNonNull(value, "contextPath");
            return this;
        }

        /** The context itself instead of a plain {@code ServletContextHandler}, e.g. a configured {@code WebAppContext}. */
        public Builder context(Supplier<? extends ServletContextHandler> value) {
            this.context = Objects.requireNonNull(value, "context");
            return this;
        }

        /** The server's thread pool instead of Jetty's default (to test with few threads, say). */
        public Builder threadPool(Supplier<? extends ThreadPool> value) {
            this.threadPool = Objects.requireNonNull(value, "threadPool");
            return this;
        }

        /** HTTPS with the key in a PKCS12 key store (SNI host checks off); {@link JettyServer#uri} then says {@code https}. */
        public Builder tls(Path pkcs12KeyStore, String password) {
            this.keyStore = Objects.requireNonNull(pkcs12KeyStore, "pkcs12KeyStore");
            this.keyStorePassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Adds the same filter instance at every start (fine for a server started once). */
        public Builder filter(Filter filter) {
            Objects.requireNonNull(filter, "filter");
            return filter(() -> filter, EnumSet.of(DispatcherType.REQUEST));
        }

        /** Adds a filter made at each start, mapped on {@code /*} for REQUEST dispatches. */
        public Builder filter(Supplier<? extends Filter> filter) {
            return filter(filter, EnumSet.of(DispatcherType.REQUEST));
        }

        /** Adds a filter made at each start, mapped on {@code /*} for the given dispatcher types. */
        public Builder filter(Supplier<? extends Filter> filter, EnumSet<DispatcherType> dispatcherTypes) {
            Objects.requireNonNull(filter, "filter");
            EnumSet<DispatcherType> types = EnumSet.copyOf(dispatcherTypes);
            Map<String, String> params = new LinkedHashMap<>();
            lastInitParams = params;
            steps.add(ctx -> {
                FilterHolder holder = JettyServer.addFilter(ctx, filter.get(), types);
                params.forEach(holder::setInitParameter);
            });
            return this;
        }

        /** Adds the same servlet instance at every start (fine for a server started once). */
        public Builder servlet(Servlet servlet, String pathSpec) {
            Objects.requireNonNull(servlet, "servlet");
            return servlet(() -> servlet, pathSpec);
        }

        /** Adds a servlet made at each start, async supported. */
        public Builder servlet(Supplier<? extends Servlet> servlet, String pathSpec) {
            Objects.requireNonNull(servlet, "servlet");
            Objects.requireNonNull(pathSpec, "pathSpec");
            Map<String, String> params = new LinkedHashMap<>();
            lastInitParams = params;
            steps.add(ctx -> {
                ServletHolder holder = new ServletHolder(servlet.get());
                holder.setAsyncSupported(true);
                params.forEach(holder::setInitParameter);
                ctx.addServlet(holder, pathSpec);
            });
            return this;
        }

        /**
         * An init-parameter of the filter or servlet added last.
         *
         * @throws IllegalStateException when none was added yet
         */
        public Builder initParam(String name, String value) {
            if (lastInitParams == null) {
                throw new IllegalStateException("initParam(" + name + ", …) needs a filter or servlet added before it");
            }
            lastInitParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Init-parameters of the filter or servlet added last, in the map's order. */
        public Builder initParams(Map<String, String> params) {
            params.forEach(this::initParam);
            return this;
        }

        /** A servlet-context attribute, its value taken at each start. */
        public Builder attribute(String name, Supplier<?> value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            steps.add(ctx -> ctx.setAttribute(name, value.get()));
            return this;
        }

        /** Anything else the context needs, run at each start after what was added before it. */
        public Builder customize(Consumer<ServletContextHandler> step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Start before each test, stop after it: the default. */
        public Builder stopAfterEach() {
            this.perClass = false;
            return this;
        }

        /** Start once before the class's tests, stop after them; needs a {@code static} field. */
        public Builder stopAfterAll() {
            this.perClass = true;
            return this;
        }

        /** An extension that starts this server by itself (see {@link #stopAfterEach()} and {@link #stopAfterAll()}). */
        public JettyServerExtension build() {
            return new JettyServerExtension(this, perClass);
        }

        /**
         * Starts this server outside any extension, for a fixture that manages its own lifetime;
         * close it when done.
         */
        public JettyServer start() throws Exception {
            return JettyServer.start(this);
        }
    }
}
