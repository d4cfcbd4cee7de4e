package io.github.maintenance.servlet;

import io.github.maintenance.MaintenanceErrors;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests pass to the application while a route is in read-only maintenance: the safe
 * methods (GET, HEAD, OPTIONS, TRACE), plus configured (method, path prefix) pairs.
 */
final class ReadOnlyRule {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** A rule with the safe methods only. */
    static final ReadOnlyRule SAFE_METHODS = new ReadOnlyRule(List.of());

    private record Pair(String method, String pathPrefix) {
    }

    private final List<Pair> allowed;

    private ReadOnlyRule(List<Pair> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Parses {@code "POST /login, PUT /api/session"}: comma-separated pairs of an HTTP method and
     * an absolute path prefix: the setting {@value InitParameters#READ_ONLY_ALLOW}.
     *
     * @throws io.github.maintenance.MaintenanceException naming the bad pair
     */
    static ReadOnlyRule parse(String text) {
        if (text == null || text.isBlank()) {
            return SAFE_METHODS;
        }
        java.util.ArrayList<Pair> pairs = new java.util.ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.trim().split("\\s+");
            if (parts.length != 2 || !parts[0].matches("[A-Za-z]{1,20}") || !parts[1].startsWith("/")) {
                throw MaintenanceErrors.invalidConfig(InitParameters.READ_ONLY_ALLOW, text,
                        "expected 'METHOD /path' pairs, got '" + item.trim() + "'");
            }
            pairs.add(new Pair(parts[0].toUpperCase(Locale.ROOT), parts[1]));
        }
        return new ReadOnlyRule(pairs);
    }

    /** Whether a request with this method to this canonical path passes in read-only mode. */
    boolean allows(String method, String path) {
        if (SAFE.contains(method)) {
            return true;
        }
        for (Pair p : allowed) {
            if (p.method.equals(method) && (path.equals(p.pathPrefix) || path.startsWith(
                    p.pathPrefix.endsWith("/") ? p.pathPrefix : p.pathPrefix + "/"))) {
                return true;
            }
        }
        return false;
    }
}
