package io.github.maintenance.registry.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code \n}-terminated lines from a stream with a hard limit on their length, so that a
 * peer can never make it hold more than {@code maxLineBytes + 1} bytes: the buffer starts small,
 * grows only as far as the limit and shrinks back after a long line. A trailing {@code \r} is
 * stripped. When the limit is exceeded the rest of the line is not read: the caller answers
 * {@code ERROR|line too long} and closes.
 *
 * <p>Not thread-safe: one reader per connection, used by one thread.
 */
public final class LineReader {

    /** The outcome of {@link #next()}. */
    public enum Status {
        /** A complete line is available from {@link #line()}. */
        LINE,
        /** A complete line that is not valid UTF-8. */
        INVALID_ENCODING,
        /** More than the maximum number of bytes arrived without a line break. */
        TOO_LONG,
        /** The stream ended (a partial last line is dropped). */
        END
    }

    private static final int INITIAL = 512;

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;
    private int scanned;
    private String line;

    /**
     * @param in           the stream (its own buffering is not needed)
     * @param maxLineBytes most bytes before the {@code \n}, at least 1
     */
    public LineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, but was " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads up to the next line break. Blocks in {@link InputStream#read(byte[], int, int)};
     * a {@link java.net.SocketTimeoutException} from there propagates and leaves the reader
     * usable (bytes already received are kept).
     *
     * @return {@link Status#LINE} with a line in {@link #line()}, or why there is none
     * @throws IOException when reading fails, a read time-out included
     */
    public Status next() throws IOException {
        line = null;
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int len = i - start;
                    if (len > maxLineBytes) {
                        return Status.TOO_LONG;
                    }
                    int textLen = len > 0 && buf[i - 1] == '\r' ? len - 1 : len;
                    Status s = decode(start, textLen);
                    start = i + 1;
                    scanned = 0;
                    if (start == end) {
                        start = 0;
                        end = 0;
                        if (buf.length > 8 * INITIAL) {
                            buf = new byte[INITIAL];
                        }
                    }
                    return s;
                }
            }
            scanned = end - start;
            if (scanned > maxLineBytes) {
                return Status.TOO_LONG;
            }
            if (end == buf.length) {
                makeRoom();
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return Status.END;
            }
            end += n;
        }
    }

    /** {@return the line read by the last {@link #next()} that returned {@link Status#LINE}} */
    public String line() {
        return line;
    }

    /** {@return bytes received but not yet returned as a line} */
    public int buffered() {
        return end - start;
    }

    private void makeRoom() {
        int pending = end - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, pending);
            start = 0;
            end = pending;
            if (end < buf.length) {
                return;
            }
        }
        // Full and nothing to compact: grow, never beyond the limit plus the line break.
        int size = (int) Math.min((long) buf.length * 2, (long) maxLineBytes + 2);
        byte[] bigger = new byte[Math.max(size, pending + 1)];
        System.arraycopy(buf, 0, bigger, 0, pending);
        buf = bigger;
    }

    private Status decode(int from, int len) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buf, from, len));
            line = chars.toString();
            return Status.LINE;
        } catch (CharacterCodingException e) {
            return Status.INVALID_ENCODING;
        }
    }
}
