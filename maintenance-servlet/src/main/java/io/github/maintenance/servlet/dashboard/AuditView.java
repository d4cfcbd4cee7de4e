package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditExport;
import io.github.maintenance.audit.AuditTrail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail for {@code GET …/api/dashboard/audit}: the newest entries first, as the JSON
 * array or the formula-safe CSV of {@link AuditExport}, which writes every other export of the
 * trail too, so the shapes cannot drift apart. Stateless and thread-safe.
 */
final class AuditView {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Set<String> PARAMETERS = Set.of("limit", "since", "format");
    /** The name a browser saves the CSV under. */
    static final String CSV_FILE = "maintenance-audit.csv";

    /**
     * What to list.
     *
     * @param limit the most entries, newest first
     * @param since only entries made at or after this time, or {@code null} for all
     * @param csv   CSV rather than JSON
     */
    record Query(int limit, Instant since, boolean csv) {

        /**
         * Parses the query parameters {@code limit} (1 to {@value #MAX_LIMIT}, default
         * {@value #DEFAULT_LIMIT}), {@code since} (an ISO-8601 instant such as
         * {@code 2027-01-10T03:00:00Z}) and {@code format} ({@code json}, the default, or
         * {@code csv}).
         *
         * @throws io.github.maintenance.MaintenanceException naming the bad parameter
         */
        static Query parse(Map<String, String[]> params) {
            int limit = HistoryView.Query.integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            String s = HistoryView.Query.single(params, "since");
            Instant since = null;
            if (s != null) {
                try {
                    since = Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw MaintenanceErrors.invalidConfig("since", s, "expected an ISO-8601 instant such as "
                            + "2027-01-10T03:00:00Z");
                }
            }
            String f = HistoryView.Query.single(params, "format");
            boolean csv = switch (f == null ? "json" : f) {
                case "json" -> false;
                case "csv" -> true;
                default -> throw MaintenanceErrors.invalidConfig("format", f, "expected json or csv");
            };
            return new Query(limit, since, csv);
        }
    }

    private AuditView() {
    }

    /** The answer to {@code q}: the entries of {@code trail}, newest first. */
    static DashboardReply answer(AuditTrail trail, Query q) {
        List<AuditEntry> entries = trail.list(q.limit(), q.since());
        if (!q.csv()) {
            return DashboardReply.jsonText(200, AuditExport.json(entries));
        }
        return new DashboardReply(200, "text/csv; charset=utf-8",
                AuditExport.csv(entries).getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"" + CSV_FILE + "\""));
    }
}
