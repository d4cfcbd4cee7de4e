package io.github.maintenance.servlet.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket to 127.0.0.1, for requests {@link Http} cannot send:
 * a {@code Host} of the test's choosing, hop-by-hop headers such as {@code Connection}, bytes
 * exactly as written. The server must close the connection after answering (the requests ask it
 * to); the whole answer is read until end of stream, within 20 s.
 *
 * <pre>{@code
 * RawHttp.Response r = RawHttp.get(jetty.port(), "/api", "Host", "api.example.com");
 * RawHttp.Response raw = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
 * }</pre>
 */
public final class RawHttp {

    /**
     * A parsed answer.
     *
     * @param status      the status code
     * @param headerLines the header lines as received, without the status line
     * @param body        the body, decoded as UTF-8 (chunked framing is left in place)
     */
    public record Response(int status, List<String> headerLines, String body) {

        /** The values of a header, case-insensitive, in order. */
        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    out.add(line.substring(prefix.length()).trim());
                }
            }
            return out;
        }

        /** The first value of a header, case-insensitive, or {@code null}. */
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }

    private RawHttp() {
    }

    /**
     * {@code GET path} with exactly the given header name/value pairs (include {@code Host}) and
     * {@code Connection: close}.
     */
    public static Response get(int port, String path, String... headerPairs) {
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("header names and values come in pairs: " + Arrays.toString(headerPairs));
        }
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        return exchange(port, request.append("Connection: close\r\n\r\n").toString());
    }

    /** Sends {@code request} (ISO-8859-1) as written and reads the answer until the server closes. */
    public static Response exchange(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            int end = headEnd(answer);
            if (end < 0) {
                throw new IllegalStateException("no complete response head in: "
                        + new String(answer, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(answer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String body = new String(answer, end + 4, answer.length - end - 4, StandardCharsets.UTF_8);
            return new Response(status, List.of(lines).subList(1, lines.length), body);
        } catch (IOException e) {
            throw new UncheckedIOException("exchange with 127.0.0.1:" + port + " failed", e);
        }
    }

    private static int headEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
