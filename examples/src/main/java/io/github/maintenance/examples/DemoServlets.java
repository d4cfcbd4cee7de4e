package io.github.maintenance.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The demo application's own pages: what the maintenance filter protects. */
final class DemoServlets {

    private DemoServlets() {
    }

    /** {@code /}: an HTML home page explaining the demo; 404 for any other unmapped path. */
    static final class Home extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            if (!path.equals("/") && !path.isEmpty()) {
                sendJson(resp, HttpServletResponse.SC_NOT_FOUND,
                        new JsonText().beginObject().field("error", "not found").endObject().toString());
                return;
            }
            String base = req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
            String b = html(base);
            sendHtml(resp, "Maintenance demo", """
                    <h1>Maintenance demo</h1>
                    <p>This application runs behind the maintenance filter. Its routes:
                    <code>site</code> (<a href="/">/</a>), <code>api</code> (<a href="/api">/api</a>) and
                    <code>admin</code> (<a href="/admin">/admin</a>). <a href="/health">/health</a> is never
                    blocked; <a href="/ready">/ready</a> answers 503 while the instance drains.</p>
                    <p>Toggle maintenance from this machine:</p>
                    <pre>curl -X POST '%1$s/_control/enter?target=/admin&amp;message=Back+at+noon'
                    curl -i %1$s/admin
                    curl -X POST '%1$s/_control/exit?target=/admin'
                    curl -X POST '%1$s/_control/drain?seconds=30'
                    curl -X POST %1$s/_control/cancel
                    curl %1$s/_control/status</pre>
                    """.formatted(b));
        }
    }

    /** {@code /api}: a small JSON document. */
    static final class Api extends HttpServlet {
        private final Clock clock;

        Api(Clock clock) {
            this.clock = clock;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sendJson(resp, HttpServletResponse.SC_OK, new JsonText().beginObject()
                    .field("service", "maintenance-demo")
                    .field("status", "ok")
                    .field("path", req.getRequestURI())
                    .field("time", clock.instant())
                    .endObject().toString());
        }
    }

    /** {@code /admin}: an HTML page standing for an admin console. */
    static final class Admin extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sendHtml(resp, "Admin console", """
                    <h1>Admin console</h1>
                    <p>Put this route into maintenance and the rest of the site keeps serving:</p>
                    <pre>curl -X POST 'http://127.0.0.1:%d/_control/enter?target=/admin'</pre>
                    """.formatted(req.getLocalPort()));
        }
    }

    /** {@code /health}: always 200 while the process runs (exempt from maintenance). */
    static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sendJson(resp, HttpServletResponse.SC_OK, "{\"status\":\"up\"}");
        }
    }

    static void sendHtml(HttpServletResponse resp, String title, String body) throws IOException {
        String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + "</title><style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
                + "padding:0 1rem;line-height:1.5}pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}</style>"
                + "</head><body>\n" + body + "</body></html>\n";
        send(resp, HttpServletResponse.SC_OK, "text/html;charset=utf-8", page);
    }

    static void sendJson(HttpServletResponse resp, int status, String json) throws IOException {
        send(resp, status, "application/json", json + "\n");
    }

    private static void send(HttpServletResponse resp, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
