package io.github.maintenance.examples;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Writes the few JSON values the demo answers with; escapes every string. Not thread-safe. */
final class JsonText {

    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    JsonText beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonText beginObject(String name) {
        name(name);
        out.append('{');
        needComma = false;
        return this;
    }

    JsonText endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonText beginArray(String name) {
        name(name);
        out.append('[');
        needComma = false;
        return this;
    }

    JsonText endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    JsonText field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    JsonText field(String name, long value) {
        name(name);
        out.append(value);
        needComma = true;
        return this;
    }

    JsonText field(String name, double value) {
        name(name);
        out.append(Double.isFinite(value) ? Double.toString(value) : "0");
        needComma = true;
        return this;
    }

    JsonText field(String name, boolean value) {
        name(name);
        out.append(value);
        needComma = true;
        return this;
    }

    /** An ISO-8601 instant, or {@code null}. */
    JsonText field(String name, Instant value) {
        return field(name, value == null ? null : value.toString());
    }

    /** Whole milliseconds, {@code 0} for {@code null}. */
    JsonText millis(String name, Duration value) {
        return field(name, value == null ? 0 : value.toMillis());
    }

    JsonText field(String name, List<String> values) {
        beginArray(name);
        for (String v : values) {
            comma();
            string(v);
            needComma = true;
        }
        return endArray();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void name(String name) {
        comma();
        string(name);
        out.append(':');
        needComma = false;
    }

    private void comma() {
        if (needComma) {
            out.append(',');
            needComma = false;
        }
    }

    private void string(String s) {
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
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
