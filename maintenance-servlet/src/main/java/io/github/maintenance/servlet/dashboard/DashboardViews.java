package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.servlet.dashboard.DashboardJson.TrafficSource;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's JSON state and its actions, for other HTTP control planes (the Spring Boot
 * Actuator endpoint {@code maintenance}, an application's own admin endpoint) that must show and
 * accept exactly what the dashboard does. The {@link DashboardServlet} itself answers
 * {@code GET …/api/dashboard/state} and {@code POST …/api/dashboard/actions} through this class,
 * so the shapes, the vocabulary and the validation cannot drift apart.
 *
 * <p>The maps are ordered ({@link java.util.LinkedHashMap}) and hold only strings, numbers,
 * booleans, {@code null}, lists and maps: any JSON writer writes them as the dashboard does.
 * Stateless and thread-safe.
 */
public final class DashboardViews {

    private DashboardViews() {
    }

    /**
     * The dashboard's {@code GET …/api/dashboard/state} document (routes with their maintenance,
     * drain, breaker and traffic, totals, scheduled windows, the state store's health), with
     * {@code "actions_enabled": true}. The dashboard adds one field of its own, {@code access}
     * ({@code token} or {@code loopback}), which describes the dashboard's caller.
     *
     * @param controller the controller to describe; not {@code null}
     * @return the document, ready for a JSON writer
     */
    public static Map<String, Object> state(MaintenanceController controller) {
        return state(controller, true);
    }

    /**
     * The dashboard's state document with the given {@code actions_enabled} (whether the caller's
     * control plane accepts actions).
     *
     * @param controller the controller to describe; not {@code null}
     * @param actionsEnabled the value of {@code actions_enabled}
     * @return the document, ready for a JSON writer
     */
    public static Map<String, Object> state(MaintenanceController controller, boolean actionsEnabled) {
        Objects.requireNonNull(controller, "controller");
        MaintenanceSnapshot snapshot = controller.snapshot();
        return DashboardJson.state(controller, snapshot, controller.statuses(), controller.totals(),
                TrafficSource.of(controller), actionsEnabled, controller.config().clock().instant());
    }

    /**
     * Parses one action in the dashboard's vocabulary ({@link ChangeFields}: {@code action},
     * {@code target}, {@code url}, {@code message}, {@code duration}, {@code until},
     * {@code retryAfter}, {@code seconds}, {@code start}, {@code end}, {@code id}) and applies it
     * through the controller, all or nothing.
     *
     * @param fields     the action's fields as a JSON reader gives them: strings, whole numbers
     *                   ({@code seconds} must be a number, not a digit string) and {@code null}
     *                   ({@code null} and {@code ""} mean "not given")
     * @param controller the controller to change
     * @param cause      who acts, recorded in logs, events and the history
     * @return the dashboard's answer: for enter, exit, drain and cancel
     *         {@code {"action","target","route_ids","version"}}; for schedule and unschedule
     *         {@code {"action","schedule","version"}}; plus {@code "store_saved": false} when the
     *         state store could not save the change and it holds on this instance only
     * @throws io.github.maintenance.MaintenanceException with the dashboard's message when the
     *                                                    fields are not a valid action or the
     *                                                    controller refuses it; nothing changed
     *                                                    (see {@link io.github.maintenance.servlet.ControlErrors}
     *                                                    for the HTTP status and body)
     * @throws IllegalStateException                      when the controller is closed
     */
    public static Map<String, Object> act(Map<String, ?> fields, MaintenanceController controller, Cause cause) {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(cause, "cause");
        Change change = ChangeFields.parse(fields, null);
        return DashboardAction.apply(change, controller, ChangeFields.cause(fields, cause));
    }

    /**
     * The dashboard's {@code GET …/api/dashboard/cluster} document: {@code self}, {@code read_at},
     * {@code cluster_version}, {@code instances} (each with {@code instance}, {@code heartbeat},
     * {@code started}, {@code applied_version}, {@code store_available}, {@code lagging},
     * {@code self} and {@code totals}), {@code cluster_totals} and {@code local_totals}. Reads the
     * state store on the calling thread.
     *
     * @param controller the controller whose cluster view to describe; not {@code null}
     * @return the document; {@code {"error": …}} when the store's cluster reports cannot be read;
     *         empty when the store keeps none (see {@link io.github.maintenance.spi.ClusterStore})
     */
    public static Optional<Map<String, Object>> cluster(MaintenanceController controller) {
        Objects.requireNonNull(controller, "controller");
        ClusterEndpoint.Answer answer = ClusterEndpoint.read(controller);
        return answer.status() == ClusterEndpoint.NOT_FOUND ? Optional.empty() : Optional.of(answer.body());
    }
}
