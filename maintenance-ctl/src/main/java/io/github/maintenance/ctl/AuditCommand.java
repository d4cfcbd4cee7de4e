package io.github.maintenance.ctl;

import io.github.maintenance.Cause;
import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditExport;
import io.github.maintenance.registry.protocol.AuditRequest;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code audit}: the newest changes of the application's audit trail, newest first, from the
 * registry's {@code MAINT_AUDIT} extension: as a table, as JSON or as CSV (both written by
 * {@link AuditExport}, the CSV safe against spreadsheet formulas).
 */
@Command(name = "audit", header = "Show the audit trail.",
        description = "Show the newest changes recorded in the application's audit trail, newest first: when, who "
            + "(source and actor; a registry client authenticated with a named token appears under the token's name), "
            + "what, on which target, and why (--reason). One reply holds at most about 60 KB: when more entries "
            + "match, the newest that fit are shown and a warning says so.")
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries, 1 to 1000 (default: 100)")
    String limit;

    @Option(names = "--since", paramLabel = "TIME",
            description = "only changes at or after TIME: RFC 3339 (2026-05-01T14:00:00Z) or a duration ago (2h)")
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), json or csv")
    String format = "table";

    @Override
    public Integer call() throws FailedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("limit", limit());
        if (since != null) {
            request.put("since", since());
        }
        if (!List.of("table", "json", "csv").contains(format)) {
            throw Args.usage(spec, "--format must be table, json or csv, got '" + format + "'");
        }
        String payload;
        try (CtlSession s = ctl.open()) {
            try {
                payload = Reply.payload(s.call("MAINT_AUDIT", WireJson.write(request)));
            } catch (FailedException e) {
                if (e.registryError() != null && e.registryError().startsWith("unknown command")) {
                    throw new FailedException("the registry has no audit export (no MAINT_AUDIT: an older version)");
                }
                throw e;
            }
        }
        Map<String, Object> reply = StatusCommand.parse(payload);
        List<AuditEntry> entries = entries(reply.get("entries"));
        PrintWriter out = ctl.out();
        switch (format) {
            case "json" -> out.println(AuditExport.json(entries));
            case "csv" -> out.print(AuditExport.csv(entries));
            default -> table(out, entries);
        }
        out.flush();
        if (Boolean.TRUE.equals(reply.get("truncated"))) {
            ctl.warn("only the newest " + entries.size() + " entries fit in one reply; narrow with --since or"
                    + " --limit");
        }
        return MaintenanceCtl.EXIT_OK;
    }

    private int limit() {
        if (limit == null) {
            return AuditRequest.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= AuditRequest.MIN_LIMIT && n <= AuditRequest.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Args.usage(spec, "--limit must be a whole number from 1 to 1000, got '" + limit + "'");
    }

    /** RFC 3339 as given, or a positive duration back from now; in wire form. */
    private String since() {
        try {
            return WireTime.parseInstant(since).toString();
        } catch (IllegalArgumentException e) {
            // a duration, then
        }
        try {
            Duration d = Durations.parse(since);
            return WireTime.format(Instant.now().minus(d).truncatedTo(ChronoUnit.SECONDS));
        } catch (MaintenanceException | ArithmeticException | java.time.DateTimeException e) {
            throw Args.usage(spec, "--since needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration ago (2h),"
                    + " got '" + since + "'");
        }
    }

    /** The entries of the reply, as the core's records (for AuditExport). */
    @SuppressWarnings("unchecked")
    private static List<AuditEntry> entries(Object value) throws FailedException {
        if (!(value instanceof List<?> list)) {
            throw new FailedException("unreadable audit reply from the registry");
        }
        List<AuditEntry> out = new ArrayList<>(list.size());
        try {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                out.add(new AuditEntry(Instant.parse((String) m.get("time")), (String) m.get("instance"),
                        Cause.Source.valueOf((String) m.get("source")), (String) m.get("actor"),
                        (String) m.get("reason"), (String) m.get("action"), (String) m.get("target"),
                        (List<String>) m.get("routeIds"), (Map<String, String>) m.get("before"),
                        (Map<String, String>) m.get("after"), (String) m.get("detail"),
                        ((Number) m.get("version")).longValue()));
            }
        } catch (RuntimeException e) {
            throw new FailedException("unreadable audit entry from the registry: " + e.getMessage());
        }
        return out;
    }

    /** Aligned columns; long cells shortened; the reason last. */
    private static void table(PrintWriter out, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            out.println("No changes recorded.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "SOURCE", "ACTOR", "ACTION", "TARGET", "ROUTES", "REASON"});
        for (AuditEntry e : entries) {
            rows.add(new String[] {WireTime.format(e.time()), e.source().name(), cell(e.actor(), 40), e.action(),
                cell(e.target(), 40), cell(String.join(",", e.routeIds()), 40), cell(e.reason(), 200)});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** {@code -} for empty; control characters as {@code ?}; at most {@code max} characters, then {@code …}. */
    private static String cell(String value, int max) {
        if (value.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max) + 1);
        for (int i = 0; i < value.length() && i < max; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c);
        }
        return value.length() > max ? sb.append('…').toString() : sb.toString();
    }
}
