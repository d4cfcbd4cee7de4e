package io.github.maintenance.internal;

import java.util.List;

/**
 * Minimal JSON writing for the few fixed shapes the core emits (the core has no JSON library).
 * Escapes quotes, backslashes, control characters, {@code <}, {@code >}, {@code &} and {@code |}
 * so the output is safe inside HTML attributes and on the registry's line protocol.
 */
public final class Json {

    private Json() {
    }

    /** Appends {@code s} as a JSON string literal (or {@code null}). */
    public static void string(String s, StringBuilder out) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '|' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code s} as a JSON string literal. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 4 : s.length() + 2);
        string(s, sb);
        return sb.toString();
    }

    /** A JSON array of strings. */
    public static String stringArray(List<String> values) {
        StringBuilder sb = new StringBuilder();
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(values.get(i), sb);
        }
        return sb.append(']').toString();
    }
}
