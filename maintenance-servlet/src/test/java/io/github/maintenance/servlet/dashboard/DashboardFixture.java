package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.FilterSettings;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * A real Jetty on a free loopback port with an application behind the maintenance filter
 * (routes {@code admin} on {@code /admin} and {@code api} on {@code /api} for
 * {@code api.example.com}, plus the catch-all) and the dashboard on {@code /maintenance-admin/*},
 * which the filter exempts. Close it when done (the extension that started the server stops it
 * after the test in any case).
 */
final class DashboardFixture implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789abcdef";
    static final String PREFIX = "/maintenance-admin";

    final MaintenanceController controller;
    final DashboardServlet servlet;
    final JettyServer server;

    private DashboardFixture(MaintenanceController controller, DashboardServlet servlet, JettyServer server) {
        this.controller = controller;
        this.servlet = servlet;
        this.server = server;
    }

    /** A controller configuration for tests: the given clock, no timer thread, listeners inline. */
    static MaintenanceConfig.Builder config(Clock clock) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName("it")
                .route(Route.builder("admin").path("/admin").build())
                .route(Route.builder("api").path("/api").domains("api.example.com").backend("http://10.0.0.7:8080")
                        .build());
    }

    /** The token-only settings most tests use. */
    static DashboardSettings.Builder tokenSettings() {
        return DashboardSettings.custom().token(TOKEN);
    }

    static DashboardFixture start(JettyServerExtension jetty, MaintenanceConfig.Builder config,
            DashboardSettings settings) throws Exception {
        MaintenanceController controller = MaintenanceController.create(config.build());
        DashboardServlet servlet = new DashboardServlet(controller, settings);
        try {
            JettyServer server = jetty.start(ctx -> {
                JettyServer.addFilter(ctx, new MaintenanceFilter(controller,
                        FilterSettings.custom().exemptPaths(PREFIX).build()));
                JettyServer.addServlet(ctx, servlet, PREFIX + "/*");
                JettyServer.addServlet(ctx, new AppServlet(), "/");
            });
            return new DashboardFixture(controller, servlet, server);
        } catch (Exception | Error e) {
            controller.close();
            throw e;
        }
    }

    URI uri(String path) {
        return server.uri(path);
    }

    /** {@code PREFIX + path}. */
    URI dashboard(String path) {
        return server.uri(PREFIX + path);
    }

    HttpResponse<String> get(String path, String... headers) {
        return Http.get(dashboard(path), headers);
    }

    /** GET with the token. */
    HttpResponse<String> getAuthorized(String path) {
        return get(path, "Authorization", "Bearer " + TOKEN);
    }

    /** POST of {@code json} to the actions endpoint with the token and the JSON content type. */
    HttpResponse<String> action(String json) {
        return post("/api/dashboard/actions", json, "Authorization", "Bearer " + TOKEN, "Content-Type",
                "application/json");
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return Http.post(dashboard(path), body, headers);
    }

    /** Status of a GET of the application (not the dashboard). */
    int appStatus(String path) {
        return Http.get(uri(path)).statusCode();
    }

    static Map<String, Object> object(HttpResponse<String> r) {
        return object(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        return (Map<String, Object>) parse(json);
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(HttpResponse<String> r) {
        return (List<Object>) parse(r.body());
    }

    /** {@code o} as a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** {@code o} as a JSON array. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static Object parse(String json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Ends open event streams first, as an application stopping its container should (see closeEventStreams). */
    @Override
    public void close() {
        try {
            servlet.closeEventStreams();
            server.close();
        } finally {
            controller.close();
        }
    }

    /** The application: {@code app <path>}, 500 for paths ending in {@code /fail}, 200 otherwise. */
    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = ("app " + req.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            resp.setStatus(req.getRequestURI().endsWith("/fail") ? 500 : 200);
            resp.setContentType("text/plain;charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
