package io.github.maintenance.servlet.testing;

import java.net.URI;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A running Jetty 12 with one servlet context, on a loopback address: what
 * {@link JettyServerExtension} starts (or {@link JettyServerExtension.Builder#start()} for a
 * fixture that manages its own servers). {@link #close()} stops it and may be called again.
 *
 * <p>The static helpers register filters and servlets the recommended way and find a start-up
 * error in what Jetty throws.
 */
public final class JettyServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private final String host;
    private final String scheme;
    private volatile boolean closed;

    private JettyServer(Server server, ServerConnector connector, ServletContextHandler context, String host,
            String scheme) {
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.host = host;
        this.scheme = scheme;
    }

    /**
     * Starts what {@code b} describes. When starting fails the server is stopped before the
     * exception is rethrown, so that nothing is left listening.
     */
    static JettyServer start(JettyServerExtension.Builder b) throws Exception {
        ThreadPool pool = b.threadPool == null ? null : b.threadPool.get();
        Server server = pool == null ? new Server() : new Server(pool);
        ServerConnector connector;
        if (b.keyStore == null) {
            connector = new ServerConnector(server, 1, 1);
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(b.keyStore.toString());
            ssl.setKeyStorePassword(b.keyStorePassword);
            ssl.setKeyStoreType("PKCS12");
            HttpConfiguration https = new HttpConfiguration();
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
        }
        connector.setHost(b.host);
        connector.setPort(b.port);
        // Idle keep-alive connections of the tests' pooled clients would otherwise hold a graceful stop for 1 s.
        connector.setShutdownIdleTimeout(50);
        server.addConnector(connector);
        ServletContextHandler context = b.context == null ? new ServletContextHandler() : b.context.get();
        context.setContextPath(b.contextPath);
        server.setHandler(context);
        server.setStopTimeout(2000);
        try {
            b.setup.accept(context);
            server.start();
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        return new JettyServer(server, connector, context, b.host, b.keyStore == null ? "http" : "https");
    }

    /** Maps {@code filter} on {@code /*} for REQUEST dispatches, async supported: the recommended registration. */
    public static FilterHolder addFilter(ServletContextHandler context, Filter filter) {
        return addFilter(context, filter, EnumSet.of(DispatcherType.REQUEST));
    }

    /** Maps {@code filter} on {@code /*} for the given dispatcher types, async supported. */
    public static FilterHolder addFilter(ServletContextHandler context, Filter filter, EnumSet<DispatcherType> types) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", types);
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
    public static ServletException startupError(Throwable thrown, String messagePrefix) {
        if (thrown == null) {
            throw new AssertionError("the server started, but a start-up error was expected");
        }
        ServletException found = find(thrown, messagePrefix, 0);
        if (found == null) {
            throw new AssertionError("no ServletException starting with '" + messagePrefix + "' in " + thrown, thrown);
        }
        return found;
    }

    private static ServletException find(Throwable t, String prefix, int depth) {
        if (t == null || depth > 10) {
            return null;
        }
        if (t instanceof ServletException s && s.getMessage() != null && s.getMessage().startsWith(prefix)) {
            return s;
        }
        ServletException f = find(t.getCause(), prefix, depth + 1);
        for (int i = 0; f == null && i < t.getSuppressed().length; i++) {
            f = find(t.getSuppressed()[i], prefix, depth + 1);
        }
        return f;
    }

    /** Whether it is started and not stopped. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The servlet context (a {@code WebAppContext} when the builder supplied one). */
    public ServletContextHandler context() {
        return context;
    }

    /**
     * {@code http://127.0.0.1:<port><path>} ({@code https} with TLS; the host is bracketed when it
     * is an IPv6 literal). {@code path} starts at the server's root, so it includes the context
     * path.
     */
    public URI uri(String path) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + h + ":" + port() + path);
    }

    /** The context root with a trailing slash: {@code http://127.0.0.1:<port>/} or {@code …/<context>/}. */
    public URI baseUri() {
        String path = context.getContextPath();
        return uri(path.endsWith("/") ? path : path + "/");
    }

    /**
     * Stops the server (waiting up to 2 s for requests in progress); nothing after the first call.
     *
     * @throws IllegalStateException when Jetty reports an error while stopping, such as a graceful
     *     stop that timed out on a request still open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test server", e);
        }
    }
}
