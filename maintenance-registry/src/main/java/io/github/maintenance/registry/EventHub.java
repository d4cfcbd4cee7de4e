package io.github.maintenance.registry;

import io.github.maintenance.Cause;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;
import io.github.maintenance.registry.protocol.EventType;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns controller events (and the registry's own {@code config} events) into
 * {@code EVENT|<type>|<json>} lines for the sessions subscribed to that type. Only subscribed
 * sessions ever receive one.
 *
 * <p>JSON: {@code {"type":…,"event":…,"at":RFC3339,"route_ids":[…],"cause":…,"source":…,
 * "actor":…,"detail":…}}.
 *
 * <p>Thread-safe; runs on the controller's event executor.
 */
final class EventHub implements MaintenanceListener {

    /** Longest event line before its route ids are cut to {@link #MAX_ROUTE_IDS} (the client reads lines below 64 KiB). */
    private static final int MAX_EVENT_CHARS = 16_000;
    private static final int MAX_ROUTE_IDS = 100;

    private final Iterable<Connection> connections;
    private final Runnable blockEnded;

    /**
     * @param connections the open connections (a live view)
     * @param blockEnded  run when maintenance or a drain ended somewhere (routes handed over to the
     *                    controller may serve again)
     */
    EventHub(Iterable<Connection> connections, Runnable blockEnded) {
        this.connections = connections;
        this.blockEnded = blockEnded;
    }

    @Override
    public void onEvent(MaintenanceEvent event) {
        publish(EventType.of(event.type()), event.type().name().toLowerCase(Locale.ROOT), event.at(),
                event.routeIds(), event.cause(), event.detail());
        switch (event.type()) {
            case MAINTENANCE_EXITED, DRAIN_CANCELLED, STATE_SYNCHRONIZED -> blockEnded.run();
            default -> {
            }
        }
    }

    /** Sends one event to every subscribed session. */
    void publish(EventType type, String name, Instant at, List<String> routeIds, Cause cause, String detail) {
        String line = null;
        for (Connection c : connections) {
            Session s = c.session;
            if (s == null || s.deleted || !s.subscribed(type)) {
                continue;
            }
            if (line == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", type.wireName());
                m.put("event", name);
                m.put("at", WireTime.format(at));
                m.put("route_ids", routeIds);
                m.put("cause", cause.toString());
                m.put("source", cause.source().name().toLowerCase(Locale.ROOT));
                m.put("actor", cause.actor());
                m.put("detail", detail);
                line = Reply.EVENT + "|" + type.wireName() + "|" + WireJson.write(m);
                if (line.length() > MAX_EVENT_CHARS && routeIds.size() > MAX_ROUTE_IDS) {
                    m.put("route_ids", routeIds.subList(0, MAX_ROUTE_IDS));
                    m.put("route_count", routeIds.size());
                    line = Reply.EVENT + "|" + type.wireName() + "|" + WireJson.write(m);
                }
            }
            c.queueEvent(line);
        }
    }
}
