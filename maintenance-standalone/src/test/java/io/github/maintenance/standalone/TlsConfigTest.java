package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS options: what they accept, and the clear refusals of bad material. */
class TlsConfigTest {

    private static final ClassLoader LOADER = TlsConfigTest.class.getClassLoader();

    @TempDir
    static Path dir;
    private static TestCertificates.Identity rsa;
    private static TestCertificates.Identity otherRsa;
    private static TestCertificates.Identity ec;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = TestCertificates.generate(dir, "rsa", "RSA");
        otherRsa = TestCertificates.generate(dir, "other", "RSA");
        ec = TestCertificates.generate(dir, "ec", "EC");
    }

    private static StandaloneConfig parse(Map<String, String> env, String... args) throws Exception {
        return StandaloneConfig.parse(env, args, LOADER);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String... args) {
        return assertThatThrownBy(() -> parse(Map.of(), args)).isInstanceOf(StandaloneConfig.UsageException.class);
    }

    private static String[] pem(Path cert, Path key) {
        return new String[] {"--https-port", "8443", "--tls-cert", cert.toString(), "--tls-key", key.toString()};
    }

    private static Path random(String name, String type) throws Exception {
        byte[] bytes = new byte[300];
        new SecureRandom().nextBytes(bytes);
        return TestCertificates.write(dir.resolve(name), type, bytes);
    }

    @Test
    void everyOptionFromTheEnvironment() throws Exception {
        StandaloneConfig pemConfig = parse(Map.of("MAINTENANCE_HTTPS_PORT", "8443",
                "MAINTENANCE_TLS_CERT", ec.certPem().toString(), "MAINTENANCE_TLS_KEY", ec.keyPem().toString()));
        StandaloneConfig p12 = parse(Map.of("MAINTENANCE_PORT", "OFF", "MAINTENANCE_HTTPS_PORT", "443",
                "MAINTENANCE_TLS_KEYSTORE", rsa.keystore().toString(),
                "MAINTENANCE_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD));

        assertThat(pemConfig.port()).isEqualTo(8080);
        assertThat(pemConfig.httpsPort()).isEqualTo(8443);
        assertThat(pemConfig.tls().privateKey()).isEqualTo(ec.key());
        assertThat(pemConfig.tls().chain()).containsExactly(ec.cert());
        assertThat(pemConfig.tls().subject()).isEqualTo("CN=127.0.0.1,O=maintenance test");
        assertThat(p12.port()).isEqualTo(StandaloneConfig.OFF);
        assertThat(p12.httpsPort()).isEqualTo(443);
        assertThat(p12.tls().leaf()).isEqualTo(rsa.cert());
        assertThat(parse(Map.of()).https()).as("HTTPS is off by default").isFalse();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        refused(pem(rsa.certPem(), otherRsa.keyPem())).hasMessageStartingWith("--tls-key: the private key in ")
                .hasMessageContaining("does not belong to the certificate CN=127.0.0.1,O=maintenance test");
        refused(pem(rsa.certPem(), ec.keyPem())).hasMessageContaining("does not belong");
    }

    @Test
    void pkcs1AndEncryptedKeysAreRefusedWithTheCommandThatConvertsThem() throws Exception {
        Path pkcs1 = TestCertificates.write(dir.resolve("pkcs1.pem"), "RSA PRIVATE KEY",
                TestCertificates.pkcs1(rsa.key()));
        Path encrypted = random("encrypted.pem", "ENCRYPTED PRIVATE KEY");

        refused(pem(rsa.certPem(), pkcs1)).hasMessageStartingWith("--tls-key: " + pkcs1 + " holds a PKCS#1 key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        refused(pem(rsa.certPem(), encrypted)).hasMessageContaining("holds an encrypted key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void garbageAndMissingFilesAreRefusedNamingTheOption() throws Exception {
        Path text = Files.writeString(dir.resolve("garbage.txt"), "this is not PEM\n");
        Path badCert = random("bad-cert.pem", "CERTIFICATE");
        Path badKey = random("bad-key.pem", "PRIVATE KEY");
        Path missing = dir.resolve("missing.pem");

        refused(pem(text, rsa.keyPem())).hasMessage("--tls-cert: " + text
                + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        refused(pem(rsa.certPem(), text)).hasMessage("--tls-key: " + text
                + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        refused(pem(badCert, rsa.keyPem())).hasMessageStartingWith("--tls-cert: " + badCert + " holds a damaged certificate");
        refused(pem(rsa.certPem(), badKey)).hasMessage("--tls-key: " + badKey
                + " holds a PKCS#8 key that is neither RSA nor EC, or is damaged");
        refused(pem(missing, rsa.keyPem())).hasMessage("--tls-cert: no such file: " + missing);
        refused(pem(rsa.certPem(), dir)).hasMessage("--tls-key: no such file: " + dir);
        refused("--https-port", "443", "--tls-keystore", text.toString(), "--tls-keystore-password", "x")
                .hasMessageStartingWith("--tls-keystore: " + text + " is not a PKCS#12 key store");
    }

    @Test
    void aWrongKeyStorePasswordIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> parse(Map.of("MAINTENANCE_TLS_KEYSTORE_PASSWORD", "wrong-secret-0815"),
                "--https-port", "443", "--tls-keystore", rsa.keystore().toString()))
                .isInstanceOf(StandaloneConfig.UsageException.class)
                .hasMessageStartingWith("--tls-keystore: ")
                .hasMessageContaining("password")
                .hasMessageNotContaining("wrong-secret-0815");
    }

    @Test
    void httpsNeedsItsMaterialAndTheMaterialNeedsHttps() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("pw"), "secret\n");
        refused("--https-port", "443").hasMessage("--https-port: HTTPS needs --tls-cert and --tls-key (PEM), "
                + "or --tls-keystore (PKCS#12)");
        refused("--tls-cert", rsa.certPem().toString(), "--tls-key", rsa.keyPem().toString())
                .hasMessage("--tls-cert: only used with --https-port (or MAINTENANCE_HTTPS_PORT)");
        assertThatThrownBy(() -> parse(Map.of("MAINTENANCE_TLS_KEYSTORE", rsa.keystore().toString())))
                .hasMessage("MAINTENANCE_TLS_KEYSTORE: only used with --https-port (or MAINTENANCE_HTTPS_PORT)");
        refused("--https-port", "443", "--tls-cert", rsa.certPem().toString())
                .hasMessage("--tls-cert: needs --tls-key (or MAINTENANCE_TLS_KEY), the private key");
        refused("--https-port", "443", "--tls-key", rsa.keyPem().toString())
                .hasMessage("--tls-key: needs --tls-cert (or MAINTENANCE_TLS_CERT), the certificate chain");
        refused("--https-port", "443", "--tls-keystore", rsa.keystore().toString())
                .hasMessage("--tls-keystore: needs its password: MAINTENANCE_TLS_KEYSTORE_PASSWORD or "
                        + "--tls-keystore-password-file");
        refused("--https-port", "443", "--tls-keystore", rsa.keystore().toString(), "--tls-cert",
                rsa.certPem().toString(), "--tls-keystore-password", "x")
                .hasMessageContaining("give either --tls-cert and --tls-key (PEM) or --tls-keystore (PKCS#12), not both");
        refused("--https-port", "443", "--tls-keystore", rsa.keystore().toString(), "--tls-keystore-password", "x",
                "--tls-keystore-password-file", passwordFile.toString()).hasMessageContaining("not both");
        refused("--https-port", "443", "--tls-cert", rsa.certPem().toString(), "--tls-key", rsa.keyPem().toString(),
                "--tls-keystore-password-file", passwordFile.toString())
                .hasMessage("--tls-keystore-password-file: only used with --tls-keystore");
        refused("--port", "off").hasMessage("--port: HTTP can only be off when HTTPS is on (--https-port), got 'off'");
        refused("--port", "8443", "--https-port", "8443", "--tls-cert", rsa.certPem().toString(), "--tls-key",
                rsa.keyPem().toString()).hasMessage("--https-port: HTTP and HTTPS need different ports, got '8443'");
        refused("--https-port", "99999").hasMessage("--https-port: expected a number from 0 to 65535, got '99999'");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedOneExpiringSoonWarned() throws Exception {
        Instant notAfter = rsa.cert().getNotAfter().toInstant();
        Instant notBefore = rsa.cert().getNotBefore().toInstant();
        String[] args = pem(rsa.certPem(), rsa.keyPem());

        assertThatThrownBy(() -> StandaloneConfig.parse(Map.of(), args, LOADER,
                Clock.fixed(notAfter.plusSeconds(1), ZoneOffset.UTC)))
                .hasMessage("--tls-cert: the certificate CN=127.0.0.1,O=maintenance test expired at " + notAfter
                        + "; renew it (certbot renew) or give the renewed files");
        assertThatThrownBy(() -> StandaloneConfig.parse(Map.of(), args, LOADER,
                Clock.fixed(notBefore.minusSeconds(1), ZoneOffset.UTC)))
                .hasMessageContaining("is not valid before " + notBefore);
        TlsMaterial material = StandaloneConfig.parse(Map.of(), args, LOADER,
                Clock.fixed(notAfter.minus(Duration.ofDays(10)), ZoneOffset.UTC)).tls();
        assertThat(material.checkValidity(notAfter.minus(Duration.ofDays(10)))).endsWith("in 10 days");
        assertThat(material.checkValidity(notAfter.minus(Duration.ofDays(15)))).isNull();
    }

    @Test
    void badMaterialExitsWithTheUsageStatus() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(pem(rsa.certPem(), otherRsa.keyPem())));

        int status = StandaloneServer.run(args.toArray(String[]::new), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(StandaloneServer.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("maintenance-standalone: --tls-key: the private key")
                .endsWith("Try --help.\n");
    }

    @Test
    void onlyForwardSecretAeadSuitesTls13First() {
        String[] kept = TlsSettings.suites(new String[] {
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
            "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "TLS_ECDHE_RSA_WITH_NULL_SHA", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"});

        assertThat(kept).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void theParametersOfferTls13And12InServerOrder() throws Exception {
        TlsSettings settings = TlsSettings.of(TlsMaterial.fromPem(ec.certPem(), ec.keyPem()));

        assertThat(settings.parameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(settings.parameters().getUseCipherSuitesOrder()).isTrue();
        assertThat(settings.parameters().getNeedClientAuth()).isFalse();
        assertThat(settings.cipherSuites()).isNotEmpty()
                .allMatch(s -> s.matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM|CHACHA20).*"));
        assertThat(settings.context().getProtocol()).isEqualTo("TLS");
    }
}
