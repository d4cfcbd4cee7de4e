package io.github.maintenance.page;

/**
 * Chooses one of a page's languages for an {@code Accept-Language} header (RFC 9110 §12.5.4,
 * basic filtering of RFC 4647). Allocation-free: it runs on the request path.
 *
 * <p>The range with the highest quality that matches an offered language wins; among equal
 * qualities the earlier range wins. A range matches a language when they are equal, when the
 * range is more specific ({@code de-CH} matches {@code de}) or less specific ({@code pt} matches
 * {@code pt-br}); an exact match is preferred. {@code *} stands for the default (the first
 * language). Ranges with {@code q=0} are never chosen. When nothing matches, or the header is
 * missing, the default is chosen. At most the first 4096 characters are read.
 *
 * <p>Stateless and thread-safe.
 */
public final class AcceptLanguage {

    private static final int MAX_LENGTH = 4096;

    private AcceptLanguage() {
    }

    /**
     * The index in {@code languages} (lower-case tags, the default first) to serve.
     *
     * @param languages lower-case language tags, the default first
     * @param header the {@code Accept-Language} value, may be {@code null}
     * @return an index into {@code languages}; 0 when the header matches none
     */
    public static int select(String header, String[] languages) {
        if (header == null || languages.length <= 1) {
            return 0;
        }
        int n = Math.min(header.length(), MAX_LENGTH);
        int best = 0;
        double bestQ = 0;
        int i = 0;
        while (i < n) {
            int end = header.indexOf(',', i);
            if (end < 0 || end > n) {
                end = n;
            }
            int semi = header.indexOf(';', i);
            int tagEnd = semi >= 0 && semi < end ? semi : end;
            int ts = skipSpace(header, i, tagEnd);
            int te = trimEnd(header, ts, tagEnd);
            if (te > ts) {
                double q = tagEnd < end ? quality(header, tagEnd, end) : 1.0;
                if (q > bestQ) {
                    int match = match(header, ts, te, languages);
                    if (match >= 0) {
                        best = match;
                        bestQ = q;
                    }
                }
            }
            i = end + 1;
        }
        return best;
    }

    private static int match(String h, int ts, int te, String[] languages) {
        int len = te - ts;
        if (len == 1 && h.charAt(ts) == '*') {
            return 0;
        }
        for (int k = 0; k < languages.length; k++) {
            String l = languages[k];
            if (l.length() == len && h.regionMatches(true, ts, l, 0, len)) {
                return k;
            }
        }
        for (int k = 0; k < languages.length; k++) {
            String l = languages[k];
            int ll = l.length();
            if (len > ll && h.charAt(ts + ll) == '-' && h.regionMatches(true, ts, l, 0, ll)) {
                return k; // the range is more specific: de-CH for de
            }
            if (ll > len && l.charAt(len) == '-' && h.regionMatches(true, ts, l, 0, len)) {
                return k; // the range is less specific: pt for pt-br
            }
        }
        return -1;
    }

    /** The {@code q} parameter among {@code ;}-separated parameters in {@code s[from, end)}; 1.0 when absent or malformed. */
    private static double quality(String s, int from, int end) {
        int i = from;
        while (i < end) {
            // i is at a ';'
            int p = skipSpace(s, i + 1, end);
            int next = s.indexOf(';', p);
            if (next < 0 || next > end) {
                next = end;
            }
            if (next - p >= 2 && (s.charAt(p) == 'q' || s.charAt(p) == 'Q') && s.charAt(p + 1) == '=') {
                return parseQ(s, p + 2, trimEnd(s, p + 2, next));
            }
            i = next;
        }
        return 1.0;
    }

    private static double parseQ(String s, int start, int end) {
        if (start >= end || end - start > 5) {
            return 1.0;
        }
        char first = s.charAt(start);
        if (first != '0' && first != '1') {
            return 1.0;
        }
        double value = first - '0';
        if (end - start == 1) {
            return value;
        }
        if (s.charAt(start + 1) != '.') {
            return 1.0;
        }
        double scale = 0.1;
        for (int i = start + 2; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 1.0;
            }
            value += (c - '0') * scale;
            scale /= 10;
        }
        return Math.min(1.0, value);
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }
}
