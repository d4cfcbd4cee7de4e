package io.github.maintenance.standalone;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The server side of TLS for a {@link TlsMaterial}: an {@link SSLContext} holding its key and
 * chain, and the {@link SSLParameters} every connection gets: TLS 1.3 and 1.2 only; of the JDK's
 * enabled cipher suites only the TLS 1.3 suites and, for TLS 1.2, ECDHE key exchange with an AEAD
 * cipher (AES-GCM, ChaCha20-Poly1305), so never RSA key exchange, CBC, SHA-1 MACs, 3DES, RC4,
 * NULL, anonymous or export suites; the server's order of preference wins; no client certificates.
 *
 * <p>Immutable and thread-safe; {@link #parameters()} returns a new copy each time.
 */
public final class TlsSettings {

    /** The protocol versions offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The TLS 1.2 suites kept: forward-secret key exchange and an AEAD cipher. */
    private static final Pattern TLS12_SUITE =
            Pattern.compile("TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");
    /** The TLS 1.3 suites: all are AEAD with forward secrecy. */
    private static final Pattern TLS13_SUITE = Pattern.compile("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");

    private final SSLContext context;
    private final String[] suites;

    private TlsSettings(SSLContext context, String[] suites) {
        this.context = context;
        this.suites = suites;
    }

    /**
     * Builds the context for a server with this material.
     *
     * @param material the key and certificate chain
     * @return the settings
     * @throws GeneralSecurityException when the JDK has no TLS, or none of the allowed protocols or
     *                                  cipher suites is enabled (see {@code jdk.tls.disabledAlgorithms})
     */
    public static TlsSettings of(TlsMaterial material) throws GeneralSecurityException {
        char[] password = new char[16];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        store.setKeyEntry("server", material.privateKey(), password,
                material.chain().toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        String[] suites = suites(context.getDefaultSSLParameters().getCipherSuites());
        if (suites.length == 0) {
            throw new GeneralSecurityException("none of the allowed cipher suites is enabled in this JDK");
        }
        List<String> enabled = List.of(context.getDefaultSSLParameters().getProtocols());
        if (PROTOCOLS.stream().noneMatch(enabled::contains)) {
            throw new GeneralSecurityException("neither TLS 1.3 nor TLS 1.2 is enabled in this JDK");
        }
        return new TlsSettings(context, suites);
    }

    /**
     * Keeps the allowed suites of those given, TLS 1.3 suites first, otherwise in the given order.
     *
     * @param enabled the JDK's enabled suites, in its order of preference
     * @return the allowed ones
     */
    static String[] suites(String[] enabled) {
        List<String> out = new ArrayList<>();
        for (String s : enabled) {
            if (TLS13_SUITE.matcher(s).matches() || TLS12_SUITE.matcher(s).matches()) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> TLS13_SUITE.matcher(s).matches() ? 0 : 1));
        return out.toArray(String[]::new);
    }

    /**
     * The context, for an {@code HttpsServer} or an {@code SSLServerSocket}/{@code SSLEngine}.
     *
     * @return the server context with the material's key
     */
    public SSLContext context() {
        return context;
    }

    /**
     * The parameters to apply to every connection.
     *
     * @return a new copy: {@link #PROTOCOLS}, the allowed suites, server order, no client certificates
     */
    public SSLParameters parameters() {
        SSLParameters p = new SSLParameters(suites.clone(), PROTOCOLS.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        return p;
    }

    /**
     * The cipher suites offered.
     *
     * @return the allowed suites, in the server's order of preference
     */
    public List<String> cipherSuites() {
        return List.of(suites);
    }
}
