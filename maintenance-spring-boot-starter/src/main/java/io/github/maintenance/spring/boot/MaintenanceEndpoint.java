package io.github.maintenance.spring.boot;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.servlet.ControlErrors;
import io.github.maintenance.servlet.dashboard.DashboardViews;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The Actuator endpoint {@code maintenance}: {@code GET /actuator/maintenance} answers the
 * dashboard's state document ({@link DashboardViews#state}), with a {@code cluster} object (the
 * dashboard's {@code GET …/api/dashboard/cluster} document) when the state store keeps cluster
 * reports; {@code POST /actuator/maintenance}
 * with a JSON body in the dashboard's action vocabulary
 * ({@code {"action":"enter","target":"ALL","message":"Back at noon","duration":"30m"}},
 * {@code {"action":"drain","target":"ALL","seconds":120}}, exit, cancel, schedule, unschedule)
 * applies it ({@link DashboardViews#act}) and answers as the dashboard does. {@code enter} and
 * {@code schedule} take the window options too: {@code mode} ({@code full}, {@code read-only},
 * {@code hold}), {@code status}, {@code redirect}, {@code refresh}, {@code template},
 * {@code secret} and {@code hold}. A refused action
 * answers with the dashboard's status (400 for bad input, 409 for a conflict, 503 when the state
 * store refuses changes) and {@code {"error": …, "kind": …}}; nothing changed.
 *
 * <p>The vocabulary, the rules and the messages are the dashboard's, with two differences that
 * come from the Actuator's binding and that an operation cannot see past:
 * <ul>
 * <li>Boot (3.5 and 4.0 alike) reads the body as a map of strings before it binds the parameters,
 *     so every value arrives as text whatever its JSON type, even with the parameters typed
 *     {@code Object}. A digit string in {@code seconds} is taken as the whole number it spells:
 *     {@code "seconds":120} works as on the dashboard, and {@code "seconds":"120"}, which the
 *     dashboard refuses ({@code field 'seconds' must be a whole number}), is accepted too. Likewise
 *     a number where the dashboard wants text ({@code "message":5}) arrives as {@code "5"}; a JSON
 *     object or array as a value is refused by Boot with its own 400, not the dashboard's message.
 * <li>Only the parameters below are bound: a field the endpoint does not name never reaches it, so
 *     it is ignored where the dashboard refuses it ({@code unknown field(s) [...]}).
 * </ul>
 * The change is recorded with the cause {@code API} and the actor {@code actuator} (with the
 * authenticated user's name when there is one).
 *
 * <p>The endpoint adds no security of its own: it is exactly as protected as the application's
 * Actuator. It must be exposed ({@code management.endpoints.web.exposure.include=health,maintenance}),
 * and write access can be limited with {@code management.endpoint.maintenance.access=read-only}.
 */
@Endpoint(id = "maintenance")
public class MaintenanceEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceEndpoint.class);

    private final MaintenanceController controller;

    /** An endpoint over {@code controller}. */
    public MaintenanceEndpoint(MaintenanceController controller) {
        this.controller = Objects.requireNonNull(controller, "controller");
    }

    /**
     * The dashboard's state document, with the dashboard's cluster document as {@code cluster} when
     * the state store keeps cluster reports ({@link DashboardViews#cluster}).
     */
    @ReadOperation
    public Map<String, Object> state() {
        Map<String, Object> state = DashboardViews.state(controller);
        DashboardViews.cluster(controller).ifPresent(cluster -> state.put("cluster", cluster));
        return state;
    }

    /**
     * Applies one action (the JSON body's fields, {@code null} when absent).
     *
     * @return 200 with the dashboard's answer, or the refusal's status with {@code {"error","kind"}}
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> act(@Nullable Object action, @Nullable Object target,
            @Nullable Object message, @Nullable Object duration, @Nullable Object until, @Nullable Object url,
            @Nullable Object retryAfter, @Nullable Object seconds, @Nullable Object start, @Nullable Object end,
            @Nullable Object id, @Nullable Object mode, @Nullable Object status, @Nullable Object redirect,
            @Nullable Object refresh, @Nullable Object template, @Nullable Object secret, @Nullable Object hold,
            @Nullable Object reason, @Nullable SecurityContext security) {
        Map<String, Object> fields = new LinkedHashMap<>();
        put(fields, "action", action);
        put(fields, "target", target);
        put(fields, "message", message);
        put(fields, "duration", duration);
        put(fields, "until", until);
        put(fields, "url", url);
        put(fields, "retryAfter", retryAfter);
        put(fields, "seconds", wholeNumber(seconds));
        put(fields, "start", start);
        put(fields, "end", end);
        put(fields, "id", id);
        put(fields, "mode", mode);
        put(fields, "status", status);
        put(fields, "redirect", redirect);
        put(fields, "refresh", refresh);
        put(fields, "template", template);
        put(fields, "secret", secret);
        put(fields, "hold", hold);
        put(fields, "reason", reason);
        try {
            return new WebEndpointResponse<>(DashboardViews.act(fields, controller, cause(security)),
                    WebEndpointResponse.STATUS_OK);
        } catch (MaintenanceException e) {
            LOG.debug("Maintenance action refused: {}", e.getMessage());
            return new WebEndpointResponse<>(ControlErrors.body(e), ControlErrors.status(e));
        } catch (IllegalStateException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "the maintenance controller is not running: " + e.getMessage());
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }

    /** Absent fields stay absent, so that ChangeFields names only what was sent. */
    private static void put(Map<String, Object> fields, String name, @Nullable Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /**
     * The Actuator hands JSON numbers of the body over as text (Boot 3.5 and 4.0 read the body as a
     * map of strings): digits become the whole number they spell, anything else stays as it came,
     * for {@code ChangeFields} to refuse with the dashboard's message.
     */
    @Nullable
    static Object wholeNumber(@Nullable Object value) {
        if (value instanceof String s && !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(s);
        }
        return value;
    }

    private static Cause cause(@Nullable SecurityContext security) {
        Principal p = security == null ? null : security.getPrincipal();
        String name = p == null ? null : p.getName();
        return Cause.api(name == null || name.isBlank() ? "actuator" : "actuator (" + name + ")");
    }
}
