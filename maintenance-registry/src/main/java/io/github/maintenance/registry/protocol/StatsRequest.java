package io.github.maintenance.registry.protocol;

import java.net.URI;

/** {@code STATS_GET}, {@code BACKEND_TEST} and the {@code MAINT_CLUSTER} extension. */
public sealed interface StatsRequest extends Request {

    /** {@code STATS_GET}. */
    record Stats() implements StatsRequest {
    }

    /**
     * {@code BACKEND_TEST|sid|url}.
     *
     * @param uri the URL to GET ({@code /} when its path was empty), or {@code null} when it is
     *            unusable or the outbound policy refuses it (answered {@code BACKEND_FAIL}, not
     *            {@code ERROR})
     */
    record BackendTest(URI uri) implements StatsRequest {
    }

    /**
     * {@code MAINT_CLUSTER|sid} (extension): the cluster view, every live instance sharing the
     * controller's state store with its heartbeat, applied version and totals, answered
     * {@code CLUSTER_OK|<json>}.
     */
    record Cluster() implements StatsRequest {
    }
}
