package io.github.maintenance.ctl;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Target;
import io.github.maintenance.ctl.RegistryClient.RegistryException;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.route.Route;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The registry's routes ({@code MAINT_ROUTES}), to check a target against them before it is used:
 * which routes it selects and which of its path or domain items select none (and would get an
 * ad-hoc route). Selection follows {@link Target#selects}, the controller's own rule.
 */
final class RouteListing {

    /** One route of the listing. */
    record Entry(String id, Route route, boolean inMaintenance) {

        /** {@code admin (*\/admin)}: the id, then the domains (or {@code *}) and the path. */
        String describe() {
            String domains = route.domains().isEmpty() ? "*" : String.join(",", route.domains());
            return id + " (" + domains + route.path() + ")";
        }
    }

    private final List<Entry> entries;
    private final String unavailable;

    private RouteListing(List<Entry> entries, String unavailable) {
        this.entries = entries;
        this.unavailable = unavailable;
    }

    /**
     * Asks the registry. A registry that refuses (an older one that has no {@code MAINT_ROUTES}, a
     * listing too large for one line) gives a listing that is not {@link #available()}.
     */
    static RouteListing fetch(CtlSession s) throws FailedException {
        String payload;
        try {
            payload = Reply.payload(s.client.call(CommandLine.join("MAINT_ROUTES", s.id)));
        } catch (RegistryException e) {
            return new RouteListing(List.of(), e.getMessage());
        } catch (IOException e) {
            throw CtlSession.failure(e);
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (Object o : WireJson.parseArray(payload)) {
                entries.add(entry(o));
            }
        } catch (WireJson.InvalidJsonException | ClassCastException | MaintenanceException e) {
            return new RouteListing(List.of(), "unreadable route listing");
        }
        return new RouteListing(List.copyOf(entries), null);
    }

    @SuppressWarnings("unchecked")
    private static Entry entry(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        String id = (String) m.get("route_id");
        List<String> domains = (List<String>) m.getOrDefault("domains", List.of());
        String path = (String) m.getOrDefault("path", "/");
        Route route;
        if (Route.CATCH_ALL_ID.equals(id)) {
            route = Route.catchAll();
        } else {
            // The id is kept in the entry; the Route only carries what selection looks at.
            route = Route.builder("listed").domains(domains).path(path).build();
        }
        return new Entry(id, route, Boolean.TRUE.equals(m.get("in_maintenance")));
    }

    /** Whether the registry answered with its routes. */
    boolean available() {
        return unavailable == null;
    }

    /** Why the listing is not available, or {@code null}. */
    String unavailableReason() {
        return unavailable;
    }

    /** Whether checking {@code target} needs a listing: it has an item that may be a path or a domain. */
    static boolean needed(Target target) {
        return target.items().stream().anyMatch(i -> Target.isPathItem(i) || Target.isDomainItem(i));
    }

    /** The routes {@code target} selects now (unknown ids select nothing here; the registry refuses them). */
    List<Entry> selected(Target target) {
        if (target.isAll()) {
            return entries;
        }
        Set<Entry> out = new LinkedHashSet<>();
        for (String item : target.items()) {
            out.addAll(selectedBy(item));
        }
        return List.copyOf(out);
    }

    private List<Entry> selectedBy(String item) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.id().equals(item)) {
                return List.of(e);
            }
        }
        if (!Target.isPathItem(item) && !Target.isDomainItem(item)) {
            return out;
        }
        for (Entry e : entries) {
            try {
                if (Target.selects(item, e.route())) {
                    out.add(e);
                }
            } catch (MaintenanceException ex) {
                return List.of(); // an invalid item: the registry refuses it with its own message
            }
        }
        return out;
    }

    /** The path and domain items of {@code target} that select no route (each would get an ad-hoc route). */
    List<String> unmatched(Target target) {
        List<String> out = new ArrayList<>();
        for (String item : target.items()) {
            if ((Target.isPathItem(item) || Target.isDomainItem(item)) && selectedBy(item).isEmpty() && valid(item)) {
                out.add(item);
            }
        }
        return out;
    }

    private static boolean valid(String item) {
        try {
            Target.selects(item, Route.catchAll());
            return true;
        } catch (MaintenanceException e) {
            return false;
        }
    }

    /**
     * Whether {@code target} is in maintenance as a whole: every item selects at least one route
     * and every route selected is in maintenance ({@code ALL}: every route).
     */
    boolean allInMaintenance(Target target) {
        if (target.isAll()) {
            return !entries.isEmpty() && entries.stream().allMatch(Entry::inMaintenance);
        }
        for (String item : target.items()) {
            List<Entry> selected = selectedBy(item);
            if (selected.isEmpty() || !selected.stream().allMatch(Entry::inMaintenance)) {
                return false;
            }
        }
        return true;
    }

    /** The ids of the routes in maintenance. */
    Set<String> inMaintenance() {
        Set<String> out = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.inMaintenance()) {
                out.add(e.id());
            }
        }
        return out;
    }

    /**
     * The declared route closest to {@code item} (not the catch-all): least edit distance to one of
     * its names (id and path for a path item, id and domains for a domain item), then longest
     * common prefix, then listing order; {@code null} when there is none.
     */
    Entry closest(String item) {
        Entry best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestPrefix = -1;
        for (Entry e : entries) {
            if (Route.CATCH_ALL_ID.equals(e.id())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(e.id());
            if (Target.isPathItem(item)) {
                names.add(e.route().path());
            } else {
                names.addAll(e.route().domains());
            }
            for (String name : names) {
                int d = distance(item.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
                int p = commonPrefix(item, name);
                if (d < bestDistance || (d == bestDistance && p > bestPrefix)) {
                    best = e;
                    bestDistance = d;
                    bestPrefix = p;
                }
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && Character.toLowerCase(a.charAt(i)) == Character.toLowerCase(b.charAt(i))) {
            i++;
        }
        return i;
    }
}
