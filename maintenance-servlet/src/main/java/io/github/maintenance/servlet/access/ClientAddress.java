package io.github.maintenance.servlet.access;

import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the address of the client behind trusted proxies.
 *
 * <p>{@code X-Forwarded-For} and {@code Forwarded} are believed only when the direct peer is a
 * trusted proxy. Then the forwarded chain is walked from the right (the hop closest to us),
 * skipping trusted proxies; the first untrusted address is the client. When every hop is
 * trusted, the leftmost is the client. {@code Forwarded} wins over {@code X-Forwarded-For} when
 * both are present. A malformed entry stops the walk at the last good address.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientAddress {

    private final IpRanges trustedProxies;

    public ClientAddress(IpRanges trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public IpRanges trustedProxies() {
        return trustedProxies;
    }

    /** Whether the direct peer is a trusted proxy. */
    public boolean peerIsTrusted(HttpServletRequest request) {
        return trustedProxies.contains(request.getRemoteAddr());
    }

    /** The client's address as a literal. */
    public String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        String chain = forwardedFor(request);
        if (chain == null) {
            chain = join(request.getHeaders("X-Forwarded-For"));
        }
        if (chain == null || chain.isBlank()) {
            return peer;
        }
        String[] hops = chain.split(",");
        String candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = clean(hops[i]);
            if (IpAddresses.parse(hop) == null) {
                return candidate;
            }
            candidate = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return candidate;
    }

    private static String clean(String hop) {
        String h = hop.trim();
        if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            return h.substring(0, colon); // IPv4 with port
        }
        return h;
    }

    /** The {@code for=} values of all {@code Forwarded} headers as a comma list, or null. */
    private static String forwardedFor(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Forwarded");
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        while (values.hasMoreElements()) {
            for (String element : values.nextElement().split(",")) {
                String forValue = null;
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        forValue = pair.substring(eq + 1).trim();
                    }
                }
                if (forValue == null) {
                    continue;
                }
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(forValue);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String join(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        while (values.hasMoreElements()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(values.nextElement());
        }
        return sb.toString();
    }
}
