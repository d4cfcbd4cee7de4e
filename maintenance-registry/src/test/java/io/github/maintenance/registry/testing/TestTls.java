package io.github.maintenance.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key pair for {@code localhost}/{@code 127.0.0.1}, made by the JDK's own
 * {@code keytool} into a PKCS12 file, and the server and client {@link SSLContext}s built from it.
 */
public final class TestTls {

    public static final char[] PASSWORD = "changeit".toCharArray();

    private final Path keyStore;
    private final Path trustStore;

    private TestTls(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** Generates the key pair in {@code dir} (keystore.p12, and truststore.p12 holding the certificate only). */
    public static TestTls generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path ks = dir.resolve("keystore.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass",
                new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        KeyStore keys = load(ks);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, PASSWORD);
        trust.setCertificateEntry("registry", keys.getCertificate("registry"));
        Path ts = dir.resolve("truststore.p12");
        try (var out = Files.newOutputStream(ts)) {
            trust.store(out, PASSWORD);
        }
        return new TestTls(ks, ts);
    }

    public Path keyStore() {
        return keyStore;
    }

    public Path trustStore() {
        return trustStore;
    }

    /** A server context with the key pair. */
    public SSLContext server() throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context trusting only this certificate. */
    public SSLContext client() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }
}
