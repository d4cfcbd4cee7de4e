package io.github.maintenance;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.internal.CircuitBreakerStateMachine;
import io.github.maintenance.internal.ControlState;
import io.github.maintenance.internal.IdleSignal;
import io.github.maintenance.internal.RouteCounters;
import io.github.maintenance.internal.RouteResources;
import io.github.maintenance.internal.ScheduleAnnouncements;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the immutable {@link MaintenanceSnapshot} of a control state: one entry per route with
 * its pre-built decisions and pre-rendered pages. Pages are rendered once per distinct
 * {@linkplain PageKey page input} and kept while a state with that input is in force (and one
 * snapshot change longer), so a state adopted from the store (a new object equal in value), a new
 * entry with the same message, or a window left and entered again reuses the page already rendered,
 * and a snapshot built for a change of one route renders at most that route's page.
 *
 * <p>A reused page keeps the render time it was first rendered at (the time the page shows until
 * its script runs): the same as when one state object stays in force.
 *
 * <p>Lives in this package because snapshot entries and decisions are package-private. Used by
 * the controller under its lock; not thread-safe.
 */
final class SnapshotBuilder {

    private final MaintenanceConfig config;
    private final Clock clock;
    private final PageRenderer renderer;
    private final RenderedPage defaultPage;
    private final RenderedPage drainPage;
    private final RenderedPage circuitPage;
    /** Woken by tracked requests as they end; {@code null} when in-flight tracking is off. */
    private final IdleSignal idleSignal;
    /** Pages of the last snapshot by what they were rendered from. */
    private Map<PageKey, RenderedPage> pages = new HashMap<>();
    /**
     * Pages of the snapshot before the last one: a window left and entered again (a toggle, a
     * deploy that enters and exits the same way each time) finds its page here instead of
     * rendering it again. Two generations at most, so memory still follows the states in force.
     */
    private Map<PageKey, RenderedPage> older = Map.of();

    /**
     * Exactly what {@link #render} uses of a maintenance state: states equal in these share a
     * page, whatever their start, cause, mode or custom page URL.
     */
    private record PageKey(String message, Duration retryAfter, Instant until, String template, Duration refresh) {

        static PageKey of(MaintenanceState m) {
            WindowOptions o = m.options();
            return new PageKey(m.message(), m.retryAfter(), m.until(), o.template(), o.refresh());
        }
    }

    SnapshotBuilder(MaintenanceConfig config, IdleSignal idleSignal) {
        this.config = config;
        this.idleSignal = config.trackInFlight() ? idleSignal : null;
        this.clock = config.clock();
        this.renderer = new PageRenderer(config.pageSettings());
        Instant now = clock.instant();
        this.defaultPage = renderer.maintenance(null, config.retryAfter(), null, now);
        this.drainPage = renderer.drain(config.drainRetryAfter(), now);
        this.circuitPage = renderer.circuitOpen(
                config.circuitBreaker() == null ? Duration.ofSeconds(30) : config.circuitBreaker().openTimeout(), now);
    }

    /**
     * The page of a maintenance entry: with the entry's named template and {@code Refresh}
     * interval when it gives them (its refresh is then also sent as a header), the configured
     * ones otherwise. A template name the configuration does not know (a state written by an
     * instance configured otherwise) falls back to the configured template.
     */
    private RenderedPage render(PageKey k) {
        PageRenderer r = renderer;
        PageTemplate template = k.template() == null ? null : config.pageTemplates().get(k.template());
        if (template != null || k.refresh() != null) {
            PageSettings s = config.pageSettings();
            if (template != null) {
                s = s.withTemplate(template);
            }
            if (k.refresh() != null) {
                s = s.withRefresh(k.refresh()).withRefreshHeader(true);
            }
            r = new PageRenderer(s);
        }
        return r.maintenance(k.message(), k.retryAfter(), k.until(), clock.instant());
    }

    MaintenanceSnapshot build(ControlState state, RouteResources resources) {
        int n = state.table().size();
        MaintenanceSnapshot.Entry[] entries = new MaintenanceSnapshot.Entry[n];
        boolean detailed = config.detailedStatistics();
        IdleSignal tracked = idleSignal;
        boolean idle = !detailed && tracked == null && !resources.hasBreakers();
        Map<PageKey, RenderedPage> livePages = new HashMap<>();
        long drainRetry = config.drainRetryAfter().getSeconds();
        long defaultRetry = config.retryAfter().getSeconds();
        Map<String, String> announced = ScheduleAnnouncements.of(state.schedules(), state.table(), clock.instant());
        for (int i = 0; i < n; i++) {
            Route r = state.table().route(i);
            RouteState s = state.stateOf(r.id());
            RouteCounters c = resources.counters(r.id());
            CircuitBreakerStateMachine b = resources.breaker(r.id());
            MaintenanceState m = s.maintenance();
            DrainState d = s.drain();
            String notice = announced.get(r.id());
            if (m != null || d != null || notice != null) {
                idle = false;
            }
            Decision pass = Decision.builder(Action.PASS, r).tracking(c, b, clock, detailed).inFlight(tracked).scheduled(notice).build();
            Decision maint = null;
            if (m != null) {
                PageKey key = PageKey.of(m);
                RenderedPage page = livePages.get(key);
                if (page == null) {
                    page = pages.get(key);
                    if (page == null) {
                        page = older.get(key);
                    }
                    if (page == null) {
                        page = render(key);
                    }
                    livePages.put(key, page);
                }
                maint = Decision.builder(Action.MAINTENANCE, r).maintenance(m)
                        .response(page, m.retryAfter().getSeconds()).tracking(c, b, clock, detailed)
                        .inFlight(tracked).window(c.windowHits()).build();
            }
            Decision drain = d == null ? null : Decision.builder(Action.DRAIN_REJECT, r)
                    .response(drainPage, drainRetry).tracking(c, b, clock, detailed).inFlight(tracked).build();
            Decision after = d == null || d.afterDrain() != AfterDrain.ENTER_MAINTENANCE ? null
                    : Decision.builder(Action.MAINTENANCE, r).response(defaultPage, defaultRetry)
                            .tracking(c, b, clock, detailed).inFlight(tracked).build();
            Decision open = b == null ? null : Decision.builder(Action.CIRCUIT_OPEN, r)
                    .response(circuitPage, Math.max(1, b.config().openTimeout().getSeconds()))
                    .tracking(c, b, clock, detailed).inFlight(tracked).build();
            entries[i] = new MaintenanceSnapshot.Entry(r, s, c, b, pass, maint, drain, after, open);
        }
        if (!livePages.keySet().equals(pages.keySet())) {
            older = pages;
        }
        pages = livePages;
        return new MaintenanceSnapshot(state.version(), state.table(), entries, idle, detailed, clock, config.random(),
                state.exemptPaths());
    }
}
