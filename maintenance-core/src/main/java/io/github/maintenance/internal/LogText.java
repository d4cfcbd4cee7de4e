package io.github.maintenance.internal;

/**
 * Makes text read from a file (a flag file, a state file) safe to write into a log line: control
 * characters (line breaks that would forge log lines, ANSI escape sequences that would drive a
 * terminal), Unicode line and paragraph separators and bidirectional overrides are escaped as
 * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, and the result is cut to
 * {@link #MAX_LENGTH} characters plus a marker saying how much was left out. Pure function; thread-safe.
 */
public final class LogText {

    /** Longest escaped text kept, in characters. */
    public static final int MAX_LENGTH = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** {@code value} escaped and truncated; {@code "null"} for {@code null}. */
    public static String safe(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
        int i = 0;
        for (; i < value.length() && out.length() < MAX_LENGTH; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && out.length() + 2 > MAX_LENGTH) {
                break; // never cut a character in two
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (i < value.length()) {
            out.append("...(").append(value.length() - i).append(" more characters)");
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) // C0, DEL, C1 (ESC of ANSI sequences included)
                || c == '\u2028' || c == '\u2029' // line and paragraph separators
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' // bidi overrides
                || c == '\u200e' || c == '\u200f' || c == '\u061c'; // direction marks
    }
}
