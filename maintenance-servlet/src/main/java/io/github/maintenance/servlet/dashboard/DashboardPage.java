package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.page.PageTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The dashboard page: one self-contained HTML document (inline style and script, no external
 * asset), rendered once per servlet, with a {@code Content-Security-Policy} that allows exactly
 * its own inline style and script (by SHA-256 hash) and connections to its own origin. Immutable.
 */
final class DashboardPage {

    private static final String RESOURCE = "io/github/maintenance/servlet/dashboard/dashboard.html";

    private final byte[] html;
    private final String contentSecurityPolicy;

    private DashboardPage(byte[] html, String csp) {
        this.html = html;
        this.contentSecurityPolicy = csp;
    }

    /** Renders the page with {@code title}. */
    static DashboardPage render(String title) {
        String template = load();
        StringBuilder escaped = new StringBuilder();
        PageTemplate.escapeHtml(title, escaped);
        String page = template.replace("{{title}}", escaped);
        List<String> styles = hashes(page, "<style>", "</style>");
        List<String> scripts = hashes(page, "<script>", "</script>");
        String csp = "default-src 'none'; style-src " + String.join(" ", styles) + "; script-src "
                + String.join(" ", scripts) + "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'";
        return new DashboardPage(page.getBytes(StandardCharsets.UTF_8), csp);
    }

    byte[] html() {
        return html;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String load() {
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + RESOURCE, e);
        }
    }

    /** CSP source expressions ({@code 'sha256-…'}) of every element between {@code open} and {@code close}. */
    private static List<String> hashes(String page, String open, String close) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = page.indexOf(open, from);
            if (start < 0) {
                break;
            }
            int end = page.indexOf(close, start);
            if (end < 0) {
                throw new IllegalStateException("unterminated " + open + " in the dashboard page");
            }
            String body = page.substring(start + open.length(), end);
            out.add("'sha256-" + Base64.getEncoder().encodeToString(sha256(body)) + "'");
            from = end + close.length();
        }
        if (out.isEmpty()) {
            out.add("'none'");
        }
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
