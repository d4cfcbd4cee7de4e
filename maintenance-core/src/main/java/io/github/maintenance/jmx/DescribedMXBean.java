package io.github.maintenance.jmx;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

import java.util.List;
import java.util.Map;

/**
 * The {@link MaintenanceMXBean} with the descriptions and parameter names that a JMX console
 * shows ({@code target}, {@code seconds} rather than {@code p0}, {@code p1}); operations are
 * marked as actions.
 */
final class DescribedMXBean extends StandardMBean {

    private static final Map<String, List<String>> PARAMETERS = Map.ofEntries(
            Map.entry("enter", List.of("target", "message")),
            Map.entry("enterFor", List.of("target", "message", "duration")),
            Map.entry("enterMode", List.of("target", "mode", "message", "duration")),
            Map.entry("enterWithOptions", List.of("target", "mode", "message", "duration", "status", "redirect",
                    "refresh", "template", "hold", "secret")),
            Map.entry("enterWithReason", List.of("target", "mode", "message", "duration", "reason")),
            Map.entry("exit", List.of("target")),
            Map.entry("exitWithReason", List.of("target", "reason")),
            Map.entry("drain", List.of("target", "seconds")),
            Map.entry("drainWithReason", List.of("target", "seconds", "reason")),
            Map.entry("cancel", List.of("target")),
            Map.entry("cancelWithReason", List.of("target", "reason")));

    private static final Map<String, String> PARAMETER_TEXT = Map.ofEntries(
            Map.entry("target", "ALL, route ids separated by commas, a /path or a domain"),
            Map.entry("message", "the text on the maintenance page; empty for the default"),
            Map.entry("duration", "how long, e.g. 30m, 2h, PT1H or whole seconds"),
            Map.entry("seconds", "the drain period in seconds, 1 to 86400"),
            Map.entry("mode", "full, read-only (safe methods pass) or hold (requests wait); empty for full"),
            Map.entry("status", "the response's status code, 400 to 599 (301 to 308 with a redirect); 0 for the configured one"),
            Map.entry("redirect", "an absolute /path or http(s) URL to redirect to; empty for none"),
            Map.entry("refresh", "the Refresh header's interval, 1s to 1h; empty for none"),
            Map.entry("template", "the name of a configured page template; empty for the default page"),
            Map.entry("hold", "in hold mode, the longest a request waits, 1s to 5m; empty for the configured one"),
            Map.entry("secret", "a bypass secret for this window, 8 to 128 of A-Z a-z 0-9 . _ ~ -; empty for none"),
            Map.entry("reason", "why, for the audit trail: up to 500 characters; empty for none"));

    private static final Map<String, String> OPERATION_TEXT = Map.ofEntries(
            Map.entry("enter", "Enters maintenance on the target, with no end"),
            Map.entry("enterFor", "Enters maintenance on the target for a duration"),
            Map.entry("enterMode", "Enters maintenance on the target in a mode (full, read-only, hold), for a duration "
                    + "or with no end"),
            Map.entry("enterWithOptions", "Enters maintenance on the target with a mode and this window's options "
                    + "(status, redirect, refresh, template, hold time, bypass secret); again on a target in "
                    + "maintenance, replaces them without a gap"),
            Map.entry("enterWithReason", "Enters maintenance on the target in a mode, with the reason the audit "
                    + "trail keeps"),
            Map.entry("exit", "Ends maintenance on the target"),
            Map.entry("exitWithReason", "Ends maintenance on the target, with the reason the audit trail keeps"),
            Map.entry("drain", "Drains the target: rejects a growing share of requests over the period"),
            Map.entry("drainWithReason", "Drains the target, with the reason the audit trail keeps"),
            Map.entry("cancel", "Cancels the drain of the target"),
            Map.entry("cancelWithReason", "Cancels the drain of the target, with the reason the audit trail keeps"));

    private static final Map<String, String> ATTRIBUTE_TEXT = Map.ofEntries(
            Map.entry("InstanceName", "The controller's instance name"),
            Map.entry("LibraryVersion", "The version of the maintenance library"),
            Map.entry("StateVersion", "The state version; increases with every change"),
            Map.entry("Routes", "Every route with its phase, mode, options, message, end, drain time left and counters"),
            Map.entry("RoutePhases", "Route id to phase: SERVING, MAINTENANCE or DRAINING"),
            Map.entry("RouteCount", "Number of routes, the catch-all (*) included"),
            Map.entry("RoutesInMaintenance", "Routes in maintenance"),
            Map.entry("RoutesDraining", "Routes with a drain in force"),
            Map.entry("MaintenanceHits", "Maintenance responses of the current maintenance windows"),
            Map.entry("DrainRejected", "Drain rejections of the current drains"),
            Map.entry("LifetimeMaintenanceHits", "Every maintenance response since start"),
            Map.entry("LifetimeDrainRejected", "Every drain rejection since start"),
            Map.entry("ReadOnlyRejected", "Unsafe requests refused by read-only maintenance, summed over routes"),
            Map.entry("Held", "Requests parked by a hold right now, summed over routes"),
            Map.entry("Store", "What the state store is and where it keeps the state"),
            Map.entry("StoreAvailable", "Whether the last operation on the state store succeeded"),
            Map.entry("StoreDetail", "ok, or what went wrong with the state store"),
            Map.entry("StoreDamaged", "Whether the stored state was refused as damaged at start"),
            Map.entry("StoreDamage", "Why the stored state was refused as damaged; empty when it was not"),
            Map.entry("ClusterInstances", "The live instances sharing the state store: applied version, heartbeat, "
                    + "store health, LAGGING; empty without a cluster view"),
            Map.entry("ClusterLagging", "Live instances behind the cluster's state version"));

    DescribedMXBean(MaintenanceMXBean bean) {
        super(bean, MaintenanceMXBean.class, true);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return "Maintenance mode of this application: routes, counters, state store and the operations "
                + "enter, enterFor, enterMode, enterWithOptions, exit, drain and cancel (each also with a reason)";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return ATTRIBUTE_TEXT.getOrDefault(info.getName(), info.getName());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return OPERATION_TEXT.getOrDefault(info.getName(), info.getName());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        List<String> names = PARAMETERS.get(op.getName());
        return names != null && sequence < names.size() ? names.get(sequence) : param.getName();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return PARAMETER_TEXT.getOrDefault(getParameterName(op, param, sequence), param.getDescription());
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return MBeanOperationInfo.ACTION;
    }
}
