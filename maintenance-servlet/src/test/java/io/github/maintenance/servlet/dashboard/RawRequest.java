package io.github.maintenance.servlet.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 GET over a plain socket with exactly the headers given (including {@code Host},
 * which {@code java.net.http} does not let a test choose), answered with {@code Connection: close}.
 *
 * @param status  the response status
 * @param headers response headers, lower-case names
 * @param body    the response body (sent with a Content-Length by the dashboard)
 */
record RawRequest(int status, Map<String, String> headers, String body) {

    /** GETs {@code path} from 127.0.0.1:{@code port}; {@code headerPairs} are name/value pairs. */
    static RawRequest get(int port, String path, String... headerPairs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                req.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawRequest(Integer.parseInt(lines[0].split(" ")[1]), headers, all.substring(end + 4));
        }
    }
}
