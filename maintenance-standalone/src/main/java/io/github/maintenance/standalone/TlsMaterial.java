package io.github.maintenance.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's TLS identity, loaded with the JDK only: its private key (RSA or EC) and its
 * certificate chain, leaf first. From PEM files ({@link #fromPem}: the chain as
 * {@code BEGIN CERTIFICATE} blocks, the key as unencrypted PKCS#8 {@code BEGIN PRIVATE KEY}) or
 * from a PKCS#12 key store ({@link #fromPkcs12}). Loading checks that the key belongs to the
 * leaf certificate; {@link #checkValidity} checks its dates. {@link TlsSettings} turns it into an
 * {@code SSLContext}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsMaterial {

    /** A certificate expiring sooner than this gets a warning at start. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    /** Which input a {@link BadMaterial} is about, so that the caller can name its option. */
    public enum Part {
        /** The PEM certificate chain file. */
        CERTIFICATE,
        /** The PEM private key file. */
        KEY,
        /** The PKCS#12 key store (or its password). */
        KEYSTORE
    }

    /** Unusable TLS material: the message says what is wrong and how to mend it. */
    public static final class BadMaterial extends Exception {
        private static final long serialVersionUID = 1L;

        /** Which input is wrong. */
        private final Part part;

        BadMaterial(Part part, String message) {
            super(message);
            this.part = part;
        }

        /**
         * Which input is wrong.
         *
         * @return the certificate, the key or the key store
         */
        public Part part() {
            return part;
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem";

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private TlsMaterial(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /**
     * Loads PEM files: the certificate chain (leaf first, as Let's Encrypt's {@code fullchain.pem})
     * and the unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}, RSA or EC). PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted keys are
     * refused with the {@code openssl pkcs8} command that converts them.
     *
     * @param certificate the certificate chain file
     * @param key         the private key file
     * @return the material, its key checked against the leaf certificate
     * @throws BadMaterial naming the file and the problem
     */
    public static TlsMaterial fromPem(Path certificate, Path key) throws BadMaterial {
        List<X509Certificate> chain = new ArrayList<>();
        for (Block b : blocks(read(Part.CERTIFICATE, certificate))) {
            if (b.type.equals("CERTIFICATE")) {
                chain.add(certificate(Part.CERTIFICATE, b.der(Part.CERTIFICATE, certificate), certificate));
            }
        }
        if (chain.isEmpty()) {
            throw new BadMaterial(Part.CERTIFICATE, certificate + " holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        return checked(Part.KEY, privateKey(key), chain, key);
    }

    /**
     * Loads the first private key entry of a PKCS#12 key store, whose key has the store's password.
     *
     * @param keystore the {@code .p12} file
     * @param password its password
     * @return the material, its key checked against the leaf certificate
     * @throws BadMaterial naming the file and the problem (never the password)
     */
    public static TlsMaterial fromPkcs12(Path keystore, char[] password) throws BadMaterial {
        byte[] bytes = bytes(Part.KEYSTORE, keystore);
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new java.io.ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            boolean password1 = e.getCause() instanceof UnrecoverableKeyException;
            throw new BadMaterial(Part.KEYSTORE, password1 ? "wrong password for the PKCS#12 key store " + keystore
                    : keystore + " is not a PKCS#12 key store, or the password is wrong");
        } catch (GeneralSecurityException e) {
            throw new BadMaterial(Part.KEYSTORE, "cannot read the PKCS#12 key store " + keystore + ": " + e.getMessage());
        }
        try {
            for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Certificate[] certs = ks.getCertificateChain(alias);
                if (certs == null || certs.length == 0) {
                    continue;
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : certs) {
                    chain.add((X509Certificate) c);
                }
                if (!(ks.getKey(alias, password) instanceof PrivateKey pk)) {
                    continue;
                }
                return checked(Part.KEYSTORE, pk, chain, keystore);
            }
        } catch (UnrecoverableKeyException e) {
            throw new BadMaterial(Part.KEYSTORE, "the key in " + keystore + " has another password than the store");
        } catch (GeneralSecurityException e) {
            throw new BadMaterial(Part.KEYSTORE, "cannot read the PKCS#12 key store " + keystore + ": " + e.getMessage());
        }
        throw new BadMaterial(Part.KEYSTORE, keystore + " holds no private key with a certificate chain");
    }

    /**
     * The private key.
     *
     * @return the key, RSA or EC
     */
    public PrivateKey privateKey() {
        return key;
    }

    /**
     * The certificate chain.
     *
     * @return the certificates, leaf first
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * The server's own certificate.
     *
     * @return the first of the chain
     */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * The leaf certificate's subject, for the log.
     *
     * @return its distinguished name in RFC 2253 form, such as {@code CN=shop.example}
     */
    public String subject() {
        return leaf().getSubjectX500Principal().getName();
    }

    /**
     * The end of the leaf certificate's validity.
     *
     * @return its {@code notAfter}
     */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /**
     * Checks the leaf certificate's dates.
     *
     * @param now the current time
     * @return a warning when it expires within {@link #EXPIRY_WARNING}, otherwise {@code null}
     * @throws BadMaterial when it has expired or is not valid yet
     */
    public String checkValidity(Instant now) throws BadMaterial {
        Part part = Part.CERTIFICATE;
        if (now.isAfter(notAfter())) {
            throw new BadMaterial(part, "the certificate " + subject() + " expired at " + notAfter()
                    + "; renew it (certbot renew) or give the renewed files");
        }
        Instant notBefore = leaf().getNotBefore().toInstant();
        if (now.isBefore(notBefore)) {
            throw new BadMaterial(part, "the certificate " + subject() + " is not valid before " + notBefore);
        }
        Duration left = Duration.between(now, notAfter());
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            return "the certificate " + subject() + " expires at " + notAfter() + ", in " + left.toDays()
                    + (left.toDays() == 1 ? " day" : " days");
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------

    private static TlsMaterial checked(Part part, PrivateKey key, List<X509Certificate> chain, Path file)
            throws BadMaterial {
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new BadMaterial(part, "the private key in " + file + " does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName()
                    + " (the first certificate of the chain must be the server's own)");
        }
        return new TlsMaterial(key, chain);
    }

    /** Whether a signature made with the key verifies with the public key. */
    private static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "maintenance-standalone key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey privateKey(Path file) throws BadMaterial {
        String text = read(Part.KEY, file);
        for (Block b : blocks(text)) {
            switch (b.type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(Part.KEY, file), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new BadMaterial(Part.KEY, file
                        + " holds an encrypted key (BEGIN ENCRYPTED PRIVATE KEY), which the server cannot use "
                        + "without a password; " + CONVERT + " (keep key.pem readable only by the server)");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new BadMaterial(Part.KEY, file + " holds a "
                        + (b.type.startsWith("RSA") ? "PKCS#1" : "SEC1") + " key (BEGIN " + b.type
                        + (b.body.contains("ENCRYPTED") ? ", encrypted" : "") + "); the server needs PKCS#8 "
                        + "(BEGIN PRIVATE KEY): " + CONVERT);
                default -> {
                    // EC PARAMETERS and the like: skip
                }
            }
        }
        throw new BadMaterial(Part.KEY, file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws BadMaterial {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next
            } catch (GeneralSecurityException e) {
                throw new BadMaterial(Part.KEY, "cannot read the key in " + file + ": " + e.getMessage());
            }
        }
        throw new BadMaterial(Part.KEY, file + " holds a PKCS#8 key that is neither RSA nor EC, or is damaged");
    }

    private static X509Certificate certificate(Part part, byte[] der, Path file) throws BadMaterial {
        try (InputStream in = new java.io.ByteArrayInputStream(der)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | IOException e) {
            throw new BadMaterial(part, file + " holds a damaged certificate: " + e.getMessage());
        }
    }

    private static String read(Part part, Path file) throws BadMaterial {
        return new String(bytes(part, file), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(Part part, Path file) throws BadMaterial {
        if (!Files.isRegularFile(file)) {
            throw new BadMaterial(part, "no such file: " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadMaterial(part, "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** One PEM block: its type ({@code CERTIFICATE}) and its text between the markers. */
    private record Block(String type, String body) {
        byte[] der(Part part, Path file) throws BadMaterial {
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\r?\n")) {
                String l = line.strip();
                if (!l.isEmpty() && l.indexOf(':') < 0) {
                    base64.append(l);
                }
            }
            try {
                return Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new BadMaterial(part, file + ": bad PEM (the " + type + " block is not Base64)");
            }
        }
    }

    private static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            out.add(new Block(m.group(1), m.group(2)));
        }
        return Collections.unmodifiableList(out);
    }
}
