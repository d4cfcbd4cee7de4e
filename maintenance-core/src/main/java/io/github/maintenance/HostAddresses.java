package io.github.maintenance;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Reads host names as the resolver of a browser or {@code curl} would, and sorts addresses into
 * the classes the {@link UrlPolicy} rules speak of. Pure: no name is ever looked up here.
 */
final class HostAddresses {

    /** The classes of an address, from the most to the least dangerous to fetch. */
    enum Kind {
        /** Link-local ({@code 169.254.0.0/16}, {@code fe80::/10}), multicast or broadcast. */
        LINK_LOCAL,
        /** A known cloud metadata service. */
        METADATA,
        /** This host: {@code 127.0.0.0/8}, {@code ::1}, {@code 0.0.0.0/8}, {@code ::}, {@code localhost}. */
        LOOPBACK,
        /** Private and shared ranges: RFC 1918, {@code 100.64.0.0/10}, {@code fc00::/7}, {@code fec0::/10}. */
        PRIVATE,
        /** Anything else. */
        PUBLIC
    }

    /** Host names of metadata services, lower case, without the trailing dot. */
    static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com");

    private HostAddresses() {
    }

    /** Lower case, brackets and one trailing dot removed. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /**
     * The address a normalized host denotes literally, in any of the forms resolvers accept
     * (IPv6; dotted IPv4 with one to four parts in decimal or {@code 0x} hexadecimal; a single
     * 32-bit number), or {@code null} for a name.
     *
     * @throws IllegalArgumentException for a numeric form that resolvers read differently
     *                                  (a part with a leading zero: octal to some, decimal to others)
     */
    static InetAddress literal(String host) {
        if (host.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName("[" + host + "]");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a valid IPv6 address", e);
            }
        }
        return ipv4(host);
    }

    private static InetAddress ipv4(String host) {
        if (host.isEmpty() || host.endsWith(".") || !host.chars().allMatch(c -> c == '.' || c == 'x'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            long v;
            if (p.startsWith("0x")) {
                if (p.length() == 2 || p.length() > 10 || !p.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return null;
                }
                v = Long.parseLong(p.substring(2), 16);
            } else if (!p.isEmpty() && p.length() <= 10 && p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                if (p.length() > 1 && p.charAt(0) == '0') {
                    throw new IllegalArgumentException("ambiguous numeric address (a part with a leading zero)");
                }
                v = Long.parseLong(p);
            } else {
                return null;
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return null;
        }
        address |= last;
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class of a normalized host name that is not an address literal. */
    static Kind classifyName(String host) {
        if (METADATA_NAMES.contains(host)) {
            return Kind.METADATA;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return Kind.LOOPBACK;
        }
        return Kind.PUBLIC;
    }

    /** The class of an address; IPv4 addresses embedded in IPv6 ones are classified as IPv4. */
    static Kind classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                return classify4(embedded);
            }
            return classify6(b);
        }
        return classify4(b);
    }

    private static Kind classify4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 || a0 >= 224) {
            return Kind.LINK_LOCAL;
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200 || a0 == 168 && a1 == 63 && a2 == 129 && a3 == 16) {
            return Kind.METADATA;
        }
        if (a0 == 127 || a0 == 0) {
            return Kind.LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168 || a0 == 100 && (a1 & 0xc0) == 64) {
            return Kind.PRIVATE;
        }
        return Kind.PUBLIC;
    }

    private static Kind classify6(byte[] b) {
        int w0 = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        if ((w0 & 0xffc0) == 0xfe80 || (b[0] & 0xff) == 0xff) {
            return Kind.LINK_LOCAL;
        }
        if (w0 == 0xfd00 && b[2] == 0x0e && b[3] == (byte) 0xc2 && allZero(b, 4, 14) && b[14] == 0x02
                && b[15] == 0x54) {
            return Kind.METADATA;
        }
        if (allZero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
            return Kind.LOOPBACK;
        }
        if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0) {
            return Kind.PRIVATE;
        }
        return Kind.PUBLIC;
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:0:0/96}), IPv4-compatible
     * ({@code ::/96}, beyond {@code ::} and {@code ::1}), NAT64 ({@code 64:ff9b::/96}) or 6to4
     * ({@code 2002::/16}) address, or {@code null}.
     */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean mapped = allZero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 15);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
