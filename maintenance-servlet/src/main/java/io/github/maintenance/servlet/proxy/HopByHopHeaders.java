package io.github.maintenance.servlet.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that describe one connection rather than the message (RFC 9110 §7.6.1): they are
 * never forwarded, in either direction, and neither are the headers named in {@code Connection}.
 * The page proxy forwards only the headers its allow-lists name (none of these); this class
 * remains for applications that relay messages themselves.
 */
public final class HopByHopHeaders {

    /** The fixed hop-by-hop names, lower case. */
    public static final Set<String> NAMES = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHopHeaders() {
    }

    /**
     * {@return the lower-case names listed in the given {@code Connection} header values}
     *
     * @param connectionValues the request's or response's {@code Connection} header values, comma lists
     */
    public static Set<String> listedIn(List<String> connectionValues) {
        Set<String> out = new HashSet<>();
        for (String v : connectionValues) {
            for (String token : v.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * {@return whether {@code name} is hop-by-hop, fixed or listed in {@code Connection}}
     *
     * @param name a header name, in any case
     * @param listed the names from {@link #listedIn(List)}
     */
    public static boolean isHopByHop(String name, Set<String> listed) {
        String n = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(n) || listed.contains(n);
    }
}
