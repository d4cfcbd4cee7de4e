package io.github.maintenance.jmx;

import java.util.List;
import java.util.Map;

/**
 * The management interface of one maintenance controller, as JMX clients ({@code jconsole},
 * {@code VisualVM}, a JMX exporter) see it. It is an MXBean: every attribute is an open type, so
 * a client needs none of this library's classes.
 *
 * <p>Operations turn their arguments into the same change fields that the dashboard and the
 * Actuator endpoint use ({@link io.github.maintenance.change.ChangeFields}), so validation and
 * messages are identical; they are applied with the cause
 * {@link io.github.maintenance.Cause.Source#JMX}; the actor is the name of the JMX client's
 * authenticated principal (the connector's authenticator, e.g. {@code jmxremote.password}), empty
 * without authentication, and the {@code …WithReason} operations add a reason. Bad input throws
 * {@link IllegalArgumentException} with the validation message (a remote client receives it
 * wrapped in a {@code RuntimeMBeanException}) and changes nothing. An operation returns a short
 * text saying what it did.
 *
 * <p>Targets are those of every control plane: {@code ALL}, route ids separated by commas, a
 * {@code /path} or a domain.
 */
public interface MaintenanceMXBean {

    /** {@return the controller's instance name (the {@code name} key of the object name)} */
    String getInstanceName();

    /** {@return the version of this library, or {@code unknown}} */
    String getLibraryVersion();

    /** {@return the state version, which increases with every change} */
    long getStateVersion();

    /**
     * Every route with its phase and counters, the catch-all ({@code *}) first.
     *
     * @return one entry per route, in table order
     */
    List<RouteInfo> getRoutes();

    /**
     * Route id to phase ({@code SERVING}, {@code MAINTENANCE}, {@code DRAINING}).
     *
     * @return route id to phase name, in table order
     */
    Map<String, String> getRoutePhases();

    /** {@return the number of routes, the catch-all included} */
    int getRouteCount();

    /**
     * Routes in maintenance.
     *
     * @return the number of routes whose phase is {@code MAINTENANCE}
     */
    int getRoutesInMaintenance();

    /**
     * Routes with a drain in force.
     *
     * @return the number of routes with a drain in force
     */
    int getRoutesDraining();

    /**
     * Maintenance responses of the current maintenance windows, summed over routes.
     *
     * @return the sum of the routes' current maintenance hits
     */
    long getMaintenanceHits();

    /**
     * Drain rejections of the current drains, summed over routes.
     *
     * @return the sum of the routes' current drain rejections
     */
    long getDrainRejected();

    /**
     * Every maintenance response since start, never reset.
     *
     * @return the lifetime maintenance hits, summed over routes
     */
    long getLifetimeMaintenanceHits();

    /**
     * Every drain rejection since start, never reset.
     *
     * @return the lifetime drain rejections, summed over routes
     */
    long getLifetimeDrainRejected();

    /**
     * Unsafe requests refused by read-only maintenance, summed over routes.
     *
     * @return the sum of the routes' read-only rejections since they were created
     */
    long getReadOnlyRejected();

    /**
     * Requests parked by a hold right now, summed over routes.
     *
     * @return the number of requests waiting for a hold to end
     */
    long getHeld();

    /** {@return what the state store is and where it keeps the state} */
    String getStore();

    /** {@return whether the last operation on the state store succeeded} */
    boolean isStoreAvailable();

    /**
     * {@code ok} or what went wrong with the state store.
     *
     * @return the store's detail
     */
    String getStoreDetail();

    /** {@return whether the state found in the store at start was refused as damaged} */
    boolean isStoreDamaged();

    /** {@return why the stored state was refused as damaged, or an empty text} */
    String getStoreDamage();

    /**
     * The live instances sharing the state store ({@link io.github.maintenance.MaintenanceController#cluster()}),
     * instance name to a one-line summary: applied version, heartbeat, store health, and
     * {@code LAGGING} or {@code this instance}. Empty when the store keeps no cluster reports or
     * cannot be read.
     * @return instance name to its summary, by name
     */
    Map<String, String> getClusterInstances();

    /**
     * The number of live instances that lag behind the cluster's state version.
     * @return the lagging instances; 0 without a cluster view
     */
    int getClusterLagging();

    /**
     * Enters maintenance on {@code target} with no end.
     *
     * @param target  the routes ({@code ALL}, ids, {@code /path}, domain)
     * @param message the text on the page, or empty for the default
     * @return what was done
     * @throws IllegalArgumentException for a bad target or message; nothing is changed then
     */
    String enter(String target, String message);

