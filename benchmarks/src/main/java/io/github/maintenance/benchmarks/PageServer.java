package io.github.maintenance.benchmarks;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.servlet.MaintenanceFilter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The Jetty servers of {@code benchmarks/page-wrk.sh}, one per JVM: the maintenance filter
 * serving its built-in page with {@code ALL} in maintenance, or a bare servlet answering with the
 * same bytes and headers. The standalone server ({@code maintenance-standalone.jar}) is the
 * third. Not a JMH benchmark: a plain main that runs until killed.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.maintenance.benchmarks.PageServer filter PORT
 * java -cp benchmarks.jar io.github.maintenance.benchmarks.PageServer bare PORT BODY_FILE
 * </pre>
 *
 * Both listen on 127.0.0.1 ({@code PORT} 0 picks a free port) with Jetty's default thread pool
 * and print {@code listening on PORT} once they accept connections.
 */
public final class PageServer {

    private PageServer() {
    }

    /** Answers every request like the filter's maintenance response, with bytes read from a file. */
    static final class BareServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final byte[] body;

        BareServlet(byte[] body) {
            this.body = body.clone();
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(503);
            resp.setHeader("X-Maintenance-Mode", "true");
            resp.setHeader("Retry-After", "300");
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("Vary", "Accept, Accept-Language");
            resp.setHeader("Content-Language", "en");
            resp.setContentType("text/html;charset=utf-8");
            resp.setContentLength(body.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }

    /** Never reached while {@code ALL} is in maintenance. */
    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.getOutputStream().write('x');
        }
    }

    /** Starts the server named by {@code args[0]} and waits. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("filter") && args.length == 2 || args[0].equals("bare") && args.length == 3)) {
            System.err.println("usage: PageServer filter PORT | PageServer bare PORT BODY_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        MaintenanceController controller = null;
        if (args[0].equals("filter")) {
            controller = MaintenanceController.create();
            controller.enter("ALL");
            FilterHolder filter = new FilterHolder(new MaintenanceFilter(controller));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new AppServlet()), "/*");
        } else {
            context.addServlet(new ServletHolder(new BareServlet(Files.readAllBytes(Path.of(args[2])))), "/*");
        }
        server.setHandler(context);
        server.start();
        System.out.println("listening on " + connector.getLocalPort());
        System.out.flush();
        MaintenanceController c = controller;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
            if (c != null) {
                c.close();
            }
        }));
        server.join();
    }
}
