package io.github.maintenance.servlet;

/**
 * The path within the application as the filter matches it: the container's decoded servlet path
 * and path info, made canonical where a container leaves that to the application (Undertow, for
 * one, hands over {@code /public/../admin} and {@code /x/..;/admin} as they came). Path parameters
 * ({@code ;jsessionid=1}) are removed from every segment, empty and {@code .} segments dropped, and
 * {@code ..} segments resolved, never above the root; a trailing slash is kept. Containers that
 * already canonicalise (Jetty, Tomcat) pass paths that need none of it, and those are returned as
 * they are without allocation.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** The canonical form of {@code path} (which starts with {@code /}). */
    static String canonical(String path) {
        if (path.indexOf(';') < 0 && path.indexOf("/.") < 0 && path.indexOf("//") < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        String[] kept = new String[segments.length];
        int n = 0;
        for (String raw : segments) {
            int semicolon = raw.indexOf(';');
            String s = semicolon < 0 ? raw : raw.substring(0, semicolon);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (n > 0) {
                    n--;
                }
                continue;
            }
            kept[n++] = s;
        }
        StringBuilder b = new StringBuilder(path.length());
        for (int i = 0; i < n; i++) {
            b.append('/').append(kept[i]);
        }
        if (b.length() == 0 || path.endsWith("/") || endsWithDotSegment(segments[segments.length - 1])) {
            b.append('/');
        }
        return b.toString();
    }

    /** {@code /a/.} and {@code /a/..} name a directory: {@code /a/} and {@code /}. */
    private static boolean endsWithDotSegment(String last) {
        int semicolon = last.indexOf(';');
        String s = semicolon < 0 ? last : last.substring(0, semicolon);
        return s.equals(".") || s.equals("..");
    }
}
