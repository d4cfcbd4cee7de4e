package io.github.maintenance.standalone;

import io.github.maintenance.standalone.StandaloneConfig.Option;
import io.github.maintenance.standalone.StandaloneConfig.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code --tls-*} options into a {@link TlsMaterial}: PEM files or a PKCS#12 key store,
 * only together with {@code --https-port}. A refusal names the variable or flag it comes from; the
 * key store's password never appears in a message.
 */
final class TlsOptions {

    private static final List<Option> ALL = List.of(Option.TLS_CERT, Option.TLS_KEY, Option.TLS_KEYSTORE,
            Option.TLS_KEYSTORE_PASSWORD, Option.TLS_KEYSTORE_PASSWORD_FILE);

    private final Map<Option, String> values;
    private final Map<Option, String> source;

    TlsOptions(Map<Option, String> values, Map<Option, String> source) {
        this.values = values;
        this.source = source;
    }

    /**
     * The material, or {@code null} without HTTPS.
     *
     * @param https whether an HTTPS port is set
     * @param clock judges the certificate's dates
     */
    TlsMaterial material(boolean https, Clock clock) throws UsageException {
        if (!https) {
            for (Option o : ALL) {
                if (values.containsKey(o)) {
                    throw new UsageException(source.get(o) + ": only used with " + Option.HTTPS_PORT.flag()
                            + " (or " + Option.HTTPS_PORT.env() + ")");
                }
            }
            return null;
        }
        boolean pem = values.containsKey(Option.TLS_CERT) || values.containsKey(Option.TLS_KEY);
        boolean keystore = values.containsKey(Option.TLS_KEYSTORE);
        if (pem && keystore) {
            throw new UsageException(source.get(Option.TLS_KEYSTORE) + ": give either " + Option.TLS_CERT.flag()
                    + " and " + Option.TLS_KEY.flag() + " (PEM) or " + Option.TLS_KEYSTORE.flag() + " (PKCS#12), not both");
        }
        if (!pem && !keystore) {
            throw new UsageException(source.get(Option.HTTPS_PORT) + ": HTTPS needs " + Option.TLS_CERT.flag() + " and "
                    + Option.TLS_KEY.flag() + " (PEM), or " + Option.TLS_KEYSTORE.flag() + " (PKCS#12)");
        }
        TlsMaterial material;
        try {
            material = pem ? pem() : keystore();
            material.checkValidity(clock.instant());
        } catch (TlsMaterial.BadMaterial e) {
            Option o = switch (e.part()) {
                case CERTIFICATE -> keystore ? Option.TLS_KEYSTORE : Option.TLS_CERT;
                case KEY -> Option.TLS_KEY;
                case KEYSTORE -> Option.TLS_KEYSTORE;
            };
            throw new UsageException(source.get(o) + ": " + e.getMessage());
        }
        return material;
    }

    private TlsMaterial pem() throws UsageException, TlsMaterial.BadMaterial {
        for (Option o : List.of(Option.TLS_KEYSTORE_PASSWORD, Option.TLS_KEYSTORE_PASSWORD_FILE)) {
            if (values.containsKey(o)) {
                throw new UsageException(source.get(o) + ": only used with " + Option.TLS_KEYSTORE.flag());
            }
        }
        if (!values.containsKey(Option.TLS_CERT)) {
            throw new UsageException(source.get(Option.TLS_KEY) + ": needs " + Option.TLS_CERT.flag() + " (or "
                    + Option.TLS_CERT.env() + "), the certificate chain");
        }
        if (!values.containsKey(Option.TLS_KEY)) {
            throw new UsageException(source.get(Option.TLS_CERT) + ": needs " + Option.TLS_KEY.flag() + " (or "
                    + Option.TLS_KEY.env() + "), the private key");
        }
        return TlsMaterial.fromPem(Path.of(values.get(Option.TLS_CERT)), Path.of(values.get(Option.TLS_KEY)));
    }

    private TlsMaterial keystore() throws UsageException, TlsMaterial.BadMaterial {
        boolean inline = values.containsKey(Option.TLS_KEYSTORE_PASSWORD);
        boolean file = values.containsKey(Option.TLS_KEYSTORE_PASSWORD_FILE);
        if (inline && file) {
            throw new UsageException(source.get(Option.TLS_KEYSTORE_PASSWORD_FILE) + ": give either "
                    + Option.TLS_KEYSTORE_PASSWORD.flag() + " or " + Option.TLS_KEYSTORE_PASSWORD_FILE.flag()
                    + ", not both");
        }
        if (!inline && !file) {
            throw new UsageException(source.get(Option.TLS_KEYSTORE) + ": needs its password: "
                    + Option.TLS_KEYSTORE_PASSWORD.env() + " or " + Option.TLS_KEYSTORE_PASSWORD_FILE.flag());
        }
        char[] password = inline ? values.get(Option.TLS_KEYSTORE_PASSWORD).toCharArray() : passwordFile();
        return TlsMaterial.fromPkcs12(Path.of(values.get(Option.TLS_KEYSTORE)), password);
    }

    private char[] passwordFile() throws UsageException {
        Path path = Path.of(values.get(Option.TLS_KEYSTORE_PASSWORD_FILE));
        String what = source.get(Option.TLS_KEYSTORE_PASSWORD_FILE) + ": ";
        if (!Files.isRegularFile(path)) {
            throw new UsageException(what + "no such file: " + path);
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(what + "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new UsageException(what + path + " is empty: the password is its first line");
        }
        return line.toCharArray();
    }
}
