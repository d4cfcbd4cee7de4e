package io.github.maintenance.route;

import io.github.maintenance.MaintenanceErrors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A maintenance selector: a set of host names and a path prefix. Every request is matched to
 * exactly one route (see {@link RouteTable}); maintenance, drain and the circuit breaker act on
 * routes.
 *
 * <ul>
 *   <li>{@code domains}: empty means any host. Entries are exact host names or {@code *.suffix}
 *       wildcards (which match any sub-domain of the suffix, not the suffix itself); matching is
 *       case-insensitive and ignores the port.</li>
 *   <li>{@code path}: a prefix matched segment by segment: {@code /api} matches {@code /api} and
 *       {@code /api/x}, never {@code /apix}. A trailing slash is dropped; {@code /} matches
 *       every path.</li>
 *   <li>{@code priority}: higher wins; ties go to the longer path, then to the more specific host
 *       (exact, then wildcard, then any), then to the route declared first.</li>
 *   <li>{@code exemptPaths}: path prefixes under this route that are never blocked (health
 *       checks, static assets).</li>
 *   <li>{@code backend}: an informational URL (the registry's {@code backend_url}).</li>
 *   <li>{@code owner}: informational, who manages the route: {@code null} for routes declared by
 *       the application, otherwise a control plane's label (the registry uses
 *       {@code registry:<service>/<instance>} for a session's routes and {@code controller} for
 *       routes it handed over to the controller when their session ended).</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder(String)}.
 */
public final class Route {

    /** Id of the implicit catch-all route (any host, path {@code /}) that every table contains. */
    public static final String CATCH_ALL_ID = "*";

    /** Longest accepted route id. */
    public static final int MAX_ID_LENGTH = 128;

    private static final Route CATCH_ALL = new Route(CATCH_ALL_ID, List.of(), "/", Integer.MIN_VALUE,
            List.of(), null, null);

    /** Longest accepted owner label. */
    public static final int MAX_OWNER_LENGTH = 256;

    private final String id;
    private final List<String> domains;
    private final String path;
    private final int priority;
    private final List<String> exemptPaths;
    private final String backend;
    private final String owner;

    private Route(String id, List<String> domains, String path, int priority, List<String> exemptPaths,
            String backend, String owner) {
        this.id = id;
        this.domains = domains;
        this.path = path;
        this.priority = priority;
        this.exemptPaths = exemptPaths;
        this.backend = backend;
        this.owner = owner;
    }

    /** {@return the implicit catch-all route: id {@code *}, any host, path {@code /}, lowest priority} */
    public static Route catchAll() {
        return CATCH_ALL;
    }

    /**
     * Starts a route with the given id (letters, digits and {@code _-.:/@~}, at most 128).
     *
     * @param id the route's id (checked by {@link Builder#build()})
     * @return a builder with the defaults: any host, path {@code /}, priority 0, no exempt paths
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * A copy of this route as a builder, to change some fields.
     *
     * @return a builder holding every field of this route
     */
    public Builder toBuilder() {
        return new Builder(id).domains(domains).path(path).priority(priority).exemptPaths(exemptPaths)
                .backend(backend).owner(owner);
    }

    /**
     * {@return the route's id: letters, digits and {@code _-.:/@~}, at most 128 characters; {@code *} for the
     * catch-all}
     */
    public String id() {
        return id;
    }

    /**
     * Lower-case host names and {@code *.suffix} wildcards; empty means any host.
     *
     * @return the normalised domains; unmodifiable
     */
    public List<String> domains() {
        return domains;
    }

    /** {@return the normalised path prefix: starts with {@code /}, no trailing slash unless it is {@code /}} */
    public String path() {
        return path;
    }

    /** {@return the priority: among routes that match a request, the highest wins} */
    public int priority() {
        return priority;
    }

    /**
     * Normalised path prefixes under this route that are never blocked.
     *
     * @return the normalised exempt paths; unmodifiable
     */
    public List<String> exemptPaths() {
        return exemptPaths;
    }

    /** {@return the informational backend URL, or {@code null}} */
    public String backend() {
        return backend;
    }

    /** {@return who manages this route (informational), or {@code null} for a route declared by the application} */
    public String owner() {
        return owner;
    }

    /** {@return whether this is the implicit catch-all route} */
    public boolean isCatchAll() {
        return this == CATCH_ALL;
    }

    /**
     * Whether this route serves the given host (a bare host name, no port). Routes with no
     * domains serve every host.
     *
     * @param host the request's host name, without port; lower case
     * @return whether the route serves it
     */
    public boolean servesHost(String host) {
        if (domains.isEmpty()) {
            return true;
        }
        return hostRank(host, 0, host.length()) > 0;
    }

    /**
     * Whether {@code host} is named by this route's domains: explicitly or through a wildcard
     * (routes that serve any host do not name it).
     *
     * @param host the request's host name, without port; lower case
     * @return whether a domain of this route names it
     */
    public boolean namesHost(String host) {
        return !domains.isEmpty() && servesHost(host);
    }

