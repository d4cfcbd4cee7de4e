package io.github.maintenance.servlet.access;

import io.github.maintenance.route.Route;

import java.util.ArrayList;
import java.util.List;

/**
 * Path prefixes that are never blocked (health checks, static assets), matched segment by
 * segment like route paths: {@code /health} exempts {@code /health} and {@code /health/live},
 * not {@code /healthz}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExemptPaths {

    private static final ExemptPaths NONE = new ExemptPaths(List.of());

    private final List<String> prefixes;

    private ExemptPaths(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** {@return no exempt paths: {@link #matches(String)} is always false} */
    public static ExemptPaths none() {
        return NONE;
    }

    /**
     * Parses path prefixes, skipping blank ones.
     *
     * @param paths the prefixes, each starting with {@code /}
     * @return the normalized prefixes
     * @throws io.github.maintenance.MaintenanceException for a path that does not start with /
     */
    public static ExemptPaths of(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (!p.isBlank()) {
                out.add(Route.normalizePath(p.trim()));
            }
        }
        return out.isEmpty() ? NONE : new ExemptPaths(List.copyOf(out));
    }

    /** {@return the normalized prefixes, unmodifiable} */
    public List<String> prefixes() {
        return prefixes;
    }

    /**
     * {@return whether {@code path} lies under one of the prefixes}
     *
     * @param path a request path within the application
     */
    public boolean matches(String path) {
        for (int i = 0, n = prefixes.size(); i < n; i++) {
            if (Route.prefixCovers(prefixes.get(i), path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return prefixes.toString();
    }
}
