package io.github.maintenance.internal;

import io.github.maintenance.Cause;
import io.github.maintenance.audit.AuditEntry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link AuditEntry} as one line of JSON, and back: the shape {@link
 * io.github.maintenance.audit.AuditExport#json} writes and the file store keeps one per line. The
 * reader accepts exactly that shape (an object whose values are strings, whole numbers, arrays of
 * strings or objects of strings); anything else is refused with {@link IllegalArgumentException}.
 * The core has no JSON library, and this shape is all it reads. Stateless.
 */
public final class AuditJson {

    /** The longest line read back. */
    public static final int MAX_LINE = 64 * 1024;

    private AuditJson() {
    }

    /** {@code e} as one JSON object on one line. */
    public static String encode(AuditEntry e) {
        StringBuilder sb = new StringBuilder(256).append('{');
        field("time", e.time().toString(), sb).append(',');
        field("instance", e.instance(), sb).append(',');
        field("source", e.source().name(), sb).append(',');
        field("actor", e.actor(), sb).append(',');
        field("reason", e.reason(), sb).append(',');
        field("action", e.action(), sb).append(',');
        field("target", e.target(), sb).append(',');
        sb.append("\"routeIds\":").append(Json.stringArray(e.routeIds())).append(',');
        sb.append("\"before\":");
        object(e.before(), sb);
        sb.append(",\"after\":");
        object(e.after(), sb);
        sb.append(',');
        field("detail", e.detail(), sb).append(',');
        sb.append("\"version\":").append(e.version());
        return sb.append('}').toString();
    }

    private static StringBuilder field(String name, String value, StringBuilder sb) {
        Json.string(name, sb);
        sb.append(':');
        Json.string(value, sb);
        return sb;
    }

    private static void object(Map<String, String> m, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> x : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            field(x.getKey(), x.getValue(), sb);
        }
        sb.append('}');
    }

    /**
     * Reads one line written by {@link #encode}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static AuditEntry decode(String line) {
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("line longer than " + MAX_LINE + " characters");
        }
        Map<String, Object> f = new Reader(line).document();
        try {
            Cause.Source source;
            try {
                source = Cause.Source.valueOf(text(f, "source"));
            } catch (IllegalArgumentException e) {
                source = Cause.Source.PEER;
            }
            return new AuditEntry(Instant.parse(text(f, "time")), text(f, "instance"), source, text(f, "actor"),
                    Cause.checkReason(text(f, "reason")), required(f, "action"), text(f, "target"), strings(f, "routeIds"),
                    states(f, "before"), states(f, "after"), text(f, "detail"), number(f, "version"));
        } catch (DateTimeParseException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("bad entry: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, Object> f, String key) {
        String s = text(f, key);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return s;
    }

    private static String text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? "" : (String) v;
    }

    private static long number(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? 0 : (Long) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> states(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    /** A strict reader of the entry's shape. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> document() {
            skip();
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    String key = string();
                    skip();
                    expect(':');
                    skip();
                    m.put(key, value());
                    skip();
                    if (peek() == ',') {
                        i++;
                        skip();
                        continue;
                    }
                    expect('}');
                    break;
                }
            }
            skip();
            if (i != s.length()) {
                throw error("trailing characters");
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            } else if (c == '[') {
                i++;
                List<String> l = new ArrayList<>();
                skip();
                if (peek() == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    skip();
                    l.add(string());
                    skip();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            } else if (c == '{') {
                i++;
                Map<String, String> m = new LinkedHashMap<>();
                skip();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = string();
                    skip();
                    expect(':');
                    skip();
                    m.put(k, string());
                    skip();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            } else if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            if (c == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            try {
                return Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw error("expected a value");
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                } else if (c < 0x20) {
                    throw error("control character in a string");
                } else if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("short unicode escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad unicode escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at column " + (i + 1));
        }
    }
}