    /**
     * Ranks how this route's domains match {@code host[start,end)}: 0 no match, 1 any host,
     * 2 wildcard, 3 exact. Allocation-free.
     */
    int hostRank(String host, int start, int end) {
        if (domains.isEmpty()) {
            return 1;
        }
        int len = end - start;
        int best = 0;
        for (int i = 0, n = domains.size(); i < n; i++) {
            String d = domains.get(i);
            if (d.startsWith("*.")) {
                int suffix = d.length() - 1; // ".example.com"
                if (len > suffix && host.regionMatches(true, end - suffix, d, 1, suffix)) {
                    best = Math.max(best, 2);
                }
            } else if (d.length() == len && host.regionMatches(true, start, d, 0, len)) {
                return 3;
            }
        }
        return best;
    }

    /**
     * {@return whether a normalised request path lies under this route's prefix (segment-aware)}
     *
     * @param requestPath the normalised request path, starting with {@code /}
     */
    public boolean coversPath(String requestPath) {
        return prefixCovers(path, requestPath);
    }

    /**
     * {@return whether {@code requestPath} lies under {@code prefix}, segment by segment}
     *
     * @param prefix a normalised path prefix, as {@link #normalizePath} returns
     * @param requestPath the normalised request path, starting with {@code /}
     */
    public static boolean prefixCovers(String prefix, String requestPath) {
        if (prefix.length() == 1) {
            return true;
        }
        return requestPath.startsWith(prefix)
                && (requestPath.length() == prefix.length() || requestPath.charAt(prefix.length()) == '/');
    }

