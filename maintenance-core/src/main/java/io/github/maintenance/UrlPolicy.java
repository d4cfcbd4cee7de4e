package io.github.maintenance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which outbound URLs the library may fetch (custom maintenance pages, and later backend checks):
 * absolute {@code http} or {@code https} URLs without user info; when an allow-list is set, only
 * its hosts (exact names or {@code *.suffix} wildcards); link-local and cloud-metadata addresses
 * ({@code 169.254.0.0/16}, {@code fe80::/10}) only when named in the allow-list.
 *
 * <p>Immutable and thread-safe.
 */
public final class UrlPolicy {

    private static final UrlPolicy PERMISSIVE = new UrlPolicy(List.of());

    private final List<String> allowedHosts;

    private UrlPolicy(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    /** Any http or https host, except link-local addresses. */
    public static UrlPolicy anyHost() {
        return PERMISSIVE;
    }

    /** Only the given hosts (exact names, IP literals or {@code *.suffix} wildcards). */
    public static UrlPolicy allowHosts(Set<String> hosts) {
        List<String> list = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .sorted().toList();
        return list.isEmpty() ? PERMISSIVE : new UrlPolicy(list);
    }

    /** The allow-list; empty means any host. */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /**
     * Checks {@code url} and returns it parsed.
     *
     * @throws MaintenanceException naming the URL and the rule it broke
     */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw MaintenanceErrors.invalidPageUrl(String.valueOf(url), "a URL is required");
        }
        if (url.length() > 2048) {
            throw MaintenanceErrors.invalidPageUrl(url, "longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw MaintenanceErrors.invalidPageUrl(url, "not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw MaintenanceErrors.invalidPageUrl(url, "only absolute http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw MaintenanceErrors.invalidPageUrl(url, "the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw MaintenanceErrors.invalidPageUrl(url, "user info in URLs is not allowed");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean listed = isListed(h);
        if (!allowedHosts.isEmpty() && !listed) {
            throw MaintenanceErrors.invalidPageUrl(url, "host '" + h + "' is not in the allowed hosts " + allowedHosts);
        }
        if (isLinkLocal(h) && !listed) {
            throw MaintenanceErrors.invalidPageUrl(url, "link-local and metadata addresses are not allowed");
        }
        return uri;
    }

    /** Whether {@code host} (lower case, no brackets) may be fetched, e.g. as a redirect target. */
    public boolean allowsHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean listed = isListed(h);
        return (allowedHosts.isEmpty() || listed) && (!isLinkLocal(h) || listed);
    }

    private boolean isListed(String h) {
        for (String a : allowedHosts) {
            if (a.startsWith("*.") ? h.endsWith(a.substring(1)) && h.length() > a.length() - 1 : a.equals(h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLinkLocal(String h) {
        return h.startsWith("169.254.") || h.startsWith("fe8") || h.startsWith("fe9") || h.startsWith("fea")
                || h.startsWith("feb") || h.equals("metadata.google.internal");
    }

    @Override
    public String toString() {
        return allowedHosts.isEmpty() ? "any host" : "hosts " + allowedHosts;
    }
}