    /**
     * Enters maintenance on {@code target} for {@code duration}.
     *
     * @param target the target in {@code Target.parse} syntax, e.g. {@code ALL} or {@code /api}
     * @param message the page's message, or empty for the configured default
     * @param duration a duration such as {@code 30m}, {@code 2h}, {@code PT1H} or whole seconds
     * @return what was done
     * @throws IllegalArgumentException for a bad target, message or duration; nothing is changed then
     */
    String enterFor(String target, String message, String duration);

    /**
     * Enters maintenance on {@code target} in a mode; entering again on a target already in
     * maintenance replaces its options without a moment of serving.
     *
     * @param target   the target in {@code Target.parse} syntax
     * @param mode     {@code full}, {@code read-only} or {@code hold}; empty for {@code full}
     * @param message  the page's message, or empty for the configured default
     * @param duration a duration such as {@code 30m}, or empty for no end
     * @return what was done
     * @throws IllegalArgumentException for a bad target, mode, message or duration; nothing is changed then
     */
    String enterMode(String target, String mode, String message, String duration);

    /**
     * Enters maintenance on {@code target} with a mode and the window's options, each of which
     * overrides the filter's configured value for this window only. Empty texts and a status of 0
     * mean "not given" (the configured value). The options follow the rules of every control
     * plane ({@link io.github.maintenance.WindowOptions}); the secret is kept only as its SHA-256
     * and never shown.
     *
     * @param target   the target in {@code Target.parse} syntax
     * @param mode     {@code full}, {@code read-only} or {@code hold}; empty for {@code full}
     * @param message  the page's message, or empty for the configured default
     * @param duration a duration such as {@code 30m}, or empty for no end
     * @param status   the status code of the maintenance response (400–599, 301–308 with a
     *                 redirect), or 0 for the configured one
     * @param redirect an absolute path or http(s) URL to redirect to instead of the page, or empty
     * @param refresh  the {@code Refresh} interval (1s to 1h), or empty for none
     * @param template the name of a configured page template, or empty
     * @param hold     in mode {@code hold}, the longest a request waits (1s to 5m), or empty for the
     *                 configured one
     * @param secret   a bypass secret for this window (8 to 128 of {@code A-Z a-z 0-9 . _ ~ -}), or empty
     * @return what was done (never the secret)
     * @throws IllegalArgumentException for any bad argument; nothing is changed then
     */
    String enterWithOptions(String target, String mode, String message, String duration, int status,
            String redirect, String refresh, String template, String hold, String secret);

    /**
     * Ends maintenance on {@code target}.
     *
     * @param target the target in {@code Target.parse} syntax
     * @return what was done
     * @throws IllegalArgumentException for a bad target; nothing is changed then
     */
    String exit(String target);

    /**
     * Drains {@code target} over {@code seconds} (1 to 86400).
     *
     * @param target the target in {@code Target.parse} syntax
     * @param seconds the drain period in seconds, 1 to 86400
     * @return what was done
     * @throws IllegalArgumentException for a bad target or period; nothing is changed then
     */
    String drain(String target, long seconds);

    /**
     * Cancels the drain of {@code target}.
     *
     * @param target the target in {@code Target.parse} syntax
     * @return what was done
     * @throws IllegalArgumentException for a bad target; nothing is changed then
     */
    String cancel(String target);

    /**
     * Enters maintenance on {@code target} in a mode, with a reason that the audit trail keeps.
     * @param target   the target in {@code Target.parse} syntax
     * @param mode     {@code full}, {@code read-only} or {@code hold}; empty for {@code full}
     * @param message  the page's message, or empty for the configured default
     * @param duration a duration such as {@code 30m}, or empty for no end
     * @param reason   why, for the audit trail (up to 500 characters, no control characters); empty for none
     * @return what was done
     * @throws IllegalArgumentException for any bad argument; nothing is changed then
     */
    String enterWithReason(String target, String mode, String message, String duration, String reason);

    /**
     * Ends maintenance on {@code target}, with a reason that the audit trail keeps.
     * @param target the target in {@code Target.parse} syntax
     * @param reason why, for the audit trail; empty for none
     * @return what was done
     * @throws IllegalArgumentException for a bad target or reason; nothing is changed then
     */
    String exitWithReason(String target, String reason);

    /**
     * Drains {@code target} over {@code seconds}, with a reason that the audit trail keeps.
     * @param target  the target in {@code Target.parse} syntax
     * @param seconds the drain period in seconds, 1 to 86400
     * @param reason  why, for the audit trail; empty for none
     * @return what was done
     * @throws IllegalArgumentException for a bad target, period or reason; nothing is changed then
     */
    String drainWithReason(String target, long seconds, String reason);

    /**
     * Cancels the drain of {@code target}, with a reason that the audit trail keeps.
     * @param target the target in {@code Target.parse} syntax
     * @param reason why, for the audit trail; empty for none
     * @return what was done
     * @throws IllegalArgumentException for a bad target or reason; nothing is changed then
     */
    String cancelWithReason(String target, String reason);
}