    /**
     * {@return whether {@code requestPath} is under one of this route's exempt paths}
     *
     * @param requestPath the normalised request path, starting with {@code /}
     */
    public boolean isExempt(String requestPath) {
        for (int i = 0, n = exemptPaths.size(); i < n; i++) {
            if (prefixCovers(exemptPaths.get(i), requestPath)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Validates and normalises a path prefix: {@code /api/} becomes {@code /api}.
     *
     * @param path the prefix: starts with {@code /}, at most 2048 characters, no blanks, control characters,
     *     {@code ?}, {@code #}, {@code \}, empty, {@code .} or {@code ..} segments
     * @return the prefix without trailing slashes ({@code /} stays {@code /})
     * @throws io.github.maintenance.MaintenanceException naming {@code path} when it breaks a rule
     */
    public static String normalizePath(String path) {
        if (path == null || path.isEmpty()) {
            throw MaintenanceErrors.invalidRoute("path", String.valueOf(path), "path cannot be empty");
        }
        if (path.charAt(0) != '/') {
            throw MaintenanceErrors.invalidRoute("path", path, "path must start with /");
        }
        if (path.length() > 2048) {
            throw MaintenanceErrors.invalidRoute("path", path, "longer than 2048 characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '\\') {
                throw MaintenanceErrors.invalidRoute("path", path,
                        "must not contain spaces, control characters, '?', '#' or '\\'");
            }
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.contains("//") || p.contains("/./") || p.contains("/../") || p.endsWith("/.")
                || p.endsWith("/..")) {
            throw MaintenanceErrors.invalidRoute("path", path, "must not contain empty, '.' or '..' segments");
        }
        return p;
    }

    /**
     * Validates and normalises a domain: lower case, no trailing dot. Returns {@code null} for
     * "any host" ({@code ""} or {@code *}).
     *
     * @param domain a host name or {@code *.suffix} wildcard, or {@code null}, {@code ""} or {@code *} for
     *     any host; surrounding blanks are ignored
     * @return the normalised domain, or {@code null} for any host
     * @throws io.github.maintenance.MaintenanceException naming {@code domain} when it is not a host name or wildcard
     */
    public static String normalizeDomain(String domain) {
        if (domain == null) {
            return null;
        }
        String d = domain.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.equals("*")) {
            return null;
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String host = d.startsWith("*.") ? d.substring(2) : d;
        if (!isHostName(host)) {
            throw MaintenanceErrors.invalidRoute("domain", domain,
                    "expected a host name or a *.suffix wildcard");
        }
        return d;
    }

    private static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /**
     * Validates a route id.
     *
     * @param id letters, digits and {@code _-.:/@~}, at most 128 characters; not {@code ALL}, not starting
     *     with {@code /}
     * @return {@code id} unchanged
     * @throws io.github.maintenance.MaintenanceException naming {@code id} when it breaks a rule
     */
    public static String validateId(String id) {
        if (id == null || id.isEmpty()) {
            throw MaintenanceErrors.invalidRoute("id", String.valueOf(id), "id cannot be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw MaintenanceErrors.invalidRoute("id", id, "longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.equals("ALL")) {
            throw MaintenanceErrors.invalidRoute("id", id, "ALL is reserved for the whole application");
        }
        if (id.charAt(0) == '/') {
            throw MaintenanceErrors.invalidRoute("id", id, "must not start with '/' (that is a path target)");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-.:/@~".indexOf(c) >= 0;
            if (!ok) {
                throw MaintenanceErrors.invalidRoute("id", id, "allowed are letters, digits and _-.:/@~");
            }
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route r && id.equals(r.id) && domains.equals(r.domains) && path.equals(r.path)
                && priority == r.priority && exemptPaths.equals(r.exemptPaths) && Objects.equals(backend, r.backend)
                && Objects.equals(owner, r.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, domains, path, priority);
    }

    @Override
    public String toString() {
        return "Route[" + id + " " + (domains.isEmpty() ? "*" : String.join(",", domains)) + path
                + " priority=" + priority + "]";
    }

    /** Builds a {@link Route}; {@link #build()} validates every field. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final List<String> domains = new ArrayList<>();
        private String path = "/";
        private int priority;
        private final List<String> exemptPaths = new ArrayList<>();
        private String backend;
        private String owner;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * Host names or {@code *.suffix} wildcards; none (or only {@code *}) means any host.
         *
         * @param values the domains (checked by {@link #build()})
         * @return this builder
         */
        public Builder domains(Collection<String> values) {
            domains.clear();
            domains.addAll(values);
            return this;
        }

        /**
         * Host names or {@code *.suffix} wildcards; none (or only {@code *}) means any host.
         *
         * @param values the domains (checked by {@link #build()})
         * @return this builder
         */
        public Builder domains(String... values) {
            return domains(List.of(values));
        }

        /**
         * The path prefix, default {@code /}.
         *
         * @param value the prefix, as {@link Route#normalizePath} accepts it (checked by {@link #build()})
         * @return this builder
         */
        public Builder path(String value) {
            this.path = value;
            return this;
        }

        /**
         * Higher wins; default 0.
         *
         * @param value the priority; any int
         * @return this builder
         */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /**
         * Path prefixes under this route that are never blocked.
         *
         * @param values the prefixes, as {@link Route#normalizePath} accepts them (checked by {@link #build()})
         * @return this builder
         */
        public Builder exemptPaths(Collection<String> values) {
            exemptPaths.clear();
            exemptPaths.addAll(values);
            return this;
        }

        /**
         * Path prefixes under this route that are never blocked.
         *
         * @param values the prefixes, as {@link Route#normalizePath} accepts them (checked by {@link #build()})
         * @return this builder
         */
        public Builder exemptPaths(String... values) {
            return exemptPaths(List.of(values));
        }

        /**
         * Informational backend URL (absolute http or https), or {@code null}.
         *
         * @param value the URL, or {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder backend(String value) {
            this.backend = value;
            return this;
        }

        /**
         * Who manages the route, for display (at most 256 characters, no control characters);
         * {@code null} or empty for a route declared by the application.
         *
         * @param value the owner, or {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder owner(String value) {
            this.owner = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the immutable route
         * @throws io.github.maintenance.MaintenanceException naming the first invalid field
         */
        public Route build() {
            if (CATCH_ALL_ID.equals(id)) {
                throw MaintenanceErrors.invalidRoute("id", id, "'*' is the implicit catch-all route");
            }
            validateId(id);
            List<String> ds = new ArrayList<>();
            for (String d : domains) {
                String n = normalizeDomain(d);
                if (n != null && !ds.contains(n)) {
                    ds.add(n);
                }
            }
            List<String> ex = new ArrayList<>();
            for (String e : exemptPaths) {
                ex.add(normalizePath(e));
            }
            if (backend != null && !backend.isEmpty()) {
                try {
                    java.net.URI u = new java.net.URI(backend);
                    String scheme = u.getScheme();
                    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                            || u.getHost() == null) {
                        throw MaintenanceErrors.invalidRoute("backend", backend, "expected an absolute http or https URL");
                    }
                } catch (java.net.URISyntaxException e) {
                    throw MaintenanceErrors.invalidRoute("backend", backend, "expected an absolute http or https URL");
                }
            }
            if (owner != null && !owner.isEmpty()) {
                if (owner.length() > MAX_OWNER_LENGTH) {
                    throw MaintenanceErrors.invalidRoute("owner", owner, "longer than " + MAX_OWNER_LENGTH + " characters");
                }
                for (int i = 0; i < owner.length(); i++) {
                    if (Character.isISOControl(owner.charAt(i))) {
                        throw MaintenanceErrors.invalidRoute("owner", owner, "must not contain control characters");
                    }
                }
            }
            return new Route(id, List.copyOf(ds), normalizePath(path), priority, List.copyOf(ex),
                    backend == null || backend.isEmpty() ? null : backend,
                    owner == null || owner.isEmpty() ? null : owner);
        }
    }
}
