package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.testing.Awaits;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 over the page server's own TLS, and its TLS limits, on free loopback ports. */
class TlsConnectionTest {

    private static final String TEXT_PAGE = "Down for maintenance\n"
            + "We are performing scheduled maintenance. We will be back shortly.\n";

    @TempDir
    static Path dir;
    private static TestCertificates.Identity id;
    private static StandaloneServer server;

    @BeforeAll
    static void start() throws Exception {
        id = TestCertificates.generate(dir, "tls", "EC");
        server = StandaloneServer.start(StandaloneConfig.parse(Map.of(), new String[] {"--host", "127.0.0.1",
            "--port", "0", "--https-port", "0", "--tls-cert", id.certPem().toString(), "--tls-key",
            id.keyPem().toString(), "--handshake-timeout", "500ms"}, TlsConnectionTest.class.getClassLoader()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RawClient tls() throws Exception {
        SSLSocket s = (SSLSocket) id.trustingClient().getSocketFactory().createSocket("127.0.0.1", server.httpsPort());
        s.startHandshake();
        return new RawClient(s);
    }

    @Test
    void pipelinedRequestsOverTlsAreAnsweredInOrder() throws Exception {
        try (RawClient c = tls()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n"
                    + "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

            RawClient.Answer json = c.read();
            RawClient.Answer head = c.read(true);
            RawClient.Answer health = c.read();

            assertThat(json.header("Content-Type")).isEqualTo("application/json");
            assertThat(json.text()).startsWith("{\"status\":\"maintenance\"");
            assertThat(head.status()).isEqualTo(503);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(TEXT_PAGE.length()));
            assertThat(health.status()).isEqualTo(200);

            c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.Answer last = c.read();
            assertThat(last.text()).isEqualTo(TEXT_PAGE);
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(c.readByte()).as("close_notify, then the end").isEqualTo(-1);
        }
    }

    @Test
    void manyRequestsInOneWriteSpanSeveralTlsRecords() throws Exception {
        try (RawClient c = tls()) {
            String one = "GET /x HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(1000) + "\r\n\r\n";
            c.send(one.repeat(40));
            for (int i = 0; i < 40; i++) {
                assertThat(c.read().text()).as("answer %d", i).isEqualTo(TEXT_PAGE);
            }
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheHandshakeTimeOut() throws Exception {
        try (RawClient silent = RawClient.connect(server.httpsPort())) {
            long t = System.nanoTime();

            assertThat(silent.readToEnd()).isEmpty();

            assertThat(Duration.ofNanos(System.nanoTime() - t)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        }
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void plainHttpOnTheHttpsPortIsClosedWithoutAnAnswer() throws Exception {
        try (RawClient plain = RawClient.connect(server.httpsPort())) {
            long t = System.nanoTime();
            plain.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

            byte[] answer = plain.readToEnd();

            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as("not left hanging until a time-out")
                    .isLessThan(Duration.ofMillis(400));
        }
        Awaits.await().until(() -> server.openConnections() == 0);
    }

    @Test
    void theHttpListenerServesAtTheSameTime() throws Exception {
        try (RawClient c = RawClient.connect(server.port()); Socket handshaking = new Socket("127.0.0.1", server.httpsPort())) {
            assertThat(handshaking.isConnected()).isTrue();
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo(TEXT_PAGE);
        }
    }
}
