package io.github.maintenance.audit;

import io.github.maintenance.internal.AuditJson;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes audit entries as a JSON array or as CSV, for download and for other tools.
 *
 * <p>JSON: an array of objects with the fields {@code time} (ISO-8601), {@code instance},
 * {@code source}, {@code actor}, {@code reason}, {@code action}, {@code target}, {@code routeIds}
 * (an array), {@code before} and {@code after} (objects of route id to state summary),
 * {@code detail} and {@code version}; characters that matter in HTML are escaped.
 *
 * <p>CSV (RFC 4180, CRLF line ends): a header row
 * {@value #CSV_HEADER}, then one row per entry; routes are separated by spaces and route states
 * written {@code id=summary} separated by {@code "; "}. A cell holding a comma, a quote or a line
 * break is quoted (quotes doubled). A cell that a spreadsheet would read as a formula (starting
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) is prefixed with a
 * single quote, as OWASP recommends against CSV injection.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditExport {

    /** The header row of {@link #csv(List)}. */
    public static final String CSV_HEADER = "time,instance,source,actor,reason,action,target,routes,before,after,detail,version";

    private AuditExport() {
    }

    /**
     * {@return the entries as a JSON array, in the order given}
     *
     * @param entries the entries, such as {@link AuditTrail#list()}
     */
    public static String json(List<AuditEntry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 256 + 2).append('[');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(AuditJson.encode(entries.get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * {@return the entries as CSV with a header row, in the order given}
     *
     * @param entries the entries, such as {@link AuditTrail#list()}
     */
    public static String csv(List<AuditEntry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 160 + CSV_HEADER.length() + 2);
        sb.append(CSV_HEADER).append("\r\n");
        for (AuditEntry e : entries) {
            String[] cells = {e.time().toString(), e.instance(), e.source().name(), e.actor(), e.reason(), e.action(),
                    e.target(), String.join(" ", e.routeIds()), states(e.before()), states(e.after()), e.detail(),
                    Long.toString(e.version())};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                cell(cells[i], sb);
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String states(Map<String, String> states) {
        StringJoiner j = new StringJoiner("; ");
        states.forEach((id, s) -> j.add(id + "=" + s));
        return j.toString();
    }

    /** Appends one CSV cell, neutralised against formulas and quoted when needed. */
    static void cell(String value, StringBuilder out) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        if (!quote) {
            out.append(v);
            return;
        }
        out.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
