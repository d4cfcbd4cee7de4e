package io.github.maintenance.servlet.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the dashboard's read API: status, content type, body and extra headers, written
 * by the {@link DashboardServlet} (which adds the headers every response carries). Immutable.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body        the body
 * @param headers     further headers, by name
 */
record DashboardReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    DashboardReply {
        headers = Map.copyOf(headers);
    }

    /** A JSON document ({@link DashboardServlet#jsonBytes}), with no further header. */
    static DashboardReply json(int status, Object document) {
        return new DashboardReply(status, "application/json", DashboardServlet.jsonBytes(document), Map.of());
    }

    /** JSON text written already, with no further header. */
    static DashboardReply jsonText(int status, String json) {
        return new DashboardReply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The dashboard's JSON error {@code {"error": message}}. */
    static DashboardReply error(int status, String message) {
        return json(status, DashboardJson.error(message));
    }

    /** This answer with one more header. */
    DashboardReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new DashboardReply(status, contentType, body, h);
    }
}
