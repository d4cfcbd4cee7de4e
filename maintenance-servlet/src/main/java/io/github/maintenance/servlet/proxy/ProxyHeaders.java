package io.github.maintenance.servlet.proxy;

import io.github.maintenance.page.Variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The header allow-lists of the page proxy, both ways. Nothing is forwarded unless named here.
 *
 * <p><b>Upstream</b> (to the page server):
 * <ul>
 *   <li>shared (cached) fetches: {@code Accept} for the negotiated {@link Variant},
 *       {@code Accept-Language} with the negotiated language when the built-in page is localized,
 *       {@code User-Agent: maintenance-page-proxy}, {@code X-Forwarded-Proto};</li>
 *   <li>personal (uncached) fetches: the client's {@code Accept}, {@code Accept-Language} and
 *       {@code User-Agent}; {@code Cookie} and {@code Authorization} only when configured;
 *       {@code X-Forwarded-For}, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} set by us
 *       (client-sent forwarding headers are never passed on).</li>
 * </ul>
 * <p><b>Downstream</b> (to the client): {@code Content-Type} and {@code Content-Language} of the
 * page; {@code Content-Length} for {@code HEAD}; {@code Set-Cookie} only on personal fetches with
 * cookie forwarding. Everything else ({@code Location}, {@code Refresh},
 * {@code Content-Security-Policy}, {@code Access-Control-*}, validators, the page server's own
 * caching headers) is dropped; the filter adds its own {@code Cache-Control: no-store},
 * {@code Retry-After}, {@code X-Maintenance-Mode} and {@code Vary}.
 */
final class ProxyHeaders {

    /** The {@code User-Agent} of shared fetches. */
    static final String USER_AGENT = "maintenance-page-proxy";

    private static final Set<String> PERSONAL_REQUEST = Set.of("accept", "accept-language", "user-agent");
    private static final Set<String> RESPONSE = Set.of("content-type", "content-language");
    private static final int MAX_VALUE_LENGTH = 4096;

    private ProxyHeaders() {
    }

    /** The {@code Accept} value sent for a variant. */
    static String accept(Variant v) {
        return switch (v) {
            case HTML -> "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
            case JSON -> "application/json,*/*;q=0.8";
            case TEXT -> "text/plain,*/*;q=0.8";
        };
    }

    /** The headers of a shared fetch. */
    static Map<String, List<String>> shared(Variant variant, String language, String proto) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Accept", List.of(accept(variant)));
        if (language != null) {
            h.put("Accept-Language", List.of(language));
        }
        h.put("User-Agent", List.of(USER_AGENT));
        h.put("X-Forwarded-Proto", List.of(proto));
        return h;
    }

    /** The headers of a personal fetch for {@code request}. */
    static Map<String, List<String>> personal(HttpServletRequest request, ProxySettings settings, String forwardedFor) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean allowed = PERSONAL_REQUEST.contains(lower)
                    || lower.equals("cookie") && settings.forwardCookies()
                    || lower.equals("authorization") && settings.forwardAuthorization();
            if (allowed) {
                List<String> values = new ArrayList<>();
                for (String v : Collections.list(request.getHeaders(name))) {
                    if (v.length() <= MAX_VALUE_LENGTH && printable(v)) {
                        values.add(v);
                    }
                }
                if (!values.isEmpty()) {
                    h.put(name, values);
                }
            }
        }
        h.put("X-Forwarded-For", List.of(forwardedFor));
        String host = request.getHeader("Host");
        if (host != null && !host.isEmpty() && printable(host)) {
            h.put("X-Forwarded-Host", List.of(host));
        }
        h.put("X-Forwarded-Proto", List.of(request.getScheme()));
        return h;
    }

    /**
     * Whether a response header may reach the client.
     *
     * @param head       the request was a {@code HEAD} (so the declared length is kept)
     * @param setCookies cookies are forwarded on this fetch
     */
    static boolean downstream(String name, boolean head, boolean setCookies) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESPONSE.contains(lower) || head && lower.equals("content-length")
                || setCookies && lower.equals("set-cookie");
    }

    private static boolean printable(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
