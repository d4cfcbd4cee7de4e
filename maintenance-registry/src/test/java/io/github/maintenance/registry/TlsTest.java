package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.TestTls;
import io.github.maintenance.registry.testing.Wire;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over TLS: the whole protocol works, plain-text and untrusting clients get nowhere. */
class TlsTest {

    @TempDir
    static Path dir;
    private static TestTls tls;
    private RegistryFixture f;

    @BeforeAll
    static void keys() throws Exception {
        tls = TestTls.generate(dir);
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Wire tlsClient(SSLContext ctx) throws Exception {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", f.port()), 10_000);
        s.setSoTimeout(Wire.READ_TIMEOUT_MS);
        s.startHandshake();
        return Wire.over(s);
    }

    @Test
    void theProtocolWorksOverTls() throws Exception {
        SSLContext server = tls.server();
        f = RegistryFixture.start(b -> b.tls(server).token("s3cret"));

        try (Wire w = tlsClient(tls.client())) {
            String sid = w.register("shop", "i-1", "{\"auth_token\":\"s3cret\"}");
            assertThat(w.call("PING|" + sid)).isEqualTo("PONG");
            assertThat(w.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
            assertThat(w.read()).isEqualTo("MAINT_OK|ALL");
        }
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
    }

    @Test
    void plainTextClientsAndClientsThatDoNotTrustTheCertificateGetNowhere() throws Exception {
        SSLContext server = tls.server();
        f = RegistryFixture.start(b -> b.tls(server));

        try (Socket raw = new Socket("127.0.0.1", f.port()); Wire plain = Wire.over(raw)) {
            plain.send("REGISTER|shop|i-1|80|null");
            assertThat(plain.readOrNull()).as("no protocol answer in plain text").isNotEqualTo("ACK");
        }
        SSLContext untrusting = SSLContext.getInstance("TLS");
        untrusting.init(null, null, null);
        assertThatThrownBy(() -> tlsClient(untrusting)).isInstanceOf(SSLHandshakeException.class);

        try (Wire w = tlsClient(tls.client())) {
            assertThat(w.call("PING")).as("still serving TLS clients").isEqualTo("ERROR|no session");
        }
    }
}
