package io.github.maintenance.servlet.access;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.route.Route;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where the redirect mode sends requests that would get the maintenance page: a {@code 302} or
 * {@code 307} to a URL instead of the page.
 *
 * <p>The URL is either a path within the application ({@code /maintenance.html}; the context
 * path is put in front when redirecting) or an absolute {@code http}/{@code https} URL. Requests
 * for the target itself are exempt, so that the redirect cannot loop: for a path, that path and
 * everything under it (segment-aware, like exempt paths, so a directory's assets pass too); for
 * an absolute URL on a host this application serves, its path within the application on that
 * host.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedirectTarget {

    /** The default status. */
    public static final int DEFAULT_STATUS = 302;

    private final String url;
    private final int status;
    private final String host;
    private final String path;

    private RedirectTarget(String url, int status, String host, String path) {
        this.url = url;
        this.status = status;
        this.host = host;
        this.path = path;
    }

    /**
     * Validates and builds.
     *
     * @param url    a path starting with a single {@code /}, or an absolute http(s) URL
     * @param status 302 or 307
     * @return the target
     * @throws MaintenanceException naming the setting and the rule
     */
    public static RedirectTarget of(String url, int status) {
        if (status != 302 && status != 307) {
            throw MaintenanceErrors.invalidConfig("redirectStatus", status, "302 or 307");
        }
        String u = url == null ? "" : url.trim();
        if (u.isEmpty()) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url, "a path or an http(s) URL is required");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url, "not a URL: " + e.getReason());
        }
        if (uri.getRawFragment() != null) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url, "must not have a #fragment");
        }
        if (uri.isAbsolute()) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw MaintenanceErrors.invalidConfig("redirectUrl", url, "only http and https URLs, or a path");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw MaintenanceErrors.invalidConfig("redirectUrl", url, "needs a host and no user info");
            }
            String p = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            return new RedirectTarget(u, status, uri.getHost().toLowerCase(Locale.ROOT), normalize(url, p));
        }
        if (!u.startsWith("/") || u.startsWith("//") || uri.getRawAuthority() != null) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url,
                    "a path must start with a single / (or give an absolute http(s) URL)");
        }
        String p = normalize(url, uri.getPath());
        if (p.equals("/")) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url,
                    "the target is exempt, and / would exempt the whole application; redirect to a page such as /maintenance.html");
        }
        return new RedirectTarget(u, status, null, p);
    }

    private static String normalize(String url, String path) {
        try {
            return Route.normalizePath(path);
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidConfig("redirectUrl", url, e.getMessage());
        }
    }

    /** {@return the status, 302 or 307} */
    public int status() {
        return status;
    }

    /** {@return the URL as configured} */
    public String url() {
        return url;
    }

    /** {@return whether the URL is a path within the application} */
    public boolean isPath() {
        return host == null;
    }

    /**
     * The {@code Location} to send from an application at {@code contextPath} ({@code ""} for the
     * root). Computed once, when the filter starts.
     *
     * @param contextPath the context path
     * @return the context path followed by the path, or the absolute URL as is
     */
    public String location(String contextPath) {
        return host == null ? contextPath + url : url;
    }

    /**
     * The exempt paths within an application at {@code contextPath} that cover the target: the
     * target's path for a path, or for an absolute URL whose path lies under the context path
     * its remainder (empty when the URL points outside the application).
     *
     * @param contextPath the context path
     * @return the paths to exempt, possibly none
     */
    public ExemptPaths exemptPaths(String contextPath) {
        if (host == null) {
            return ExemptPaths.of(List.of(path));
        }
        if (contextPath.isEmpty()) {
            return ExemptPaths.of(List.of(path));
        }
        if (Route.prefixCovers(contextPath, path)) {
            String rest = path.substring(contextPath.length());
            return ExemptPaths.of(List.of(rest.isEmpty() ? "/" : rest));
        }
        return ExemptPaths.none();
    }

    /**
     * {@return whether a request to {@code requestHost} must be checked against the exempt paths (any host for a path)}
     *
     * @param requestHost the request's host, or {@code null}
     */
    public boolean coversHost(String requestHost) {
        return host == null || (requestHost != null && requestHost.equalsIgnoreCase(host));
    }

    @Override
    public String toString() {
        return status + " " + url;
    }
}
