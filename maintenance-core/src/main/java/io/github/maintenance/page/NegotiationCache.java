package io.github.maintenance.page;

/**
 * Remembers the outcome of content negotiation for a rendered page per distinct header value,
 * so that the request path reads the variant for an {@code Accept} value and the language for an
 * {@code Accept-Language} value instead of parsing them again: clients send a handful of distinct
 * values, over and over.
 *
 * <p>Bounded: a direct-mapped table of {@link #SLOTS} entries per header, indexed by the value's
 * length and four of its characters (no hash over the whole value); a colliding value overwrites
 * the slot, so memory stays at most {@code 2 × SLOTS} entries whatever clients send. Values longer
 * than {@link #MAX_CACHED_LENGTH} characters are negotiated every time and never kept. A hit costs
 * one {@code String.equals} (often just {@code ==}: containers reuse header values within a
 * connection) and allocates nothing; a miss negotiates as {@link Variant#negotiate} and
 * {@link RenderedPage#select} do and stores one small immutable entry. A language entry holds the
 * page it was chosen for: a new page (a state change) misses and takes over the slot. Results are
 * exactly those of the uncached calls.
 *
 * <p>Used by the servlet filter and the standalone page server, one per writer of pages.
 *
 * <p>Thread-safe: entries are immutable (final fields) and published by a single reference write,
 * so a racing reader sees either the old entry, the new one or none, each complete.
 */
public final class NegotiationCache {

    /** An empty cache. */
    public NegotiationCache() {
    }

    /** Entries per header; a power of two. */
    static final int SLOTS = 64;
    /** Longer header values are not cached (they would only crowd out the common ones). */
    static final int MAX_CACHED_LENGTH = 512;

    private final VariantEntry[] variants = new VariantEntry[SLOTS];
    private final LanguageEntry[] languages = new LanguageEntry[SLOTS];

    private record VariantEntry(String accept, Variant variant) {
    }

    private record LanguageEntry(String acceptLanguage, RenderedPage page, int language) {
    }

    /**
     * {@return the variant to serve for an {@code Accept} value, as {@link Variant#negotiate} picks it}
     *
     * @param accept the header's value, or {@code null}
     */
    public Variant variant(String accept) {
        if (accept == null || accept.isEmpty() || accept.length() > MAX_CACHED_LENGTH) {
            return Variant.negotiate(accept);
        }
        int slot = slot(accept);
        VariantEntry e = variants[slot];
        if (e != null && (e.accept() == accept || e.accept().equals(accept))) {
            return e.variant();
        }
        Variant v = Variant.negotiate(accept);
        variants[slot] = new VariantEntry(accept, v);
        return v;
    }

    /**
     * {@return the language index to serve from {@code page} for an {@code Accept-Language} value,
     * as {@link RenderedPage#select} picks it}
     *
     * @param page the page to serve
     * @param acceptLanguage the header's value, or {@code null}
     */
    public int language(RenderedPage page, String acceptLanguage) {
        if (!page.isLocalized() || acceptLanguage == null || acceptLanguage.isEmpty()
                || acceptLanguage.length() > MAX_CACHED_LENGTH) {
            return page.select(acceptLanguage);
        }
        int slot = slot(acceptLanguage);
        LanguageEntry e = languages[slot];
        if (e != null && e.page() == page
                && (e.acceptLanguage() == acceptLanguage || e.acceptLanguage().equals(acceptLanguage))) {
            return e.language();
        }
        int language = page.select(acceptLanguage);
        languages[slot] = new LanguageEntry(acceptLanguage, page, language);
        return language;
    }

    /** {@return how many entries the cache holds (for tests)} */
    int size() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += (variants[i] != null ? 1 : 0) + (languages[i] != null ? 1 : 0);
        }
        return n;
    }

    /** The slot of a non-empty value: from its length and four of its characters, mixed. */
    static int slot(String value) {
        int n = value.length();
        int h = n;
        h = h * 31 + value.charAt(n - 1);
        h = h * 31 + value.charAt(n >> 1);
        h = h * 31 + value.charAt(n >> 2);
        h = h * 31 + value.charAt(n - 1 - (n >> 2));
        h *= 0x9E3779B9;
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
