package io.github.maintenance.page;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The bytes of one response body in its three variants, rendered once per state change so that
 * the request path only copies bytes.
 *
 * <p>Immutable and thread-safe: the arrays are never exposed.
 */
public final class RenderedPage {

    private final byte[] html;
    private final byte[] json;
    private final byte[] text;

    /** A page of the given bodies. */
    public RenderedPage(String html, String json, String text) {
        this.html = Objects.requireNonNull(html, "html").getBytes(StandardCharsets.UTF_8);
        this.json = Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8);
        this.text = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(Variant v) {
        return switch (v) {
            case HTML -> html;
            case JSON -> json;
            case TEXT -> text;
        };
    }

    /** The body length in bytes of a variant. */
    public int length(Variant v) {
        return bytes(v).length;
    }

    /** Writes a variant's body. */
    public void writeTo(Variant v, OutputStream out) throws IOException {
        out.write(bytes(v));
    }

    /** A variant's body as text (for tests and diagnostics). */
    public String body(Variant v) {
        return new String(bytes(v), StandardCharsets.UTF_8);
    }
}
