package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Durations;
import io.github.maintenance.Target;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.registry.protocol.MaintRequest;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteSpec;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * {@code MAINT_ENTER}, {@code MAINT_ENTER_EX}, {@code MAINT_EXIT} and {@code MAINT_STATUS}
 * (docs/registry-protocol.md §6): the change takes effect at once through the controller, the
 * reply is {@code ACK} then {@code MAINT_OK|<target>} — at once, or after the custom page (on
 * enter) or the route's backend (on exit, when configured) answers; see {@link Verification}.
 *
 * <p>Called under the state lock. Thread-safe.
 */
final class MaintenanceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    /** Creates the verification that a reply waits for. */
    @FunctionalInterface
    interface Verifier {
        Verification create(Session s, Connection c, URI uri, String target, boolean enter);
    }

    private final MaintenanceController controller;
    private final Applier applier;
    private final Outbound outbound;
    private final Verifier verifier;
    private final boolean verifyBackendOnExit;
    private final BooleanSupplier inFlightTracked;

    MaintenanceHandler(MaintenanceController controller, Applier applier, Outbound outbound, Verifier verifier,
            boolean verifyBackendOnExit) {
        this(controller, applier, outbound, verifier, verifyBackendOnExit, () -> false);
    }

    /**
     * @param inFlightTracked whether the controller counts requests in progress; when it does,
     *                        MAINT_STATUS shows {@code in_flight} per route (absent otherwise, so a
     *                        client never mistakes "not counted" for "idle")
     */
    MaintenanceHandler(MaintenanceController controller, Applier applier, Outbound outbound, Verifier verifier,
            boolean verifyBackendOnExit, BooleanSupplier inFlightTracked) {
        this.inFlightTracked = inFlightTracked;
        this.controller = controller;
        this.applier = applier;
        this.outbound = outbound;
        this.verifier = verifier;
        this.verifyBackendOnExit = verifyBackendOnExit;
    }

    Outcome handle(Connection c, Session s, MaintRequest r) throws ProtocolException {
        if (r instanceof MaintRequest.Enter enter) {
            return enter(c, s, enter);
        } else if (r instanceof MaintRequest.Exit exit) {
            return exit(c, s, exit);
        } else if (r instanceof MaintRequest.Status) {
            Map<String, Object> m = status();
            if (s.lastChangeNotStored) {
                m.put("stored", false);
                m.put("warning", Reply.STORE_UNAVAILABLE);
            }
            return Outcome.json(Reply.MAINT_STATUS_OK, m);
        } else if (r instanceof MaintRequest.Routes) {
            return Outcome.json(Reply.MAINT_ROUTES_OK, routes());
        }
        throw new IllegalStateException("unhandled " + r);
    }

    private Outcome enter(Connection c, Session s, MaintRequest.Enter r) throws ProtocolException {
        s.cancelPending();
        List<String> ids = applier.apply(s, r.change(), r.reason()).routeIds();
        URI page = r.pageUri();
        s.audit(c, "MAINT_ENTER", r.target() + " -> " + ids + (page == null ? "" : ", page " + page));
        if (page == null) {
            return Outcome.lines(Reply.ACK, Reply.MAINT_OK + "|" + r.target());
        }
        return verify(s, c, page, r.target(), true);
    }

    private Outcome exit(Connection c, Session s, MaintRequest.Exit r) throws ProtocolException {
        s.cancelPending();
        String backend = verifyBackendOnExit ? backendToVerify(s, r.change().target()) : null;
        List<String> ids = applier.apply(s, r.change()).routeIds();
        s.audit(c, "MAINT_EXIT", r.target() + " -> " + ids);
        URI uri = null;
        if (backend != null) {
            try {
                uri = outbound.check(backend);
            } catch (MaintenanceException e) {
                LOG.info("Registry MAINT_EXIT: backend {} not verified: {}", backend, e.getMessage());
            }
        }
        if (uri == null) {
            return Outcome.lines(Reply.ACK, Reply.MAINT_OK + "|" + r.target());
        }
        return verify(s, c, uri, r.target(), false);
    }

    private Outcome verify(Session s, Connection c, URI uri, String target, boolean enter) {
        Verification v = verifier.create(s, c, uri, target, enter);
        s.pending.set(v);
        return Outcome.ackThenVerify(v);
    }

    /** ALL: the backend of the session's lowest-numbered route in force; a single route id: its backend. */
    private String backendToVerify(Session s, Target target) {
        Map<String, RouteSpec> own = s.config.routes.active();
        if (target.isAll()) {
            String best = null;
            long bestN = Long.MAX_VALUE;
            for (Map.Entry<String, RouteSpec> e : own.entrySet()) {
                long n = routeNumber(e.getKey());
                if (n < bestN) {
                    bestN = n;
                    best = e.getValue().backendUrl();
                }
            }
            return best;
        }
        if (target.items().size() == 1) {
            String id = target.items().get(0);
            RouteSpec spec = own.get(id);
            if (spec != null) {
                return spec.backendUrl();
            }
            Route route = controller.snapshot().routes().find(id);
            return route == null ? null : route.backend();
        }
        return null;
    }

    private static long routeNumber(String id) {
        try {
            return id.startsWith("r") ? Long.parseLong(id.substring(1)) : Long.MAX_VALUE - 1;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE - 1;
        }
    }

    /** Every route in maintenance (the catch-all {@code *} included), sorted by id, with details; and whether ALL drains. */
    private Map<String, Object> status() {
        Map<String, RouteStatus> byId = new TreeMap<>();
        for (RouteStatus st : controller.statuses()) {
            if (st.inMaintenance()) {
                byId.put(st.routeId(), st);
            }
        }
        List<Map<String, Object>> routes = new ArrayList<>();
        for (RouteStatus st : byId.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("route_id", st.routeId());
            r.put("since", WireTime.format(st.maintenanceSince()));
            r.put("page_url", st.maintenancePageUrl() == null ? "" : st.maintenancePageUrl());
            r.put("message", st.maintenanceMessage() == null ? "" : st.maintenanceMessage());
            r.put("until", st.maintenanceUntil() == null ? "" : WireTime.format(st.maintenanceUntil()));
            r.put("path", st.route().path());
            r.put("domains", st.route().domains());
            r.put("hits", st.maintenanceHits());
            putOptions(r, st);
            routes.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in_maintenance", List.copyOf(byId.keySet()));
        m.put("routes", routes);
        RouteState all = controller.snapshot().state(Route.CATCH_ALL_ID);
        m.put("draining", all != null && all.draining());
        return m;
    }

    /**
     * The window's options and the read-only/hold counters, added only when there is something to
     * say (a mode other than full, an option set, a counter above zero), so a reply about a plain
     * maintenance stays exactly as before. The bypass secret is never shown: {@code "secret_set":true}.
     * {@code in_flight} appears only when the controller tracks requests in progress.
     */
    private void putOptions(Map<String, Object> r, RouteStatus st) {
        WindowOptions o = st.maintenanceOptions();
        putOptions(r, o);
        boolean modal = o != null && o.mode() != MaintenanceMode.FULL;
        if (modal || st.readOnlyRejected() != 0 || st.held() != 0 || st.holdReleased() != 0 || st.holdTimedOut() != 0) {
            r.put("read_only_rejected", st.readOnlyRejected());
            r.put("held", st.held());
            r.put("hold_released", st.holdReleased());
            r.put("hold_timed_out", st.holdTimedOut());
        }
        if (inFlightTracked.getAsBoolean()) {
            r.put("in_flight", st.inFlight());
        }
    }

    /** Adds {@code mode} and {@code options} (never the secret itself) when the options are not all unset. */
    static void putOptions(Map<String, Object> r, WindowOptions o) {
        if (o == null || o.isDefault()) {
            return;
        }
        r.put("mode", o.mode().wireName());
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.status() != 0) {
            m.put("status", o.status());
        }
        if (o.redirect() != null) {
            m.put("redirect", o.redirect());
        }
        if (o.refresh() != null) {
            m.put("refresh", Durations.format(o.refresh()));
        }
        if (o.template() != null) {
            m.put("template", o.template());
        }
        if (o.bypassSecretHash() != null) {
            m.put("secret_set", true);
        }
        if (o.hold() != null) {
            m.put("hold", Durations.format(o.hold()));
        }
        if (!m.isEmpty()) {
            r.put("options", m);
        }
    }

    /**
     * Every route of the controller in table order, whoever declared it, with its maintenance and
     * drain flags, and {@code "mode"} ({@code read-only} or {@code hold}) for a route in
     * maintenance in a mode other than full.
     */
    private List<Map<String, Object>> routes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RouteStatus st : controller.statuses()) {
            Route r = st.route();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("route_id", r.id());
            m.put("domains", r.domains());
            m.put("path", r.path());
            m.put("priority", r.priority());
            if (r.owner() != null) {
                m.put("owner", r.owner());
            }
            m.put("in_maintenance", st.inMaintenance());
            MaintenanceMode mode = st.inMaintenance() ? st.maintenanceMode() : null;
            if (mode != null && mode != MaintenanceMode.FULL) {
                m.put("mode", mode.wireName()); // only when not full: a plain listing stays as it was
            }
            m.put("draining", st.draining());
            out.add(m);
        }
        return out;
    }
}
