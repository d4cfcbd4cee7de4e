package io.github.maintenance.servlet.access;

/**
 * Parses IP address literals. Pure text parsing: no name is ever resolved, whatever the input
 * (header values reach this class).
 *
 * <p>IPv4: a dotted quad of decimal numbers 0 to 255 without leading zeros ({@code 010} could be
 * read as octal elsewhere, so it is refused rather than guessed). IPv6: eight groups of one to
 * four hex digits, one {@code ::} standing for one or more zero groups, optionally ending in a
 * dotted quad; in brackets or not, with a zone ({@code %eth0}) that is ignored.
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * The bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) literal, or {@code null} when
     * {@code text} is not one. An IPv4-mapped IPv6 address is returned as IPv4.
     */
    static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (!validZone(s.substring(zone + 1))) {
                return null;
            }
            s = s.substring(0, zone);
        }
        byte[] v6 = parseV6(s);
        return v6 == null ? null : unmapped(v6);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null; // leading zero
                }
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] out = new byte[16];
        if (gap < 0) {
            return fill(s, out, 16, true) == 16 ? out : null;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        byte[] tailBytes = new byte[16];
        int headLength = head.isEmpty() ? 0 : fill(head, out, 14, false);
        int tailLength = tail.isEmpty() ? 0 : fill(tail, tailBytes, 14, true);
        if (headLength < 0 || tailLength < 0 || headLength + tailLength > 14) {
            return null;
        }
        System.arraycopy(tailBytes, 0, out, 16 - tailLength, tailLength);
        return out;
    }

    /**
     * Writes the colon-separated groups of {@code s} (the last may be a dotted quad when
     * {@code dotted}) from {@code out[0]}; returns the number of bytes written, or -1 when malformed
     * or longer than {@code max}.
     */
    private static int fill(String s, byte[] out, int max, boolean dotted) {
        int at = 0;
        int start = 0;
        while (true) {
            int colon = s.indexOf(':', start);
            String group = colon < 0 ? s.substring(start) : s.substring(start, colon);
            if (dotted && colon < 0 && group.indexOf('.') >= 0) {
                byte[] v4 = parseV4(group);
                if (v4 == null || at + 4 > max) {
                    return -1;
                }
                System.arraycopy(v4, 0, out, at, 4);
                return at + 4;
            }
            int value = hexGroup(group);
            if (value < 0 || at + 2 > max) {
                return -1;
            }
            out[at++] = (byte) (value >>> 8);
            out[at++] = (byte) value;
            if (colon < 0) {
                return at;
            }
            start = colon + 1;
        }
    }

    private static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static byte[] unmapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return a;
            }
        }
        if (a[10] != (byte) 0xFF || a[11] != (byte) 0xFF) {
            return a;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    /** An interface name or number: 1 to 15 letters, digits, {@code _ - .}; anything else is no literal. */
    private static boolean validZone(String zone) {
        if (zone.isEmpty() || zone.length() > 15) {
            return false;
        }
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
