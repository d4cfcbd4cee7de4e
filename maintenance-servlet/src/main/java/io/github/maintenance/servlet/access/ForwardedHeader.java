package io.github.maintenance.servlet.access;

import java.util.Locale;

/**
 * The forwarding header that the trusted proxies set, and so the only one read (see
 * {@link ClientAddress}). The other header is ignored entirely: a proxy that only appends to
 * {@code X-Forwarded-For} passes a client's own {@code Forwarded} header on untouched, so believing
 * both would let a client choose its address.
 */
public enum ForwardedHeader {
    /** {@code X-Forwarded-For: client, proxy1, proxy2} (the default, what most proxies set). */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** RFC 7239 {@code Forwarded: for=client;proto=https, for="[::1]:80"}. */
    FORWARDED("Forwarded"),
    /** No header is read: the client is the direct peer, even behind a trusted proxy. */
    NONE("none");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    /** {@return the header's name, or {@code none}} */
    public String headerName() {
        return headerName;
    }

    /**
     * Parses a configuration value: the header name or the constant's name, in any case
     * ({@code X-Forwarded-For}, {@code x_forwarded_for}, {@code Forwarded}, {@code none}).
     *
     * @param value the configured value, or {@code null}
     * @return the header named
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ForwardedHeader parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ForwardedHeader h : values()) {
            if (h.name().equals(v)) {
                return h;
            }
        }
        throw new IllegalArgumentException("expected X-Forwarded-For, Forwarded or none");
    }

    @Override
    public String toString() {
        return headerName;
    }
}
