package io.github.maintenance.registry;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.protocol.DrainRequest;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.route.Route;
import io.github.maintenance.stats.RouteStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DRAIN_START}, {@code DRAIN_STATUS} and {@code DRAIN_CANCEL} (docs/registry-protocol.md
 * §7): the registry drains the whole instance, so the state reported is that of the catch-all
 * route. A drain stays in progress after its period until it is cancelled.
 *
 * <p>Called under the state lock. Thread-safe.
 */
final class DrainHandler {

    private final MaintenanceController controller;
    private final Applier applier;
    private final Clock clock;

    DrainHandler(MaintenanceController controller, Applier applier, Clock clock) {
        this.controller = controller;
        this.applier = applier;
        this.clock = clock;
    }

    Outcome handle(Connection c, Session s, DrainRequest r) throws ProtocolException {
        if (r instanceof DrainRequest.Start start) {
            Duration d = start.change().duration();
            applier.apply(s, start.change());
            RouteStatus st = controller.status(Route.CATCH_ALL_ID);
            Instant end = st.drainStart() == null ? clock.instant().plus(d) : st.drainStart().plus(d);
            s.audit(c, "DRAIN_START", Durations.format(d));
            return Outcome.line(Reply.DRAIN_OK + "|" + WireTime.format(end));
        } else if (r instanceof DrainRequest.Status) {
            return status();
        } else if (r instanceof DrainRequest.Cancel cancel) {
            if (!controller.status(Route.CATCH_ALL_ID).draining()) {
                throw new ProtocolException(Reply.NO_DRAIN);
            }
            applier.apply(s, cancel.change());
            s.audit(c, "DRAIN_CANCEL", "drain ended");
            return Outcome.line(Reply.DRAIN_OK);
        }
        throw new IllegalStateException("unhandled " + r);
    }

    /** Seconds truncated to whole numbers; {@code traffic_percent} is the share still admitted, nominally. */
    private Outcome status() throws ProtocolException {
        RouteStatus st = controller.status(Route.CATCH_ALL_ID);
        if (!st.draining() || st.drainStart() == null) {
            throw new ProtocolException(Reply.NO_DRAIN);
        }
        long durationMs = st.drainDuration().toMillis();
        long elapsedMs = Math.max(0, controller.config().clock().millis() - st.drainStart().toEpochMilli());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("started_at", WireTime.format(st.drainStart()));
        m.put("duration_seconds", durationMs / 1000);
        m.put("elapsed_seconds", elapsedMs / 1000);
        m.put("remaining_seconds", Math.max(0, durationMs - elapsedMs) / 1000);
        m.put("traffic_percent", Math.max(0, 100 - (int) Math.min(100, Math.floor(100.0 * elapsedMs / durationMs))));
        m.put("rejected", st.drainRejected());
        return Outcome.json(Reply.DRAIN_STATUS_OK, m);
    }
}
