package io.github.maintenance.servlet.testing;

import java.net.URI;
import java.util.EnumSet;
import java.util.function.Consumer;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 server on 127.0.0.1 and a free port, for integration tests. Close it when done.
 *
 * <pre>{@code
 * try (JettyServer server = JettyServer.start(ctx -> {
 *         JettyServer.addFilter(ctx, new MaintenanceFilter(controller));
 *         ctx.addServlet(new ServletHolder(new OkServlet()), "/*");
 *     })) {
 *     HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/x")).build(), ofString());
 * }
 * }</pre>
 */
public final class JettyServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private final String host;

    private JettyServer(Server server, ServerConnector connector, ServletContextHandler context, String host) {
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.host = host;
    }

    /** Starts a server with a root context that {@code setup} fills with filters and servlets. */
    public static JettyServer start(Consumer<ServletContextHandler> setup) throws Exception {
        return start("/", setup);
    }

    /** Starts a server with a context at {@code contextPath}. */
    public static JettyServer start(String contextPath, Consumer<ServletContextHandler> setup) throws Exception {
        return start("127.0.0.1", contextPath, setup);
    }

    /**
     * Starts a server listening on {@code host} (an address literal such as {@code 127.0.0.1} or
     * {@code ::1}) with a context at {@code contextPath}. When starting fails the server is
     * stopped before the exception is rethrown, so that nothing is left listening.
     */
    public static JettyServer start(String host, String contextPath, Consumer<ServletContextHandler> setup)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(0);
        // Idle keep-alive connections of the tests' pooled clients would otherwise hold a graceful stop for 1 s.
        connector.setShutdownIdleTimeout(50);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        setup.accept(context);
        server.setHandler(context);
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        return new JettyServer(server, connector, context, host);
    }

    /** Maps {@code filter} on {@code /*} for REQUEST dispatches, async supported: the recommended registration. */
    public static FilterHolder addFilter(ServletContextHandler context, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        return holder;
    }

    /** Maps a servlet, async supported. */
    public static ServletHolder addServlet(ServletContextHandler context, HttpServlet servlet, String pathSpec) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pathSpec);
        return holder;
    }

    /**
     * The {@code ServletException} whose message starts with {@code messagePrefix} (a filter's or
     * servlet's start-up error), wherever Jetty wrapped or attached it in {@code thrown}: its
     * causes and suppressed exceptions, ten levels deep.
     *
     * @throws AssertionError when {@code thrown} is {@code null} or holds no such exception
     */
    public static jakarta.servlet.ServletException startupError(Throwable thrown, String messagePrefix) {
        if (thrown == null) {
            throw new AssertionError("the server started, but a start-up error was expected");
        }
        jakarta.servlet.ServletException found = find(thrown, messagePrefix, 0);
        if (found == null) {
            throw new AssertionError("no ServletException starting with '" + messagePrefix + "' in " + thrown, thrown);
        }
        return found;
    }

    private static jakarta.servlet.ServletException find(Throwable t, String prefix, int depth) {
        if (t == null || depth > 10) {
            return null;
        }
        if (t instanceof jakarta.servlet.ServletException s && s.getMessage() != null
                && s.getMessage().startsWith(prefix)) {
            return s;
        }
        jakarta.servlet.ServletException f = find(t.getCause(), prefix, depth + 1);
        for (int i = 0; f == null && i < t.getSuppressed().length; i++) {
            f = find(t.getSuppressed()[i], prefix, depth + 1);
        }
        return f;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public ServletContextHandler context() {
        return context;
    }

    /** {@code http://127.0.0.1:<port><path>} (the host is bracketed when it is an IPv6 literal). */
    public URI uri(String path) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test server", e);
        }
    }
}
