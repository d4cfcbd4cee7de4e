package io.github.maintenance.containers;

import io.github.maintenance.containers.ContainerServer.App;
import io.github.maintenance.containers.ContainerServer.ServletSpec;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.dashboard.DashboardServlet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The application every container runs for the contract: its servlets and the filter's configuration. */
final class ContractApp {

    static final String TOKEN = "contract-dashboard-token-0123456789";
    static final String BYPASS_SECRET = "contract-bypass-secret-0123456789";
    static final String ERROR_PAGE = "/error-page";

    private ContractApp() {
    }

    /** Routes admin (exempt /admin/health), async, fail, errors (the error page); /public and /ops exempt. */
    static App app() {
        Map<String, String> filter = Map.of(
                "routes", "admin path=/admin exempt=/admin/health; async path=/async; fail path=/fail; "
                        + "errors path=" + ERROR_PAGE,
                "exemptPaths", "/public,/ops",
                "retryAfter", "120",
                "bypassSecret", BYPASS_SECRET);
        return new App(filter, List.of(
                new ServletSpec("dashboard", StartupRecordingDashboard.class, Map.of("token", TOKEN), 1, List.of("/ops/*")),
                new ServletSpec("info", InfoServlet.class, Map.of(), -1, List.of("/info")),
                new ServletSpec("async", AsyncServlet.class, Map.of(), -1, List.of("/async/*")),
                new ServletSpec("fail", FailServlet.class, Map.of(), -1, List.of("/fail/*")),
                new ServletSpec("error-page", ErrorPageServlet.class, Map.of(), -1, List.of(ERROR_PAGE)),
                new ServletSpec("app", AppServlet.class, Map.of(), -1, List.of("/"))), ERROR_PAGE);
    }

    /** The path within the application as the servlet sees it. */
    static String path(HttpServletRequest req) {
        String info = req.getPathInfo();
        return req.getServletPath() + (info == null ? "" : info);
    }

    private static void text(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().write(body);
    }

    /**
     * The dashboard, declared the web.xml way, recording in a servlet-context attribute how its init
     * (at start-up: load-on-startup 1) went and whether the filter had published its controller then.
     */
    public static final class StartupRecordingDashboard extends DashboardServlet {
        private static final long serialVersionUID = 1L;
        static final String ATTRIBUTE = "contract.dashboard.init";

        /** Container-instantiated. */
        public StartupRecordingDashboard() {
        }

        @Override
        public void init() throws ServletException {
            boolean published = getServletContext().getAttribute(MaintenanceFilter.CONTEXT_ATTRIBUTE) != null;
            try {
                super.init();
                getServletContext().setAttribute(ATTRIBUTE, "started " + (published ? "with" : "without") + " controller");
            } catch (ServletException | RuntimeException e) {
                getServletContext().setAttribute(ATTRIBUTE, "failed: " + e.getMessage());
                throw e;
            }
        }
    }

    /** The application: {@code app <method> <path>}. */
    public static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Container-instantiated. */
        public AppServlet() {
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, 200, "app " + req.getMethod() + " " + path(req));
        }
    }

    /** The container's {@code ServletContext.getServerInfo()}. */
    public static final class InfoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Container-instantiated. */
        public InfoServlet() {
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, 200, getServletContext().getServerInfo());
        }
    }

    /** Starts async processing and completes it from a thread of its own. */
    public static final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Container-instantiated. */
        public AsyncServlet() {
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            String path = path(req);
            CompletableFuture.runAsync(() -> {
                try {
                    HttpServletResponse r = (HttpServletResponse) async.getResponse();
                    text(r, 200, "async done on " + Thread.currentThread().getName() + " for " + path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }
    }

    /** {@code /fail/send}: {@code sendError(500)}; {@code /fail/throw}: throws. */
    public static final class FailServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Container-instantiated. */
        public FailServlet() {
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if ("/throw".equals(req.getPathInfo())) {
                throw new ServletException("contract failure (expected by the test)");
            }
            resp.sendError(500);
        }
    }

    /** The error page: {@code error page <status> for <uri> (<dispatcher type>)}. */
    public static final class ErrorPageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Container-instantiated. */
        public ErrorPageServlet() {
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setHeader("X-Error-Page", "true");
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write("error page " + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) + " for "
                    + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " (" + req.getDispatcherType() + ")");
        }
    }
}
