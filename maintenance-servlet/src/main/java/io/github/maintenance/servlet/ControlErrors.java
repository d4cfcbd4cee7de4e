package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceException;

import jakarta.servlet.http.HttpServletResponse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How HTTP control planes (the dashboard's actions, integrations) answer a refused change: the
 * status comes from the {@link MaintenanceException.Kind}, the body is
 * {@code {"error": <message>, "kind": <kind in lower case>}}. Stateless.
 */
public final class ControlErrors {

    private ControlErrors() {
    }

    /**
     * The HTTP status of a refusal: 409 for a conflict with the current state or a bound reached,
     * 503 when the state store is unavailable, 500 for a configuration the server cannot use,
     * 400 for everything the client sent wrong (unknown route or window included).
     *
     * @param e the refusal
     * @return 409, 503, 500 or 400
     */
    public static int status(MaintenanceException e) {
        return switch (e.kind()) {
            case CONFLICT, LIMIT_EXCEEDED -> HttpServletResponse.SC_CONFLICT;
            case STORE_UNAVAILABLE -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            case CONFIGURATION -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            default -> HttpServletResponse.SC_BAD_REQUEST;
        };
    }

    /**
     * {@return the JSON body of a refusal: {@code error} (the message) and {@code kind} (the kind in lower case)}
     *
     * @param e the refusal
     */
    public static Map<String, Object> body(MaintenanceException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e.getMessage());
        m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        return m;
    }
}
