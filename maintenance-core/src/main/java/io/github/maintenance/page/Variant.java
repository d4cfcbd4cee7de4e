package io.github.maintenance.page;

/** The body variants of a rendered page, chosen by content negotiation. */
public enum Variant {
    /** The HTML page, for browsers. */
    HTML("text/html;charset=utf-8"),
    /** The JSON document, for API clients. */
    JSON("application/json"),
    /** The plain-text body, for tools such as curl. */
    TEXT("text/plain;charset=utf-8");

    private final String contentType;

    Variant(String contentType) {
        this.contentType = contentType;
    }

    /** {@return the {@code Content-Type} header value} */
    public String contentType() {
        return contentType;
    }

    /**
     * Picks the variant for an {@code Accept} header: JSON when it prefers
     * {@code application/json} to {@code text/html}, HTML when it names {@code text/html} (as
     * browsers do), plain text otherwise (no header, {@code *}{@code /*}, curl). Allocation-free.
     *
     * @param accept the {@code Accept} header's value, or {@code null}
     * @return the variant to serve
     */
    public static Variant negotiate(String accept) {
        if (accept == null || accept.isEmpty()) {
            return TEXT;
        }
        double html = -1;
        double json = -1;
        int n = accept.length();
        int i = 0;
        while (i < n) {
            int end = accept.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int semi = accept.indexOf(';', i);
            int typeEnd = semi >= 0 && semi < end ? semi : end;
            int ts = skipSpace(accept, i, typeEnd);
            int te = trimEnd(accept, ts, typeEnd);
            double q = semi >= 0 && semi < end ? quality(accept, semi, end) : 1.0;
            if (regionIs(accept, ts, te, "text/html") || regionIs(accept, ts, te, "application/xhtml+xml")) {
                html = Math.max(html, q);
            } else if (regionIs(accept, ts, te, "application/json") || endsWithJsonSuffix(accept, ts, te)) {
                json = Math.max(json, q);
            }
            i = end + 1;
        }
        if (json > 0 && json > html) {
            return JSON;
        }
        if (html > 0) {
            return HTML;
        }
        return TEXT;
    }

    /**
     * The index of the {@code q=} parameter among the parameters in {@code [from, end)} (which
     * starts at the first {@code ;}), or -1: only a parameter named {@code q}, so that
     * {@code xq=1} or {@code level=1;q=0} are read right.
     */
    private static int qualityParameter(String s, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) != ';') {
                continue;
            }
            int j = i + 1;
            while (j < end && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j + 1 < end && (s.charAt(j) == 'q' || s.charAt(j) == 'Q') && s.charAt(j + 1) == '=') {
                return j;
            }
        }
        return -1;
    }

    private static boolean endsWithJsonSuffix(String s, int start, int end) {
        return end - start > 17 && s.regionMatches(true, start, "application/", 0, 12)
                && s.regionMatches(true, end - 5, "+json", 0, 5);
    }

    private static boolean regionIs(String s, int start, int end, String value) {
        return end - start == value.length() && s.regionMatches(true, start, value, 0, value.length());
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    /** Reads {@code q=} among the parameters in {@code s[from,end)}; 1.0 when absent or malformed. */
    private static double quality(String s, int from, int end) {
        int q = qualityParameter(s, from, end);
        if (q < 0) {
            return 1.0;
        }
        int i = q + 2;
        double value = 0;
        boolean any = false;
        boolean frac = false;
        double scale = 0.1;
        while (i < end) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                any = true;
                if (frac) {
                    value += (c - '0') * scale;
                    scale /= 10;
                } else {
                    value = value * 10 + (c - '0');
                }
            } else if (c == '.' && !frac) {
                frac = true;
            } else {
                break;
            }
            i++;
        }
        return any ? Math.min(1.0, value) : 1.0;
    }
}
