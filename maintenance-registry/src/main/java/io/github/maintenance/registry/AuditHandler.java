package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.registry.protocol.AuditRequest;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MAINT_AUDIT} (an extension): the newest entries of the controller's audit trail, newest
 * first, as {@code AUDIT_OK|{"entries":[…],"count":n,"truncated":bool}}. Each entry has the fields
 * of {@link io.github.maintenance.audit.AuditExport}'s JSON ({@code time}, {@code instance},
 * {@code source}, {@code actor}, {@code reason}, {@code action}, {@code target}, {@code routeIds},
 * {@code before}, {@code after}, {@code detail}, {@code version}).
 *
 * <p>The reply is one line, and the Go client cannot read a line of 64 KiB or more: the entries are
 * added newest first while the payload stays within {@value #MAX_PAYLOAD_BYTES} bytes; the first
 * that does not fit ends the list and the reply says {@code "truncated":true} (ask again with a
 * later {@code since} or a smaller {@code limit}, or export the whole trail through the Java API or
 * the dashboard). An entry that alone is larger than {@value #MAX_ENTRY_BYTES} bytes (a change of
 * many routes) is sent without its route lists: {@code routeIds}, {@code before} and {@code after}
 * empty and {@code "states_omitted":true}.
 *
 * <p>Reads only; needs no session lock. Thread-safe.
 */
final class AuditHandler {

    /** The most bytes of JSON in one reply, well below the 64 KiB line limit of the Go client. */
    static final int MAX_PAYLOAD_BYTES = 60_000;
    /** The most bytes of one entry with its route states. */
    static final int MAX_ENTRY_BYTES = 16 * 1024;

    private final MaintenanceController controller;

    AuditHandler(MaintenanceController controller) {
        this.controller = controller;
    }

    Outcome audit(AuditRequest r) {
        List<AuditEntry> entries = controller.audit().list(r.limit(), r.since());
        StringBuilder items = new StringBuilder();
        int bytes = 0;
        int count = 0;
        boolean truncated = false;
        for (AuditEntry e : entries) {
            String json = WireJson.write(fields(e, true));
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_ENTRY_BYTES) {
                json = WireJson.write(fields(e, false));
                size = json.getBytes(StandardCharsets.UTF_8).length;
            }
            if (bytes + size + 1 > MAX_PAYLOAD_BYTES) {
                truncated = true;
                break;
            }
            if (count > 0) {
                items.append(',');
            }
            items.append(json);
            bytes += size + 1;
            count++;
        }
        String payload = "{\"entries\":[" + items + "],\"count\":" + count + ",\"truncated\":" + truncated + "}";
        return Outcome.line(Reply.AUDIT_OK + "|" + payload);
    }

    /** The fields of AuditExport's JSON; without the route lists when {@code states} is false. */
    static Map<String, Object> fields(AuditEntry e, boolean states) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("instance", e.instance());
        m.put("source", e.source().name());
        m.put("actor", e.actor());
        m.put("reason", e.reason());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("routeIds", states ? e.routeIds() : List.of());
        m.put("before", states ? e.before() : Map.of());
        m.put("after", states ? e.after() : Map.of());
        m.put("detail", e.detail());
        m.put("version", e.version());
        if (!states) {
            m.put("states_omitted", true);
        }
        return m;
    }
}
