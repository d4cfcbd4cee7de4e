package io.github.maintenance.standalone;

import java.nio.charset.StandardCharsets;

/**
 * Parses HTTP/1.x request heads (RFC 9112) from the bytes a connection has received, without
 * copying them more than the two negotiation headers need. A connection calls
 * {@link #headEnd} after each read (continuing where the previous scan stopped, so that a head
 * trickling in is scanned once), and {@link #parse} once the head is complete. Heads longer than
 * {@link #MAX_HEAD} bytes are refused by the connection before they are complete.
 *
 * <p>Strict where it matters for a server on the open internet: a request line of exactly three
 * parts with a token method and {@code HTTP/1.0} or {@code HTTP/1.1}; header names are tokens
 * followed directly by a colon; no control characters in values; no obsolete line folding;
 * one {@code Content-Length} value of digits. Header names are matched case-insensitively.
 *
 * <p>Stateless and thread-safe.
 */
final class RequestParser {

    /** The most bytes a request head (request line, headers and the empty line) may have: 64 KiB. */
    static final int MAX_HEAD = 64 * 1024;

    /** A request head the server cannot accept; the connection answers 400 and closes. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private RequestParser() {
    }

    /**
     * Skips the empty lines a client may send before a request line (RFC 9112, section 2.2).
     *
     * @param a     the bytes
     * @param from  the first unread byte
     * @param end   the end of the received bytes
     * @return the index of the first byte that is neither CR nor LF
     */
    static int skipEmptyLines(byte[] a, int from, int end) {
        int i = from;
        while (i < end && (a[i] == '\r' || a[i] == '\n')) {
            i++;
        }
        return i;
    }

