package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The paths an operator needs while the application is in maintenance, so that {@code ALL} never
 * locks them out: the Actuator base path (when the Actuator is present and shares the server
 * port), the dashboard path (when enabled) and the error path. Boot's settings are read from the
 * {@link Environment} as strings, so the same code runs on every Boot version.
 */
final class OperatorPaths {

    /** A class of the Actuator's endpoint support, present on Boot 3 and Boot 4. */
    static final String ACTUATOR_CLASS = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

    private OperatorPaths() {
    }

    /** The paths within the application to exempt; empty when {@code exempt-operator-paths} is off. */
    static List<String> of(Environment env, MaintenanceProperties properties, ClassLoader loader) {
        List<String> paths = new ArrayList<>();
        if (!properties.isExemptOperatorPaths()) {
            return paths;
        }
        if (ClassUtils.isPresent(ACTUATOR_CLASS, loader) && managementOnServerPort(env)) {
            String base = env.getProperty("management.endpoints.web.base-path", "/actuator").trim();
            String servletPath = env.getProperty("spring.mvc.servlet.path", "").trim();
            String path = join(servletPath, base);
            if (!path.equals("/")) {
                paths.add(path);
            }
        }
        if (properties.getDashboard().isEnabled()) {
            paths.add(properties.getDashboard().getPath());
        }
        paths.add(env.getProperty("server.error.path", "/error").trim());
        return paths;
    }

    /**
     * Whether the Actuator answers on the application's own port: {@code management.server.port}
     * unset, or equal to {@code server.port} (Boot's rule).
     */
    static boolean managementOnServerPort(Environment env) {
        String management = env.getProperty("management.server.port");
        if (management == null || management.isBlank()) {
            return true;
        }
        String server = env.getProperty("server.port", "8080");
        return management.trim().equals(server.trim());
    }

    private static String join(String servletPath, String base) {
        String s = servletPath.endsWith("/*") ? servletPath.substring(0, servletPath.length() - 2) : servletPath;
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        String b = base.isEmpty() || base.startsWith("/") ? base : "/" + base;
        String joined = s + b;
        return joined.isEmpty() ? "/" : joined;
    }
}
