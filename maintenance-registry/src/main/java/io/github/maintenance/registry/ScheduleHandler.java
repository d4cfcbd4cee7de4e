package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.ScheduleRequest;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.schedule.ScheduledWindow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedule extension: {@code MAINT_SCHEDULE}, {@code MAINT_SCHEDULE_EX} ({@code SCHEDULE_OK|<id>}),
 * {@code MAINT_SCHEDULES} ({@code SCHEDULES_OK|[…]}) and {@code MAINT_UNSCHEDULE}
 * ({@code UNSCHEDULE_OK|<id>}).
 *
 * <p>Called under the state lock. Thread-safe.
 */
final class ScheduleHandler {

    private final MaintenanceController controller;
    private final Applier applier;

    ScheduleHandler(MaintenanceController controller, Applier applier) {
        this.controller = controller;
        this.applier = applier;
    }

    Outcome handle(Connection c, Session s, ScheduleRequest r) throws ProtocolException {
        if (r instanceof ScheduleRequest.Create create) {
            ScheduledWindow w = applier.apply(s, create.change(), create.reason()).first().window();
            s.audit(c, "MAINT_SCHEDULE", create.target() + " " + WireTime.format(create.change().start()) + "/"
                    + WireTime.format(create.change().end()) + " -> " + w.id());
            return Outcome.line(Reply.SCHEDULE_OK + "|" + w.id());
        } else if (r instanceof ScheduleRequest.ListWindows) {
            return Outcome.json(Reply.SCHEDULES_OK, windows());
        } else if (r instanceof ScheduleRequest.Cancel cancel) {
            ScheduledWindow w = applier.apply(s, cancel.change()).first().window();
            s.audit(c, "MAINT_UNSCHEDULE", w.id() + " (" + w.target() + ")");
            return Outcome.line(Reply.UNSCHEDULE_OK + "|" + w.id());
        }
        throw new IllegalStateException("unhandled " + r);
    }

    /** The windows not over yet, by start. */
    private List<Map<String, Object>> windows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ScheduledWindow w : controller.schedules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("target", w.target());
            m.put("start", WireTime.format(w.start()));
            m.put("end", WireTime.format(w.end()));
            m.put("started", w.started());
            m.put("page_url", w.pageUrl() == null ? "" : w.pageUrl());
            m.put("message", w.message() == null ? "" : w.message());
            m.put("created_at", WireTime.format(w.createdAt()));
            m.put("cause", w.cause().toString());
            MaintenanceHandler.putOptions(m, w.options());
            out.add(m);
        }
        return out;
    }
}
