package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.testing.ExternalProgram;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page server over real HTTPS on free loopback ports, with certificates made by keytool. */
class HttpsServerTest {

    private static final String TEXT_PAGE = "Down for maintenance\n"
            + "We are performing scheduled maintenance. We will be back shortly.\n";
    private static final String HEALTH = "{\"status\":\"ok\",\"maintenance\":true}";

    @TempDir
    static Path dir;
    private static TestCertificates.Identity rsa;
    private static TestCertificates.Identity ec;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        rsa = TestCertificates.generate(dir, "rsa", "RSA");
        ec = TestCertificates.generate(dir, "ec", "EC");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private StandaloneServer start(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1"));
        all.addAll(List.of(args));
        StandaloneServer s = StandaloneServer.start(StandaloneConfig.parse(env, all.toArray(String[]::new),
                getClass().getClassLoader()));
        toClose.add(s);
        return s;
    }

    private static TestCertificates.Identity identity(String algorithm) {
        return algorithm.equals("EC") ? ec : rsa;
    }

    private static HttpResponse<String> get(SSLContext trust, URI uri, String... headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI https(StandaloneServer s, String path) {
        return URI.create("https://127.0.0.1:" + s.httpsPort() + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void pemFilesServeThePageAndHealthOverHttpsOnly(String algorithm) throws Exception {
        TestCertificates.Identity id = identity(algorithm);
        StandaloneServer s = start(Map.of(), "--port", "off", "--https-port", "0",
                "--tls-cert", id.certPem().toString(), "--tls-key", id.keyPem().toString());

        HttpResponse<String> page = get(id.trustingClient(), https(s, "/shop/cart"));
        HttpResponse<String> health = get(id.trustingClient(), https(s, "/health"));

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
        assertThat(page.headers().firstValue("Retry-After")).hasValue("300");
        assertThat(page.body()).isEqualTo(TEXT_PAGE);
        assertThat(page.sslSession()).hasValueSatisfying(ssl -> assertThat(ssl.getProtocol()).isEqualTo("TLSv1.3"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo(HEALTH);
        assertThat(s.port()).as("HTTP off").isEqualTo(StandaloneConfig.OFF);
        assertThat(s.address().getPort()).isEqualTo(s.httpsPort());
    }

    @Test
    void aPkcs12KeyStoreWithItsPasswordFromTheEnvironmentOrAFile() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password.txt"), TestCertificates.PASSWORD + "\n");
        StandaloneServer fromEnv = start(Map.of("MAINTENANCE_PORT", "off", "MAINTENANCE_HTTPS_PORT", "0",
                "MAINTENANCE_TLS_KEYSTORE", ec.keystore().toString(),
                "MAINTENANCE_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD));
        StandaloneServer fromFile = start(Map.of(), "--port", "off", "--https-port=0",
                "--tls-keystore", rsa.keystore().toString(), "--tls-keystore-password-file", passwordFile.toString());

        assertThat(get(ec.trustingClient(), https(fromEnv, "/")).statusCode()).isEqualTo(503);
        assertThat(get(rsa.trustingClient(), https(fromFile, "/health")).body()).isEqualTo(HEALTH);
    }

    @Test
    void httpAndHttpsAtOnceServeTheSamePageAndHealth() throws Exception {
        StandaloneServer s = start(Map.of(), "--port", "0", "--https-port", "0",
                "--tls-cert", rsa.certPem().toString(), "--tls-key", rsa.keyPem().toString());
        String[] html = {"Accept", "text/html", "Accept-Language", "de"};

        HttpResponse<String> overHttp = get(SSLContext.getDefault(), URI.create("http://127.0.0.1:" + s.port() + "/"),
                html);
        HttpResponse<String> overHttps = get(rsa.trustingClient(), https(s, "/"), html);

        assertThat(s.port()).isPositive().isNotEqualTo(s.httpsPort());
        assertThat(overHttps.statusCode()).isEqualTo(overHttp.statusCode()).isEqualTo(503);
        assertThat(overHttps.headers().firstValue("Content-Language")).hasValue("de");
        assertThat(overHttps.body()).isEqualTo(overHttp.body()).contains("<html");
        assertThat(get(SSLContext.getDefault(), URI.create("http://127.0.0.1:" + s.port() + "/health")).body())
                .isEqualTo(HEALTH);
        assertThat(get(rsa.trustingClient(), https(s, "/health")).body()).isEqualTo(HEALTH);
    }

    @Test
    void curlWithTheCertificateAsItsCaGetsThePage() throws Exception {
        if (!ExternalProgram.present("curl", "apt-get install curl", Path.of("/usr/bin/curl"))) {
            return;
        }
        StandaloneServer s = start(Map.of(), "--port", "off", "--https-port", "0",
                "--tls-cert", ec.certPem().toString(), "--tls-key", ec.keyPem().toString());

        Process curl = new ProcessBuilder("/usr/bin/curl", "-sS", "-i", "--max-time", "20",
                "--cacert", ec.certPem().toString(), https(s, "/anything").toString()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = curl.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(output).isZero();
        assertThat(output).startsWith("HTTP/1.1 503").containsIgnoringCase("x-maintenance-mode: true")
                .endsWith(TEXT_PAGE);
    }

    @Test
    void onlyTls12And13WithModernSuites() throws Exception {
        StandaloneServer s = start(Map.of(), "--port", "off", "--https-port", "0",
                "--tls-cert", rsa.certPem().toString(), "--tls-key", rsa.keyPem().toString());
        SSLContext client = rsa.trustingClient();

        try (SSLSocket tls12 = socket(client, s, "TLSv1.2", null)) {
            tls12.startHandshake();
            assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.getSession().getCipherSuite()).matches("TLS_ECDHE_RSA_WITH_(AES_\\d+_GCM|CHACHA20).*");
        }
        try (SSLSocket tls11 = socket(client, s, "TLSv1.1", null)) {
            assertThatThrownBy(tls11::startHandshake).as("TLS 1.1").isInstanceOf(SSLException.class);
        }
        try (SSLSocket cbc = socket(client, s, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")) {
            assertThatThrownBy(cbc::startHandshake).as("CBC with SHA-1").isInstanceOf(SSLException.class);
        }
    }

    /**
     * The JDK client cannot offer TLS 1.1 (its own java.security disables it), so OpenSSL's
     * s_client, allowed to at security level 0, checks that the server itself refuses it.
     */
    @Test
    void theServerItselfRefusesTls11AndCbcSuitesOfferedByOpenssl() throws Exception {
        if (!ExternalProgram.present("openssl", "apt-get install openssl", Path.of("/usr/bin/openssl"))) {
            return;
        }
        StandaloneServer s = start(Map.of(), "--port", "off", "--https-port", "0",
                "--tls-cert", ec.certPem().toString(), "--tls-key", ec.keyPem().toString());

        Result tls12 = openssl(s, "-tls1_2");
        Result tls11 = openssl(s, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        Result cbc = openssl(s, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0");

        assertThat(tls12.status).as(tls12.output).isZero();
        assertThat(tls12.output).contains("Protocol  : TLSv1.2").contains("Cipher    : ECDHE-ECDSA-AES");
        assertThat(tls11.status).as(tls11.output).isNotZero();
        assertThat(tls11.output).as("the client hello was sent").containsPattern("written [1-9]\\d* bytes")
                .contains("SSL handshake has read 0 bytes", "Cipher is (NONE)");
        assertThat(cbc.status).as(cbc.output).isNotZero();
        assertThat(cbc.output).containsPattern("written [1-9]\\d* bytes")
                .contains("SSL handshake has read 0 bytes", "Cipher is (NONE)");
    }

    private record Result(int status, String output) {
    }

    private static Result openssl(StandaloneServer s, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openssl", "s_client", "-connect",
                "127.0.0.1:" + s.httpsPort()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static SSLSocket socket(SSLContext client, StandaloneServer s, String protocol, String suite)
            throws Exception {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", s.httpsPort());
        socket.setSoTimeout(20_000);
        socket.setEnabledProtocols(new String[] {protocol});
        if (suite != null) {
            socket.setEnabledCipherSuites(new String[] {suite});
        }
        return socket;
    }

    @Test
    void theStartLineNamesBothListenersAndTheCertificateAndWarnsWhenItExpiresSoon() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        toClose.add(() -> app.stop(0));
        Instant notAfter = rsa.cert().getNotAfter().toInstant();
        Clock clock = Clock.fixed(notAfter.minus(Duration.ofDays(3)), ZoneOffset.UTC);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneServer.run(new String[] {"--host", "127.0.0.1", "--port", "0", "--https-port", "0",
                    "--tls-cert", rsa.certPem().toString(), "--tls-key", rsa.keyPem().toString(),
                    "--stop-when-healthy", "http://127.0.0.1:" + app.getAddress().getPort() + "/health",
                    "--health-interval", "100ms", "--health-successes", "1"},
                        Map.of(), out, new PrintStream(err, true, StandardCharsets.UTF_8), clock);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).matches("Maintenance page server listening on http://127\\.0\\.0\\.1:\\d+ and "
                + "https://127\\.0\\.0\\.1:\\d+ \\(pid \\d+, status 503, languages [a-z,]+; certificate "
                + "CN=127\\.0\\.0\\.1,O=maintenance test, expires " + notAfter + "\\)");
        assertThat(lines[1]).isEqualTo("WARNING: the certificate CN=127.0.0.1,O=maintenance test expires at "
                + notAfter + ", in 3 days");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
