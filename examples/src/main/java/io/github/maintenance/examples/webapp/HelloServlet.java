package io.github.maintenance.examples.webapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The application of the {@code web.xml} example: answers {@code hello from <path>} in plain text.
 * {@code ?status=500} makes it answer that status instead (200 to 599), so the circuit breaker the
 * example configures can be seen opening. Thread-safe.
 */
public class HelloServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int status = HttpServletResponse.SC_OK;
        String requested = req.getParameter("status");
        if (requested != null) {
            try {
                status = Integer.parseInt(requested);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 200 || status > 599) {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "status must be 200 to 599");
                return;
            }
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        byte[] body = ("hello from " + path + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
