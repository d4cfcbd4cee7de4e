package io.github.maintenance.route;

import io.github.maintenance.MaintenanceErrors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of routes with an allocation-free, lock-free matcher.
 *
 * <p>Index 0 is always the implicit catch-all route ({@link Route#catchAll()}); the declared
 * routes follow in declaration order. {@link #match(String, String)} returns the index of the
 * one route a request belongs to.
 *
 * <p>How matching stays cheap whatever the number of routes: routes are grouped by their path
 * prefix in an open-addressing hash table keyed by the prefix string. A request path is scanned
 * once; at every segment boundary the hash of the prefix read so far is looked up (no substring
 * is created), so the cost grows with the number of segments of the request path, not with the
 * number of routes. Within a group only the routes of that exact prefix are compared with the
 * host.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RouteTable {

    private static final RouteTable EMPTY = new RouteTable(List.of());

    private final Route[] routes;
    private final List<Route> routeList;
    private final Map<String, Integer> byId;
    private final String[] keys;
    private final int[] keyHashes;
    private final int[][] buckets;
    private final int mask;
    private final int shift;
    private final int maxKeyLength;
    private final int rootBucket;
    /** Routes of path {@code /} that name hosts, highest priority first, then declaration order. */
    private final int[] domainRoots;

    private RouteTable(List<Route> declared) {
        List<Route> all = new ArrayList<>(declared.size() + 1);
        all.add(Route.catchAll());
        all.addAll(declared);
        this.routes = all.toArray(new Route[0]);
        this.routeList = Collections.unmodifiableList(Arrays.asList(routes));
        Map<String, Integer> ids = new HashMap<>();
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < routes.length; i++) {
            Route r = routes[i];
            if (ids.putIfAbsent(r.id(), i) != null) {
                throw MaintenanceErrors.duplicateRoute(r.id());
            }
            if (i > 0) {
                groups.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(i);
            }
        }
        this.byId = Map.copyOf(ids);
        int size = Integer.highestOneBit(Math.max(4, groups.size() * 2 + 1) * 2 - 1);
        this.keys = new String[size];
        this.keyHashes = new int[size];
        this.buckets = new int[size][];
        this.mask = size - 1;
        this.shift = 32 - Integer.numberOfTrailingZeros(size);
        this.maxKeyLength = groups.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            int[] members = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            // Highest priority first, then declaration order: lets match() stop early.
            Integer[] boxed = Arrays.stream(members).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (a, b) -> {
                int c = Integer.compare(routes[b].priority(), routes[a].priority());
                return c != 0 ? c : Integer.compare(a, b);
            });
            int h = hash(e.getKey(), e.getKey().length());
            int slot = slot(h);
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = e.getKey();
            keyHashes[slot] = h;
            buckets[slot] = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
        this.rootBucket = find("/", 1, hash("/", 1));
        this.domainRoots = rootBucket < 0 ? new int[0] : Arrays.stream(buckets[rootBucket])
                .filter(i -> !routes[i].domains().isEmpty()).toArray();
    }

    /** {@return a table with only the catch-all route} */
    public static RouteTable empty() {
        return EMPTY;
    }

    /**
     * A table of the given routes plus the implicit catch-all.
     *
     * @param routes the declared routes, in declaration order; not the catch-all
     * @return the table
     * @throws io.github.maintenance.MaintenanceException when two routes share an id
     */
    public static RouteTable of(List<Route> routes) {
        for (Route r : routes) {
            if (r.isCatchAll()) {
                throw MaintenanceErrors.duplicateRoute(Route.CATCH_ALL_ID);
            }
        }
        return routes.isEmpty() ? EMPTY : new RouteTable(routes);
    }

    /**
     * All routes, the catch-all first; unmodifiable.
     *
     * @return the routes in table order
     */
    public List<Route> routes() {
        return routeList;
    }

    /** {@return the declared routes, without the catch-all} */
    public List<Route> declaredRoutes() {
        return routeList.subList(1, routeList.size());
    }

    /** {@return the number of routes including the catch-all} */
    public int size() {
        return routes.length;
    }

    /**
     * {@return the route at {@code index} (0 is the catch-all)}
     *
     * @param index 0 to {@link #size()} - 1
     */
    public Route route(int index) {
        return routes[index];
    }

    /**
     * Index of the route with this id, or -1.
     *
     * @param id the route id, or {@code null}
     * @return the route's index in {@link #routes()}
     */
    public int indexOf(String id) {
        if (id == null) {
            return -1;
        }
        Integer i = byId.get(id);
        return i == null ? -1 : i;
    }

    /**
     * {@return the route with this id, or {@code null}}
     *
     * @param id the route id, or {@code null}
     */
    public Route find(String id) {
        int i = indexOf(id);
        return i < 0 ? null : routes[i];
    }

    /**
     * {@return a new table with {@code route} added, or replacing the route of the same id in place}
     *
     * @param route the route to add or replace
     */
    public RouteTable with(Route route) {
        List<Route> next = new ArrayList<>(declaredRoutes());
        int i = indexOf(route.id());
        if (i > 0) {
            next.set(i - 1, route);
        } else {
            next.add(route);
        }
        return of(next);
    }

    /**
     * {@return a new table without the route of this id (unchanged when there is none)}
     *
     * @param id the id of the route to remove
     */
    public RouteTable without(String id) {
        int i = indexOf(id);
        if (i <= 0) {
            return this;
        }
        List<Route> next = new ArrayList<>(declaredRoutes());
        next.remove(i - 1);
        return of(next);
    }

    /**
     * Index of the route serving {@code host} and {@code path}; 0 (the catch-all) when no declared
     * route does. Neither allocates nor locks.
     *
     * @param host the request's host, with or without a port; may be {@code null}
     * @param path the decoded, normalised request path within the application (starting with /)
     * @return an index into {@link #routes()}
     */
    public int match(String host, String path) {
        if (routes.length == 1) {
            return 0;
        }
        if (host == null) {
            host = "";
        }
        int best = 0;
        int bestPriority = Integer.MIN_VALUE;
        if (rootBucket >= 0) {
            int c = bestInBucket(buckets[rootBucket], host);
            if (c > 0) {
                best = c & 0xFFFFFF;
                bestPriority = routes[best].priority();
            }
        }
        int len = path == null ? 0 : path.length();
        int h = 0;
        // No prefix longer than the longest route path can match: stop reading there.
        for (int i = 0, end = Math.min(len, maxKeyLength + 1); i < end; i++) {
            char ch = path.charAt(i);
            if (ch == '/' && i > 0) {
                int cand = lookup(path, i, h, host);
                if (cand > 0) {
                    int idx = cand & 0xFFFFFF;
                    int p = routes[idx].priority();
                    // A longer prefix wins ties on priority.
                    if (p >= bestPriority) {
                        best = idx;
                        bestPriority = p;
                    }
                }
            }
            h = 31 * h + ch;
        }
        if (len > 1 && len <= maxKeyLength && path.charAt(len - 1) != '/') {
            int cand = lookup(path, len, h, host);
            if (cand > 0) {
                int idx = cand & 0xFFFFFF;
                if (routes[idx].priority() >= bestPriority) {
                    best = idx;
                }
            }
        }
        return best;
    }

    /**
     * Index of the host's domain route: the route of path {@code /} that names {@code host} (an
     * exact name before a wildcard, then the highest priority, then the first declared), or 0 when
     * no such route names it. Whatever route {@link #match} picks for a path, a request for that
     * host also belongs to this one (see {@code MaintenanceSnapshot#decide}). Neither allocates
     * nor locks.
     *
     * @param host the request's host, with or without a port; may be {@code null}
     * @return an index into {@link #routes()}
     */
    public int domainRoute(String host) {
        int[] roots = domainRoots;
        if (roots.length == 0 || host == null) {
            return 0;
        }
        int end = hostEnd(host);
        int found = 0;
        int foundRank = 0;
        for (int idx : roots) {
            int rank = routes[idx].hostRank(host, 0, end);
            if (rank > foundRank) {
                found = idx;
                foundRank = rank;
                if (rank == 3) {
                    break;
                }
            }
        }
        return found;
    }

    /** {@return whether some route of path {@code /} names hosts (so {@link #domainRoute} can find one)} */
    public boolean hasDomainRoutes() {
        return domainRoots.length > 0;
    }

    private int lookup(String path, int prefixLength, int h, String host) {
        int b = find(path, prefixLength, h);
        return b < 0 ? 0 : bestInBucket(buckets[b], host);
    }

    private int find(String path, int prefixLength, int h) {
        int slot = slot(h);
        String k;
        while ((k = keys[slot]) != null) {
            // The stored hash rejects most other keys without touching their strings.
            if (keyHashes[slot] == h && k.length() == prefixLength && path.startsWith(k)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Returns (rank << 24 | index) of the best route of a bucket serving the host, or 0. */
    private int bestInBucket(int[] bucket, String host) {
        int hostEnd = -1; // found only when a route of the bucket names hosts
        int found = 0;
        int foundRank = 0;
        int foundPriority = 0;
        for (int idx : bucket) {
            Route r = routes[idx];
            if (found != 0 && r.priority() < foundPriority) {
                break;
            }
            int rank;
            if (r.domains().isEmpty()) {
                rank = 1;
            } else {
                if (hostEnd < 0) {
                    hostEnd = hostEnd(host);
                }
                rank = r.hostRank(host, 0, hostEnd);
            }
            if (rank > foundRank) {
                found = idx;
                foundRank = rank;
                foundPriority = r.priority();
                if (rank == 3) {
                    break;
                }
            }
        }
        return found == 0 ? 0 : (foundRank << 24) | found;
    }

    /**
     * Fibonacci hashing: the top bits of {@code h} times 2^32/phi. Prefixes like {@code /svc-1},
     * {@code /svc-2} have consecutive {@code 31}-based hashes; taken modulo the table size they
     * would fill neighbouring slots and make linear probing walk long runs.
     */
    private int slot(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    private static int hash(String s, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /** End of the host name in a Host value: before the port and a trailing dot. */
    static int hostEnd(String host) {
        int end = host.length();
        if (end > 0 && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            return close < 0 ? end : close + 1;
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
            end = colon;
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return end;
    }
}
