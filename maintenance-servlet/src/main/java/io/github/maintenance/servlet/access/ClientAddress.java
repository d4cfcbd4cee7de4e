package io.github.maintenance.servlet.access;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the address of the client behind trusted proxies.
 *
 * <p>Only one forwarding header is read, the one the operator names ({@link ForwardedHeader}:
 * {@code X-Forwarded-For} by default, or {@code Forwarded}, or none); the other is ignored
 * entirely. It is believed only when the direct peer is a trusted proxy. Then the chain is walked
 * from the right (the hop closest to us), skipping trusted proxies; the first untrusted address is
 * the client. When every hop is trusted, the leftmost is the client. A hop that is not an IP
 * literal ({@code unknown}, an obfuscated {@code _identifier}, a host name, anything malformed)
 * stops the walk at the last good address, since whatever stands left of it was written by a party
 * no trusted proxy vouched for. Values are parsed as IP literals only (IPv4, IPv6 with or without
 * brackets, with or without a port, the quoted forms of {@code Forwarded}); no name is ever
 * resolved.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientAddress {

    private final IpRanges trustedProxies;
    private final ForwardedHeader header;

    /**
     * Believes {@code X-Forwarded-For} from {@code trustedProxies}.
     *
     * @param trustedProxies the proxies whose header is believed; not {@code null}
     */
    public ClientAddress(IpRanges trustedProxies) {
        this(trustedProxies, ForwardedHeader.X_FORWARDED_FOR);
    }

    /**
     * Believes {@code header} (only) from {@code trustedProxies}.
     *
     * @param trustedProxies the proxies whose header is believed; not {@code null}
     * @param header the header to read; {@link ForwardedHeader#NONE} takes the peer as the client
     */
    public ClientAddress(IpRanges trustedProxies, ForwardedHeader header) {
        this.trustedProxies = java.util.Objects.requireNonNull(trustedProxies, "trustedProxies");
        this.header = java.util.Objects.requireNonNull(header, "header");
    }

    /** {@return the proxies whose forwarding header is believed} */
    public IpRanges trustedProxies() {
        return trustedProxies;
    }

    /** {@return the header read from trusted proxies} */
    public ForwardedHeader forwardedHeader() {
        return header;
    }

    /**
     * {@return whether the direct peer is a trusted proxy}
     *
     * @param request the request whose remote address is checked
     */
    public boolean peerIsTrusted(HttpServletRequest request) {
        return trustedProxies.contains(request.getRemoteAddr());
    }

    /**
     * {@return the client's address as a literal (the peer's address as the container gives it when no header is believed)}
     *
     * @param request the request
     */
    public String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (header == ForwardedHeader.NONE || trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = header == ForwardedHeader.FORWARDED ? forwardedFor(request.getHeaders("Forwarded"))
                : xForwardedFor(request.getHeaders("X-Forwarded-For"));
        String candidate = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hostOf(hops.get(i));
            if (hop == null || IpAddresses.parse(hop) == null) {
                return candidate;
            }
            candidate = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return candidate;
    }

    /**
     * The bytes of the client's address (4 or 16; IPv4-mapped as 4), or {@code null} when even
     * the peer's address is no IP literal (a Unix domain socket, say).
     *
     * @param request the request
     * @return the address bytes, or {@code null}
     */
    public byte[] resolveBytes(HttpServletRequest request) {
        return IpAddresses.parse(resolve(request));
    }

    /** The host part of one hop: without brackets and port; null when it is not shaped like an address. */
    static String hostOf(String value) {
        String h = value.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || !isPortOrEmpty(h.substring(close + 1))) {
                return null;
            }
            return h.substring(1, close);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            return isPortOrEmpty(h.substring(colon)) ? h.substring(0, colon) : null; // IPv4 with port
        }
        return h;
    }

    /** Empty, or {@code :} and a port number or an obfuscated port ({@code :_abc}). */
    private static boolean isPortOrEmpty(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.length() < 2 || s.charAt(0) != ':') {
            return false;
        }
        if (s.charAt(1) == '_') {
            return true;
        }
        if (s.length() > 6) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The elements of all {@code X-Forwarded-For} lines, in order (quotes around an element dropped). */
    private static List<String> xForwardedFor(Enumeration<String> lines) {
        List<String> hops = new ArrayList<>();
        if (lines == null) {
            return hops;
        }
        while (lines.hasMoreElements()) {
            for (String e : lines.nextElement().split(",", -1)) {
                String t = e.trim();
                if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                    t = t.substring(1, t.length() - 1);
                }
                hops.add(t);
            }
        }
        return hops;
    }

    /**
     * The {@code for=} value of every element of all {@code Forwarded} lines, in order, unquoted;
     * an element without exactly one {@code for=} yields an empty hop (which stops the walk).
     */
    private static List<String> forwardedFor(Enumeration<String> lines) {
        List<String> hops = new ArrayList<>();
        if (lines == null) {
            return hops;
        }
        while (lines.hasMoreElements()) {
            for (List<String> element : elements(lines.nextElement())) {
                String forValue = null;
                int found = 0;
                for (String pair : element) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        forValue = unquote(pair.substring(eq + 1).trim());
                        found++;
                    }
                }
                hops.add(found == 1 && forValue != null ? forValue : "");
            }
        }
        return hops;
    }

    /** Splits a {@code Forwarded} value into elements (by commas) of pairs (by semicolons), outside quotes. */
    private static List<List<String>> elements(String value) {
        List<List<String>> elements = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        StringBuilder pair = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                pair.append(c).append(value.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                pair.append(c);
            } else if (!quoted && (c == ';' || c == ',')) {
                pairs.add(pair.toString());
                pair.setLength(0);
                if (c == ',') {
                    elements.add(pairs);
                    pairs = new ArrayList<>();
                }
            } else {
                pair.append(c);
            }
        }
        pairs.add(pair.toString());
        elements.add(pairs);
        return elements;
    }

    /** A token as is, a quoted-string without its quotes and escapes; null when a quote is unbalanced. */
    private static String unquote(String v) {
        if (!v.startsWith("\"")) {
            return v.indexOf('"') >= 0 ? null : v;
        }
        if (v.length() < 2 || !v.endsWith("\"")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                c = v.charAt(++i);
            } else if (c == '"' || c == '\\') {
                return null;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
