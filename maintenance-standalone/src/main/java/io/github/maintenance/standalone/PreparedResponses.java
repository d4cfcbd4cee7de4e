package io.github.maintenance.standalone;

import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Every response the page server sends, encoded once: status line, headers and body as one
 * byte array per page variant (HTML, JSON, plain text), language, method ({@code HEAD}: the same
 * headers without the body) and connection form ({@link Form}); the same for {@code /health}, and
 * the {@code 400} and {@code 431} refusals. Serving a request picks one and writes a read-only
 * view of it.
 *
 * <p>The page's headers are those of the servlet filter, spelled as it spells them:
 * {@code X-Maintenance-Mode}, {@code Retry-After} (the announced end as an IMF-fixdate while it is
 * ahead, seconds otherwise), {@code Cache-Control: no-store}, {@code Vary}, {@code Content-Language},
 * {@code Refresh} (when configured), {@code Content-Type} and {@code Content-Length}, and a
 * {@code Date}. The set is rebuilt when the clock's second changes, so that {@code Date} (and
 * {@code Retry-After} once the announced end has passed) stays current without work per request.
 *
 * <p>Thread-safe: a {@link Snapshot} is immutable, and {@link #current()} publishes a new one at
 * most once per second.
 */
final class PreparedResponses {

    /** How the answer leaves the connection. */
    enum Form {
        /** No {@code Connection} header: HTTP/1.1 keeps the connection open. */
        KEEP,
        /** {@code Connection: close}: the server closes after the answer. */
        CLOSE,
        /** {@code Connection: keep-alive}: an HTTP/1.0 client that asked to keep it open. */
        KEEP_ALIVE
    }

    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final byte[] HEALTH = HealthWatch.PAGE_SERVER_HEALTH;
    private static final Variant[] VARIANTS = Variant.values();
    private static final int FORMS = Form.values().length;

    private final RenderedPage page;
    private final int status;
    private final long retryAfterSeconds;
    private final Instant until;
    private final Clock clock;
    private final int languages;
    private volatile Snapshot current;

    /**
     * @param page       the rendered page
     * @param status     the status of page answers
     * @param retryAfter the {@code Retry-After} in seconds
     * @param until      the announced end, or {@code null}
     * @param clock      the clock for {@code Date} and for telling whether the end is still ahead
     */
    PreparedResponses(RenderedPage page, int status, Duration retryAfter, Instant until, Clock clock) {
        this.page = page;
        this.status = status;
        this.retryAfterSeconds = retryAfter.getSeconds();
        this.until = until;
        this.clock = clock;
        this.languages = Math.max(1, page.languages().size());
        this.current = build(clock.millis() / 1000);
    }

    /** The page, for negotiation. */
    RenderedPage page() {
        return page;
    }

    /**
     * The responses for the current second.
     *
     * @return the snapshot, rebuilt first when the clock has moved to another second
     */
    Snapshot current() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Snapshot s = current;
        if (s.second == second) {
            return s;
        }
        synchronized (this) {
            s = current;
            if (s.second != second) {
                s = build(second);
                current = s;
            }
            return s;
        }
    }

    /**
     * The index of a page answer for {@link Snapshot#page(int, boolean, Form)}.
     *
     * @param variant  the negotiated variant
     * @param language the language index ({@link RenderedPage#select(String)})
     * @return the index
     */
    int index(Variant variant, int language) {
        return variant.ordinal() * languages + language;
    }

    private Snapshot build(long second) {
        Instant now = Instant.ofEpochSecond(second);
        String date = IMF_FIXDATE.format(now);
        String retryAfter = until != null && until.isAfter(clock.instant()) ? IMF_FIXDATE.format(until)
                : Long.toString(retryAfterSeconds);
        byte[][] pages = new byte[VARIANTS.length * languages * 2 * FORMS][];
        String vary = page.isLocalized() ? "Accept, Accept-Language" : "Accept";
        for (Variant v : VARIANTS) {
            for (int l = 0; l < languages; l++) {
                StringBuilder h = new StringBuilder(256);
                h.append("X-Maintenance-Mode: true\r\n");
                h.append("Retry-After: ").append(retryAfter).append("\r\n");
                h.append("Cache-Control: no-store\r\n");
                h.append("Vary: ").append(vary).append("\r\n");
                String tag = page.language(l);
                if (tag != null) {
                    h.append("Content-Language: ").append(tag).append("\r\n");
                }
                if (page.refreshHeader() != null) {
                    h.append("Refresh: ").append(page.refreshHeader()).append("\r\n");
                }
                h.append("Content-Type: ").append(v.contentType()).append("\r\n");
                byte[] body = body(v, l);
                for (int head = 0; head < 2; head++) {
                    for (Form f : Form.values()) {
                        pages[slot(index(v, l), head == 1, f)] = encode(status, date, h.toString(), body, head == 1, f);
                    }
                }
            }
        }
        byte[][] health = new byte[2 * FORMS][];
        String json = "Cache-Control: no-store\r\nContent-Type: application/json\r\n";
        for (int head = 0; head < 2; head++) {
            for (Form f : Form.values()) {
                health[slot(0, head == 1, f)] = encode(200, date, json, HEALTH, head == 1, f);
            }
        }
        String text = "Content-Type: text/plain;charset=utf-8\r\n";
        byte[] bad = encode(400, date, text, "Bad request\n".getBytes(StandardCharsets.US_ASCII), false, Form.CLOSE);
        byte[] large = encode(431, date, text,
                "Request header fields too large\n".getBytes(StandardCharsets.US_ASCII), false, Form.CLOSE);
        return new Snapshot(second, pages, health, bad, large);
    }

    private static int slot(int index, boolean head, Form form) {
        return (index * 2 + (head ? 1 : 0)) * FORMS + form.ordinal();
    }

    private byte[] body(Variant v, int language) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(page.length(v, language));
        try {
            page.writeTo(v, language, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encode(int status, String date, String headers, byte[] body, boolean head, Form form) {
        StringBuilder sb = new StringBuilder(headers.length() + 128);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append(headers);
        sb.append("Content-Length: ").append(body.length).append("\r\n");
        switch (form) {
            case CLOSE -> sb.append("Connection: close\r\n");
            case KEEP_ALIVE -> sb.append("Connection: keep-alive\r\n");
            default -> {
                // HTTP/1.1's default
            }
        }
        sb.append("\r\n");
        byte[] h = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** The reason phrase of the statuses the page may be configured with; empty for others (allowed). */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** The responses of one second; immutable. */
    static final class Snapshot {
        private final long second;
        private final byte[][] pages;
        private final byte[][] health;
        private final byte[] badRequest;
        private final byte[] headTooLarge;

        Snapshot(long second, byte[][] pages, byte[][] health, byte[] badRequest, byte[] headTooLarge) {
            this.second = second;
            this.pages = pages;
            this.health = health;
            this.badRequest = badRequest;
            this.headTooLarge = headTooLarge;
        }

        /**
         * A page answer.
         *
         * @param index {@link PreparedResponses#index(Variant, int)}
         * @param head  whether without the body
         * @param form  the connection form
         * @return a read-only view of the bytes, positioned at 0
         */
        ByteBuffer page(int index, boolean head, Form form) {
            return ByteBuffer.wrap(pages[slot(index, head, form)]).asReadOnlyBuffer();
        }

        /**
         * The {@code /health} answer.
         *
         * @param head whether without the body
         * @param form the connection form
         * @return a read-only view of the bytes
         */
        ByteBuffer health(boolean head, Form form) {
            return ByteBuffer.wrap(health[slot(0, head, form)]).asReadOnlyBuffer();
        }

        /** The 400 answer, with {@code Connection: close}. */
        ByteBuffer badRequest() {
            return ByteBuffer.wrap(badRequest).asReadOnlyBuffer();
        }

        /** The 431 answer, with {@code Connection: close}. */
        ByteBuffer headTooLarge() {
            return ByteBuffer.wrap(headTooLarge).asReadOnlyBuffer();
        }
    }
}
