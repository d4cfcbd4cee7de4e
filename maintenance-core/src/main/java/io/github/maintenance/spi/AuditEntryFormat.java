package io.github.maintenance.spi;

import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.internal.AuditJson;

/**
 * The one text form of an {@link AuditEntry} kept by the stores that implement {@link AuditStore}
 * outside the JVM (the file store, one per line; the Redis and JDBC stores, one per list element
 * or row): a JSON object on one line, the shape {@link io.github.maintenance.audit.AuditExport#json}
 * writes for each entry. Stateless and thread-safe.
 */
public final class AuditEntryFormat {

    /** The longest text {@link #decode} reads. */
    public static final int MAX_LENGTH = AuditJson.MAX_LINE;

    private AuditEntryFormat() {
    }

    /**
     * {@return {@code entry} as one line of JSON, without a line break}
     *
     * @param entry the entry
     */
    public static String encode(AuditEntry entry) {
        return AuditJson.encode(entry);
    }

    /**
     * Reads an entry written by {@link #encode}.
     *
     * @param text the text, at most {@value #MAX_LENGTH} characters
     * @return the entry
     * @throws IllegalArgumentException naming what is wrong when the text is damaged or too long
     */
    public static AuditEntry decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no entry");
        }
        return AuditJson.decode(text);
    }
}