    /**
     * Finds the end of a head: the index just after its empty line ({@code CRLF CRLF}, or bare
     * {@code LF}s).
     *
     * @param a    the bytes
     * @param from where to start looking (a previous scan's stop, minus the three bytes an end may straddle)
     * @param end  the end of the received bytes
     * @return the index after the head, or -1 when it is not complete yet
     */
    static int headEnd(byte[] a, int from, int end) {
        for (int i = Math.max(from, 1); i < end; i++) {
            if (a[i] == '\n') {
                if (a[i - 1] == '\n') {
                    return i + 1;
                }
                if (a[i - 1] == '\r' && i >= 2 && a[i - 2] == '\n') {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /**
     * Parses a complete head.
     *
     * @param a     the bytes
     * @param start the first byte of the request line
     * @param end   the index after the head's empty line ({@link #headEnd})
     * @return the request
     * @throws BadRequest when the head is malformed
     */
    static RequestHead parse(byte[] a, int start, int end) throws BadRequest {
        int lineEnd = lineEnd(a, start, end);
        int sp1 = indexOf(a, start, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(a, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= start || sp2 <= sp1 + 1 || indexOf(a, sp2 + 1, lineEnd, (byte) ' ') >= 0) {
            throw new BadRequest("malformed request line");
        }
        for (int i = start; i < sp1; i++) {
            if (!token(a[i])) {
                throw new BadRequest("malformed method");
            }
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (a[i] <= ' ' || a[i] == 127) {
                throw new BadRequest("malformed request target");
            }
        }
        boolean http10;
        if (regionIs(a, sp2 + 1, lineEnd, "HTTP/1.1")) {
            http10 = false;
        } else if (regionIs(a, sp2 + 1, lineEnd, "HTTP/1.0")) {
            http10 = true;
        } else {
            throw new BadRequest("unsupported protocol version");
        }
        boolean head = regionIs(a, start, sp1, "HEAD");
        boolean health = isHealth(a, sp1 + 1, sp2);

        String accept = null;
        String language = null;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        boolean keepAlive = false;
        boolean expect = false;
        int i = next(a, lineEnd, end);
        while (true) {
            int le = lineEnd(a, i, end);
            if (le == i) {
                break;
            }
            if (a[i] == ' ' || a[i] == '\t') {
                throw new BadRequest("obsolete line folding");
            }
            int colon = indexOf(a, i, le, (byte) ':');
            if (colon <= i) {
                throw new BadRequest("malformed header line");
            }
            for (int k = i; k < colon; k++) {
                if (!token(a[k])) {
                    throw new BadRequest("malformed header name");
                }
            }
            int vs = colon + 1;
            while (vs < le && (a[vs] == ' ' || a[vs] == '\t')) {
                vs++;
            }
            int ve = le;
            while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
                ve--;
            }
            for (int k = vs; k < ve; k++) {
                if ((a[k] < ' ' && a[k] != '\t') || a[k] == 127) {
                    throw new BadRequest("control character in a header value");
                }
            }
            if (nameIs(a, i, colon, "accept")) {
                if (accept == null) {
                    accept = text(a, vs, ve);
                }
            } else if (nameIs(a, i, colon, "accept-language")) {
                if (language == null) {
                    language = text(a, vs, ve);
                }
            } else if (nameIs(a, i, colon, "content-length")) {
                long n = length(a, vs, ve);
                if (contentLength >= 0 && contentLength != n) {
                    throw new BadRequest("conflicting Content-Length");
                }
                contentLength = n;
            } else if (nameIs(a, i, colon, "transfer-encoding")) {
                chunked = true;
            } else if (nameIs(a, i, colon, "expect")) {
                expect = true;
            } else if (nameIs(a, i, colon, "connection")) {
                close |= hasToken(a, vs, ve, "close");
                keepAlive |= hasToken(a, vs, ve, "keep-alive");
            }
            i = next(a, le, end);
        }
        if (chunked && contentLength >= 0) {
            throw new BadRequest("both Content-Length and Transfer-Encoding");
        }
        boolean persistent = !close && (!http10 || keepAlive);
        return new RequestHead(head, health, http10, persistent, accept, language, contentLength, chunked, expect);
    }

    /** {@code /health}, {@code /health?...} or the absolute form {@code http://host/health}. */
    private static boolean isHealth(byte[] a, int from, int to) {
        int p = from;
        if (to - p > 8 && a[p] != '/') {
            int scheme = indexOf(a, p, to, (byte) ':');
            if (scheme > p && scheme + 2 < to && a[scheme + 1] == '/' && a[scheme + 2] == '/') {
                int slash = indexOf(a, scheme + 3, to, (byte) '/');
                p = slash < 0 ? to : slash;
            }
        }
        int q = indexOf(a, p, to, (byte) '?');
        int pathEnd = q < 0 ? to : q;
        return regionIs(a, p, pathEnd, "/health");
    }

    /** The index of the line's end (its CR or LF) at or after {@code from}; {@code end} when none. */
    private static int lineEnd(byte[] a, int from, int end) {
        int lf = indexOf(a, from, end, (byte) '\n');
        if (lf < 0) {
            return end;
        }
        return lf > from && a[lf - 1] == '\r' ? lf - 1 : lf;
    }

    /** The start of the line after the one ending at {@code lineEnd}. */
    private static int next(byte[] a, int lineEnd, int end) {
        int i = lineEnd;
        if (i < end && a[i] == '\r') {
            i++;
        }
        return i < end ? i + 1 : end;
    }

    private static long length(byte[] a, int from, int to) throws BadRequest {
        if (from == to || to - from > 18) {
            throw new BadRequest("malformed Content-Length");
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (a[i] < '0' || a[i] > '9') {
                throw new BadRequest("malformed Content-Length");
            }
            n = n * 10 + (a[i] - '0');
        }
        return n;
    }

    /** Whether a comma-separated value holds {@code token}, case-insensitively. */
    private static boolean hasToken(byte[] a, int from, int to, String token) {
        int i = from;
        while (i < to) {
            int comma = indexOf(a, i, to, (byte) ',');
            int e = comma < 0 ? to : comma;
            int s = i;
            while (s < e && (a[s] == ' ' || a[s] == '\t')) {
                s++;
            }
            int t = e;
            while (t > s && (a[t - 1] == ' ' || a[t - 1] == '\t')) {
                t--;
            }
            if (nameIs(a, s, t, token)) {
                return true;
            }
            i = e + 1;
        }
        return false;
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionIs(byte[] a, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (a[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive comparison with a lower-case ASCII name. */
    private static boolean nameIs(byte[] a, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = a[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 token characters. */
    private static boolean token(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(b) >= 0 && b > 0;
    }

    private static String text(byte[] a, int from, int to) {
        return new String(a, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
