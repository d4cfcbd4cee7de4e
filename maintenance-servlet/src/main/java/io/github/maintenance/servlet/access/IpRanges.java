package io.github.maintenance.servlet.access;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses and CIDR ranges (IPv4 and IPv6), parsed once. Used for the allowed
 * client addresses and the trusted proxies.
 *
 * <p>Immutable and thread-safe.
 */
public final class IpRanges {

    private static final IpRanges EMPTY = new IpRanges(List.of(), List.of());

    private final List<byte[]> networks;
    private final List<Integer> prefixes;
    private final List<String> texts;

    private IpRanges(List<byte[]> networks, List<Integer> prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
        List<String> t = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            t.add(format(networks.get(i)) + "/" + prefixes.get(i));
        }
        this.texts = List.copyOf(t);
    }

    /** {@return no addresses} */
    public static IpRanges none() {
        return EMPTY;
    }

    /**
     * Parses addresses and ranges ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code ::1},
     * {@code 2001:db8::/32}).
     *
     * @param key the configuration key, for the error message
     * @param entries the addresses and ranges; blank entries are skipped
     * @return the ranges
     * @throws IllegalArgumentException listing every invalid entry
     */
    public static IpRanges parse(String key, List<String> entries) {
        List<byte[]> nets = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] addr = IpAddresses.parse(slash < 0 ? e : e.substring(0, slash));
            if (addr == null) {
                bad.add(e);
                continue;
            }
            int bits = addr.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    bad.add(e);
                    continue;
                }
            }
            nets.add(mask(addr, prefix));
            prefixes.add(prefix);
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("invalid value for '" + key + "': " + bad
                    + " (expected IPv4 or IPv6 addresses or CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32)");
        }
        return nets.isEmpty() ? EMPTY : new IpRanges(List.copyOf(nets), List.copyOf(prefixes));
    }

    /** {@return whether no address is listed} */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /**
     * {@return whether the address literal {@code ip} lies in one of the ranges; false for a non-literal}
     *
     * @param ip an address literal, or anything else
     */
    public boolean contains(String ip) {
        if (networks.isEmpty()) {
            return false;
        }
        byte[] a = IpAddresses.parse(ip);
        return a != null && contains(a);
    }

    boolean contains(byte[] a) {
        for (int i = 0; i < networks.size(); i++) {
            byte[] n = networks.get(i);
            if (n.length == a.length && matches(n, a, prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] net, byte[] a, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != a[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (net[full] & m) == (a[full] & m);
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            int m = bitsHere == 0 ? 0 : (0xFF << (8 - bitsHere)) & 0xFF;
            out[i] = (byte) (out[i] & m);
        }
        return out;
    }

    private static String format(byte[] a) {
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }

    @Override
    public String toString() {
        return texts.toString();
    }
}
