package io.github.maintenance.registry.protocol;

import java.net.URI;

/** {@code STATS_GET} and {@code BACKEND_TEST}. */
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
}
