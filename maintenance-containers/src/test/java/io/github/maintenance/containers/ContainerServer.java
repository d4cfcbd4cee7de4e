package io.github.maintenance.containers;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

/**
 * One servlet container, embedded: started on 127.0.0.1 and a free port with the maintenance filter
 * and the servlets of a {@link App}, registered the way that container's embedded API does.
 */
interface ContainerServer {

    /**
     * A servlet to register (always with async support).
     *
     * @param name          the servlet name
     * @param type          its class (public, no-arg constructor)
     * @param initParams    its init-parameters
     * @param loadOnStartup the load-on-startup order, or a negative number for lazy
     * @param mappings      its URL patterns
     */
    record ServletSpec(String name, Class<? extends HttpServlet> type, Map<String, String> initParams,
            int loadOnStartup, List<String> mappings) {
    }

    /**
     * The application: the maintenance filter (no-arg, configured by {@code filterParams}, mapped on
     * {@code /*} for the {@code REQUEST} dispatcher type with async support), the servlets, and one
     * error page for status 500, status 503 and every exception.
     */
    record App(Map<String, String> filterParams, List<ServletSpec> servlets, String errorPage) {
    }

    /** The maintenance filter's name in every container. */
    String FILTER_NAME = "maintenance";

    /** Starts the container with {@code app} in its root context; fails if anything does not start. */
    void start(App app) throws Exception;

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    URI baseUri();

    /** The root context's servlet context. */
    ServletContext servletContext();

    /** Stops the container; may be called again. */
    void stop() throws Exception;
}
