package io.github.maintenance.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.examples.DemoApp;
import io.github.maintenance.servlet.testing.Http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 connections to the demo's HTTP port that send their request head one byte at a time: while
 * they dribble, an ordinary client is answered at once, and each slow request, once complete, is
 * answered too (Jetty parses request heads without holding a thread per connection; its idle
 * time-out, 30 s by default, ends connections that stop sending).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsIT {

    private static final int SLOW_CLIENTS = 200;
    private static final int READ_TIMEOUT_MS = 20_000;

    @Test
    void slowRequestHeadsNeitherBlockOtherClientsNorGetLost() throws Exception {
        try (DemoApp app = DemoApp.start(Demo.options())) {
            byte[] head = ("GET /api/slow HTTP/1.1\r\nHost: 127.0.0.1:" + app.port()
                    + "\r\nUser-Agent: fault-suite-slow-client\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()), 5_000);
                    s.setSoTimeout(READ_TIMEOUT_MS);
                    s.setTcpNoDelay(true);
                    slow.add(s);
                }
                int normal = 0;
                // Every connection gets one more byte per round; the last byte is held back.
                for (int at = 0; at < head.length - 1; at++) {
                    for (Socket s : slow) {
                        OutputStream out = s.getOutputStream();
                        out.write(head[at]);
                        out.flush();
                    }
                    if (at % 8 == 0) {
                        assertThat(Http.get(app.uri("/api")).statusCode()).as("an ordinary request in round %d", at)
                                .isEqualTo(200);
                        normal++;
                    }
                }
                assertThat(normal).isGreaterThan(5);
                for (Socket s : slow) {
                    assertThat(s.getInputStream().available()).as("no answer before the head is complete").isZero();
                }

                for (Socket s : slow) {
                    s.getOutputStream().write(head[head.length - 1]);
                    s.getOutputStream().flush();
                }
                for (Socket s : slow) {
                    assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
            assertThat(Http.get(app.uri("/")).statusCode()).isEqualTo(200);
            assertThat(app.controller().traffic("api").requests()).isGreaterThanOrEqualTo(SLOW_CLIENTS);
        }
    }

    /** Reads the status line (up to CRLF). */
    private static String statusLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
