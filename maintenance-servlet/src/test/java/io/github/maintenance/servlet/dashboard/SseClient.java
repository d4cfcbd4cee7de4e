package io.github.maintenance.servlet.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent-events client over a plain socket (HTTP/1.1, chunked body), so that a test
 * controls exactly when the connection goes away. A reader thread parses messages into a queue.
 */
final class SseClient implements AutoCloseable {

    /**
     * One message: an event with data, or a comment (heartbeat).
     *
     * @param event   the {@code event:} name ({@code message} when none), or {@code null} for a comment
     * @param data    the joined {@code data:} lines, or the comment text
     */
    record Message(String event, String data) {
        boolean isComment() {
            return event == null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers;
    private final String errorBody;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread reader;

    private SseClient(Socket socket, InputStream in, int status, Map<String, String> headers, String errorBody) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.headers = headers;
        this.errorBody = errorBody;
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
    }

    /** Connects, sends {@code GET} with the header name/value pairs and reads the response head. */
    static SseClient open(URI uri, String... headerPairs) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder();
            req.append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                    .append("\r\nAccept: text/event-stream\r\n");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                req.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String errorBody = null;
            if (status != 200) {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                errorBody = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            SseClient c = new SseClient(s, in, status, headers, errorBody);
            if (status == 200) {
                c.reader.start();
            } else {
                c.ended.countDown();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** A response header (lower-case name), or {@code null}. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a non-200 answer. */
    String errorBody() {
        return errorBody;
    }

    /** The next message, or {@code null} after {@code timeout}. */
    Message next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event named {@code event} (skipping others), or {@code null} after {@code timeout}. */
    Message nextEvent(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Message m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && event.equals(m.event())) {
                return m;
            }
        }
    }

    /** Waits until the server ended the stream (EOF). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                // Parse before reading the CRLF that ends the chunk: servers may send it only with the next chunk.
                parse(body);
                line(in);
            }
        } catch (IOException | RuntimeException e) {
            // socket closed by the test or the server
        } finally {
            ended.countDown();
        }
    }

    /** Moves complete messages (ended by a blank line) from {@code buffer} to the queue. */
    private void parse(ByteArrayOutputStream buffer) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        int end;
        int consumed = 0;
        while ((end = text.indexOf("\n\n", consumed)) >= 0) {
            String block = text.substring(consumed, end);
            consumed = end + 2;
            String event = "message";
            StringBuilder data = new StringBuilder();
            boolean comment = true;
            for (String l : block.split("\n")) {
                if (l.startsWith(":")) {
                    data.append(l.substring(1).trim());
                } else if (l.startsWith("event:")) {
                    comment = false;
                    event = l.substring(6).trim();
                } else if (l.startsWith("data:")) {
                    comment = false;
                    data.append(l.substring(5).trim());
                } else if (l.startsWith("retry:")) {
                    comment = false;
                    event = "retry";
                    data.append(l.substring(6).trim());
                }
            }
            messages.add(new Message(comment ? null : event, data.toString()));
        }
        byte[] rest = text.substring(consumed).getBytes(StandardCharsets.UTF_8);
        buffer.reset();
        buffer.write(rest, 0, rest.length);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed");
    }
}
