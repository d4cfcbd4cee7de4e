package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Small applications and controller configurations shared by the integration tests. */
final class Apps {

    private Apps() {
    }

    /**
     * A controller configuration for tests: the given clock, no timer thread, listeners run
     * inline.
     */
    static MaintenanceConfig.Builder config(Clock clock) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName("it");
    }

    /** The application's body for a request: {@code app <method> <request URI>}. */
    static String body(String method, String requestUri) {
        return "app " + method + " " + requestUri;
    }

    /**
     * Answers every request with 200, {@code X-App: yes}, {@code Cache-Control: max-age=60} and
     * the body {@link #body(String, String)}.
     */
    static final class OkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = body(req.getMethod(), req.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            resp.setStatus(200);
            resp.setHeader("X-App", "yes");
            resp.setHeader("Cache-Control", "max-age=60");
            resp.setContentType("text/plain;charset=utf-8");
            resp.setContentLength(body.length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(body);
            }
        }
    }
}
