package io.github.maintenance.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for 127.0.0.1 (subject alternative name {@code ip:127.0.0.1}), made by
 * the JDK's {@code keytool} in a PKCS#12 key store and written out as PEM by this class (Base64 of
 * the DER with the PEM markers): no OpenSSL needed.
 */
final class TestCertificates {

    static final String PASSWORD = "store-secret-4711";

    /**
     * One generated identity.
     *
     * @param keystore the PKCS#12 file (password {@link #PASSWORD})
     * @param certPem  the certificate as PEM
     * @param keyPem   the private key as PKCS#8 PEM
     * @param cert     the certificate
     * @param key      the private key
     */
    record Identity(Path keystore, Path certPem, Path keyPem, X509Certificate cert, PrivateKey key) {

        /** A client context that trusts exactly this certificate. */
        SSLContext trustingClient() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        }
    }

    private TestCertificates() {
    }

    /**
     * Generates a key pair and a self-signed certificate with keytool.
     *
     * @param dir  where to write the files
     * @param name the files' base name
     * @param algorithm {@code RSA} or {@code EC}
     * @param validity extra keytool arguments for the dates ({@code -validity 30})
     */
    static Identity generate(Path dir, String name, String algorithm, String... validity) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", algorithm,
                "-dname", "CN=127.0.0.1, O=maintenance test", "-ext", "san=ip:127.0.0.1",
                "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        cmd.addAll(algorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        cmd.addAll(validity.length == 0 ? List.of("-validity", "30") : List.of(validity));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("server");
        PrivateKey key = (PrivateKey) ks.getKey("server", PASSWORD.toCharArray());
        Path certPem = write(dir.resolve(name + "-cert.pem"), "CERTIFICATE", cert.getEncoded());
        Path keyPem = write(dir.resolve(name + "-key.pem"), "PRIVATE KEY", key.getEncoded());
        return new Identity(p12, certPem, keyPem, cert, key);
    }

    /** Writes one PEM block, 64 characters a line. */
    static Path write(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, pem(type, der), StandardCharsets.US_ASCII);
        return file;
    }

    static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /**
     * The PKCS#1 {@code RSAPrivateKey} inside a PKCS#8 RSA key: the content of its final OCTET
     * STRING (PKCS#8: SEQUENCE { version, algorithm, OCTET STRING { PKCS#1 } }).
     */
    static byte[] pkcs1(PrivateKey rsa) {
        byte[] der = rsa.getEncoded();
        // 30 82 xx xx | 02 01 00 | 30 0d <rsaEncryption, NULL> | 04 82 xx xx | PKCS#1 ...
        int octet = 4 + 3 + 15;
        if (der[octet] != 0x04 || der[octet + 1] != (byte) 0x82) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        return Arrays.copyOfRange(der, octet + 4, der.length);
    }
}
