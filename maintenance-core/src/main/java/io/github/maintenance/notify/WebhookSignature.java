package io.github.maintenance.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook messages the way the Standard Webhooks convention does, so that its
 * receiver libraries accept them:
 * <ul>
 *   <li>header {@value #ID_HEADER}: the message id, the same across retries;</li>
 *   <li>header {@value #TIMESTAMP_HEADER}: when the attempt was made, in Unix seconds;</li>
 *   <li>header {@value #SIGNATURE_HEADER}: {@code v1,} followed by the Base64 HMAC-SHA256 of
 *       {@code id + "." + timestamp + "." + body} (several space-separated signatures may be
 *       present; one valid is enough).</li>
 * </ul>
 * The key is the secret's UTF-8 bytes, or, for a secret written {@code whsec_<base64>} (the form
 * Standard Webhooks generates), the Base64-decoded bytes after the prefix.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookSignature {

    /** The header carrying the message id. */
    public static final String ID_HEADER = "webhook-id";
    /** The header carrying the attempt's time in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The header carrying the signature(s). */
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a timestamp may be from the receiver's clock by default: five minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    private WebhookSignature(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * A signer for {@code secret}.
     *
     * @param secret the shared secret: any non-empty text, or {@code whsec_<base64>}
     * @return the signer
     * @throws IllegalArgumentException when the secret is empty or a {@code whsec_} secret is not Base64
     */
    public static WebhookSignature of(String secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] key;
        if (secret.startsWith(PREFIX)) {
            try {
                key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook secret starting with " + PREFIX + " must continue in Base64");
            }
        } else {
            key = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the webhook secret must not be empty");
        }
        return new WebhookSignature(key);
    }

    /**
     * The value of the {@value #SIGNATURE_HEADER} header for one attempt.
     *
     * @param id        the message id
     * @param timestamp the attempt's time in Unix seconds
     * @param body      the request body
     * @return {@code v1,<base64 signature>}
     */
    public String sign(String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, Long.toString(timestamp), body));
    }

    /**
     * Checks a received message: the timestamp is within {@code tolerance} of {@code now} and one
     * of the {@code v1} signatures of the header matches (compared in constant time).
     *
     * @param id              the {@value #ID_HEADER} header, or {@code null} when missing
     * @param timestamp       the {@value #TIMESTAMP_HEADER} header, or {@code null} when missing
     * @param body            the raw request body
     * @param signatureHeader the {@value #SIGNATURE_HEADER} header, or {@code null} when missing
     * @param now             the receiver's time
     * @param tolerance       how far the timestamp may be from {@code now}, either way
     * @return whether the message is authentic and fresh
     */
    public boolean verify(String id, String timestamp, byte[] body, String signatureHeader, Instant now,
                          Duration tolerance) {
        if (id == null || timestamp == null || signatureHeader == null || body == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(id, timestamp.trim(), body);
        for (String part : signatureHeader.trim().split(" +")) {
            if (part.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(part.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Shorthand for {@code of(secret).verify(id, timestamp, body, signatureHeader, now, DEFAULT_TOLERANCE)},
     * for receivers.
     *
     * @param secret          the shared secret
     * @param id              the {@value #ID_HEADER} header, or {@code null}
     * @param timestamp       the {@value #TIMESTAMP_HEADER} header, or {@code null}
     * @param body            the raw request body
     * @param signatureHeader the {@value #SIGNATURE_HEADER} header, or {@code null}
     * @param now             the receiver's time
     * @return whether the message is authentic and fresh
     */
    public static boolean verify(String secret, String id, String timestamp, byte[] body, String signatureHeader,
                                 Instant now) {
        return of(secret).verify(id, timestamp, body, signatureHeader, now, DEFAULT_TOLERANCE);
    }

    private byte[] mac(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[HMAC-SHA256]";
    }
}
