package io.github.maintenance.jmx;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.cluster.ClusterView;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.cluster.InstanceView;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.stats.RouteStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link MaintenanceMXBean} of one controller: attributes read the controller's current
 * snapshot and status; operations build the change fields of {@link ChangeFields}, parse them and
 * apply the change with the cause {@link Cause.Source#JMX}, the calling client's principal as
 * actor ({@link JmxCaller}) and the operation's reason, if any.
 *
 * <p>Refusals are rethrown as a plain {@link IllegalArgumentException} with the same message and
 * no cause, so that a remote client without this library can read them. Thread-safe: it holds
 * nothing but the controller.
 */
final class ControllerMXBean implements MaintenanceMXBean {

    private final MaintenanceController controller;

    ControllerMXBean(MaintenanceController controller) {
        this.controller = controller;
    }

    // ---- attributes -------------------------------------------------------------------------

    @Override
    public String getInstanceName() {
        return controller.config().instanceName();
    }

    @Override
    public String getLibraryVersion() {
        return LibraryVersion.VALUE;
    }

    @Override
    public long getStateVersion() {
        return controller.snapshot().version();
    }

    @Override
    public List<RouteInfo> getRoutes() {
        List<RouteInfo> routes = new ArrayList<>();
        for (RouteStatus s : controller.statuses()) {
            Duration remaining = s.drainRemaining();
            WindowOptions o = s.inMaintenance() ? s.maintenanceOptions() : null;
            if (s.inMaintenance() && o == null) {
                o = WindowOptions.DEFAULTS;
            }
            routes.add(new RouteInfo(s.routeId(), s.phase().name(), s.inMaintenance() ? s.maintenanceMessage() : null,
                    s.maintenanceUntil() == null ? null : s.maintenanceUntil().toString(),
                    s.draining() && remaining != null ? remaining.getSeconds() : 0, s.maintenanceHits(),
                    s.drainRejected(), o == null ? null : o.mode().wireName(),
                    o == null || o.isDefault() ? null : o.toString(), s.readOnlyRejected(), s.held(),
                    s.holdReleased(), s.holdTimedOut()));
        }
        return routes;
    }

    @Override
    public Map<String, String> getRoutePhases() {
        Map<String, String> phases = new LinkedHashMap<>();
        for (RouteStatus s : controller.statuses()) {
            phases.put(s.routeId(), s.phase().name());
        }
        return phases;
    }

    @Override
    public int getRouteCount() {
        return controller.totals().routes();
    }

    @Override
    public int getRoutesInMaintenance() {
        return controller.totals().inMaintenance();
    }

    @Override
    public int getRoutesDraining() {
        return controller.totals().draining();
    }

    @Override
    public long getMaintenanceHits() {
        return controller.totals().maintenanceHits();
    }

    @Override
    public long getDrainRejected() {
        return controller.totals().drainRejected();
    }

    @Override
    public long getLifetimeMaintenanceHits() {
        return controller.totals().lifetimeMaintenanceHits();
    }

    @Override
    public long getLifetimeDrainRejected() {
        return controller.totals().lifetimeDrainRejected();
    }

    @Override
    public long getReadOnlyRejected() {
        long sum = 0;
        for (RouteStatus s : controller.statuses()) {
            sum += s.readOnlyRejected();
        }
        return sum;
    }

    @Override
    public long getHeld() {
        long sum = 0;
        for (RouteStatus s : controller.statuses()) {
            sum += s.held();
        }
        return sum;
    }

    @Override
    public String getStore() {
        return controller.storeStatus().store();
    }

    @Override
    public boolean isStoreAvailable() {
        return controller.storeStatus().available();
    }

    @Override
    public String getStoreDetail() {
        return controller.storeStatus().detail();
    }

    @Override
    public boolean isStoreDamaged() {
        return controller.storeStatus().damaged();
    }

    @Override
    public String getStoreDamage() {
        StoreStatus s = controller.storeStatus();
        return s.damaged() ? s.damage() : "";
    }

    @Override
    public Map<String, String> getClusterInstances() {
        Map<String, String> out = new LinkedHashMap<>();
        for (InstanceView i : clusterView().map(ClusterView::instances).orElse(List.of())) {
            InstanceReport r = i.report();
            out.put(r.instance(), "version " + r.appliedVersion() + ", heartbeat " + r.heartbeat()
                    + ", store " + (r.storeAvailable() ? "ok" : "down") + (i.lagging() ? ", LAGGING" : "")
                    + (i.self() ? ", this instance" : ""));
        }
        return out;
    }

    @Override
    public int getClusterLagging() {
        return clusterView().map(v -> v.lagging().size()).orElse(0);
    }

    private java.util.Optional<ClusterView> clusterView() {
        try {
            return controller.cluster();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    // ---- operations -------------------------------------------------------------------------

    @Override
    public String enter(String target, String message) {
        return apply(fields("enter", target, "message", message));
    }

    @Override
    public String enterFor(String target, String message, String duration) {
        if (duration == null || duration.isBlank()) {
            throw new IllegalArgumentException("missing field 'duration' (a duration such as 30m, PT1H or whole "
                    + "seconds; use enter for maintenance with no end)");
        }
        Map<String, Object> fields = fields("enter", target, "message", message);
        fields.put("duration", duration);
        return apply(fields);
    }

    @Override
    public String enterMode(String target, String mode, String message, String duration) {
        Map<String, Object> fields = fields("enter", target, "message", message);
        fields.put("mode", mode);
        fields.put("duration", duration);
        return apply(fields);
    }

    @Override
    public String enterWithOptions(String target, String mode, String message, String duration, int status,
            String redirect, String refresh, String template, String hold, String secret) {
        Map<String, Object> fields = fields("enter", target, "message", message);
        fields.put("mode", mode);
        fields.put("duration", duration);
        if (status != 0) {
            fields.put("status", status);
        }
        fields.put("redirect", redirect);
        fields.put("refresh", refresh);
        fields.put("template", template);
        fields.put("hold", hold);
        fields.put("secret", secret);
        return apply(fields);
    }

    @Override
    public String enterWithReason(String target, String mode, String message, String duration, String reason) {
        Map<String, Object> fields = fields("enter", target, "message", message);
        fields.put("mode", mode);
        fields.put("duration", duration);
        fields.put("reason", reason);
        return apply(fields);
    }

    @Override
    public String exitWithReason(String target, String reason) {
        return apply(fields("exit", target, "reason", reason));
    }

    @Override
    public String drainWithReason(String target, long seconds, String reason) {
        Map<String, Object> fields = fields("drain", target, "seconds", seconds);
        fields.put("reason", reason);
        return apply(fields);
    }

    @Override
    public String cancelWithReason(String target, String reason) {
        return apply(fields("cancel", target, "reason", reason));
    }

    @Override
    public String exit(String target) {
        return apply(fields("exit", target, null, null));
    }

    @Override
    public String drain(String target, long seconds) {
        return apply(fields("drain", target, "seconds", seconds));
    }

    @Override
    public String cancel(String target) {
        return apply(fields("cancel", target, null, null));
    }

    private static Map<String, Object> fields(String action, String target, String key, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("target", target);
        if (key != null) {
            fields.put(key, value);
        }
        return fields;
    }

    private String apply(Map<String, Object> fields) {
        Change change;
        ChangeResult result;
        try {
            change = ChangeFields.parse(fields, null);
            result = controller.apply(change, ChangeFields.cause(fields, JmxCaller.cause()));
        } catch (MaintenanceException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return describe(change, result);
    }

    /** A short text of what a change did: {@code entered maintenance on [api, web] (version 4)}. */
    static String describe(Change change, ChangeResult result) {
        List<String> ids = result.routeIds();
        String target = MaintenanceErrors.printable(change.targetText());
        String what;
        if (change instanceof Change.Enter e) {
            Duration d = e.request().duration();
            WindowOptions o = e.request().options();
            what = "entered maintenance on " + ids + (d == null ? "" : " for " + Durations.format(d))
                    + (o == null || o.isDefault() ? "" : " (" + o + ")");
        } else if (change instanceof Change.Exit) {
            what = ids.isEmpty() ? "nothing was in maintenance on " + target : "left maintenance on " + ids;
        } else if (change instanceof Change.StartDrain s) {
            what = "draining " + ids + " over " + Durations.format(s.duration());
        } else {
            what = ids.isEmpty() ? "nothing was draining on " + target : "cancelled the drain of " + ids;
        }
        String text = what + " (version " + result.version() + ")";
        return result.storeSaved() ? text
                : text + "; the state store is unavailable: the change holds on this instance only";
    }
}
