package io.github.maintenance.standalone;

/**
 * What the page server needs of one parsed HTTP/1.x request head: whether it is {@code HEAD},
 * whether it asks for {@code /health}, whether the connection stays open after the answer, the
 * two negotiation headers and how the body (if any) is framed.
 *
 * @param head          whether the method is {@code HEAD} (the answer has no body)
 * @param health        whether the path is {@code /health}
 * @param http10        whether the request is HTTP/1.0
 * @param keepAlive     whether the connection stays open after the answer: HTTP/1.1 unless
 *                      {@code Connection: close}, HTTP/1.0 only with {@code Connection: keep-alive}
 * @param accept        the first {@code Accept} value, or {@code null}
 * @param acceptLanguage the first {@code Accept-Language} value, or {@code null}
 * @param contentLength the {@code Content-Length}, or -1 when there is none
 * @param chunked       whether the body is sent with {@code Transfer-Encoding} (which the server
 *                      does not read: it answers and closes)
 * @param expectContinue whether the client waits for {@code 100 Continue} before its body (it may
 *                      never send it after the final answer, so the server closes rather than
 *                      reading the next request as the body)
 */
record RequestHead(boolean head, boolean health, boolean http10, boolean keepAlive, String accept,
        String acceptLanguage, long contentLength, boolean chunked, boolean expectContinue) {
}
