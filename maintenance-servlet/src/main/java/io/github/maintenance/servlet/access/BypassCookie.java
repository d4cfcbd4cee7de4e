package io.github.maintenance.servlet.access;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.route.Route;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bypass secret and the signed cookie it hands out, so that the team can use the application
 * while users see the maintenance page.
 *
 * <p>A request to the secret URL ({@code <path>/<secret>}, by default {@code /<secret>}) or with
 * the header {@value #HEADER}{@code : <secret>} gets a cookie that lets that browser through
 * maintenance, drain and an open circuit until it expires ({@link #DEFAULT_TTL}, 12 h).
 *
 * <p><b>Cookie format.</b> {@code 1.<expiry>.<mac>}: a format version, the expiry in epoch
 * seconds and {@code base64url(HMAC-SHA256(secret, "1.<expiry>"))}. Nothing is stored on the
 * server; changing the secret invalidates every cookie issued with the old one. A cookie whose
 * MAC does not verify, that has expired, whose expiry lies further ahead than the configured
 * lifetime (so that shortening it takes effect at once), or that is malformed is ignored: the
 * request is treated like any other. Secrets and MACs are compared in constant time.
 *
 * <p>The cookie is {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} when the request came
 * over HTTPS, and scoped to the application's context path.
 *
 * <p>Immutable and thread-safe (each verification works on its own {@link Mac}).
 */
public final class BypassCookie {

    /** The request header that carries the secret. */
    public static final String HEADER = "X-Maintenance-Bypass";
    /** Default cookie name. */
    public static final String DEFAULT_COOKIE_NAME = "maintenance_bypass";
    /** Default cookie lifetime. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    /** Default path under which the secret URL lies: {@code /<secret>}. */
    public static final String DEFAULT_PATH = "/";
    /** Shortest secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** Longest secret accepted. */
    public static final int MAX_SECRET_LENGTH = 256;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "1.";
    private static final int MAX_COOKIE_LENGTH = 96;
    private static final Duration MAX_TTL = Duration.ofDays(30);
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private static final String WINDOW_VERSION = "w1.";

    /** The static secret; {@code null} for a window's cookie, which has no URL of its own. */
    private final String secret;
    private final String pathPrefix;
    private final String cookieName;
    private final Duration ttl;
    private final byte[] key;
    private final String version;
    private final Mac prototype;

    private BypassCookie(String secret, String pathPrefix, String cookieName, Duration ttl, byte[] key,
            String version) {
        this.secret = secret;
        this.pathPrefix = pathPrefix;
        this.cookieName = cookieName;
        this.ttl = ttl;
        this.key = key;
        this.version = version;
        this.prototype = newMac(key);
    }

    /**
     * Validates and builds. Error messages never contain the secret.
     *
     * @param secret     16 to 256 characters, letters, digits and {@code - . _ ~} only
     * @param path       the path under which the secret URL lies ({@code /} for {@code /<secret>})
     * @param cookieName the cookie's name
     * @param ttl        the cookie's lifetime, 1 s to 30 days
     * @return the bypass, its HMAC-SHA256 key made from the secret
     * @throws MaintenanceException naming the setting and the rule
     */
    public static BypassCookie of(String secret, String path, String cookieName, Duration ttl) {
        if (secret == null || secret.isEmpty()) {
            throw MaintenanceErrors.invalidConfig("bypassSecret", "", "a secret is required");
        }
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            throw MaintenanceErrors.invalidConfig("bypassSecret", "(" + secret.length() + " characters, not shown)",
                    MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
                            + " characters; generate one with: openssl rand -hex 16");
        }
        for (int i = 0; i < secret.length(); i++) {
            if (!unreserved(secret.charAt(i))) {
                throw MaintenanceErrors.invalidConfig("bypassSecret", "(not shown)",
                        "only letters, digits and - . _ ~ (it appears in a URL); character " + (i + 1) + " is not");
            }
        }
        String prefix;
        try {
            prefix = Route.normalizePath(path == null ? DEFAULT_PATH : path.trim());
        } catch (MaintenanceException e) {
            throw MaintenanceErrors.invalidConfig("bypassPath", path, e.getMessage());
        }
        if (cookieName == null || cookieName.isEmpty() || cookieName.length() > 64 || !token(cookieName)) {
            throw MaintenanceErrors.invalidConfig("bypassCookieName", cookieName,
                    "1 to 64 letters, digits, '-' or '_'");
        }
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw MaintenanceErrors.invalidConfig("bypassTtl", ttl == null ? null : Durations.format(ttl), "1s to 30d");
        }
        return new BypassCookie(secret, prefix.equals("/") ? "/" : prefix + "/", cookieName, ttl,
                secret.getBytes(StandardCharsets.UTF_8), VERSION);
    }

    /**
     * The cookie handed out for a maintenance window's own secret
     * ({@link io.github.maintenance.WindowOptions#bypassSecretHash()}): format
     * {@code w1.<expiry>.<mac>}, its HMAC-SHA256 keyed with the window's secret hash, so that it
     * is valid only while a window has that very secret (a new secret invalidates it) and on
     * every instance sharing the state. Whoever can read the hash from the state store can make
     * such a cookie. It has no secret URL of its own: {@link #isSecretPath} and {@link #isSecret}
     * are always false.
     *
     * @param secretHash the window's secret hash, 64 lower-case hex digits
     * @param cookieName the cookie's name (that of the static bypass, so one browser holds one bypass cookie)
     * @param ttl        the cookie's lifetime
     * @return the window's bypass cookie
     * @throws MaintenanceException when the hash is malformed
     */
    public static BypassCookie forWindow(String secretHash, String cookieName, Duration ttl) {
        if (secretHash == null || !secretHash.matches("[0-9a-f]{64}")) {
            throw MaintenanceErrors.invalidConfig("bypassSecretHash", "…", "must be 64 lower-case hex digits");
        }
        byte[] key = ("maintenance-window-bypass:" + secretHash).getBytes(StandardCharsets.US_ASCII);
        return new BypassCookie(null, DEFAULT_PATH, cookieName, ttl, key, WINDOW_VERSION);
    }

    /** {@return the path under which the secret URL lies, with a trailing {@code /}} */
    public String pathPrefix() {
        return pathPrefix;
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new MaintenanceException("HMAC-SHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /**
     * {@return a bypass with the default path, cookie name and lifetime}
     *
     * @param secret 16 to 256 characters, letters, digits and {@code - . _ ~} only
     * @throws MaintenanceException when the secret breaks that rule (the message never contains it)
     */
    public static BypassCookie of(String secret) {
        return of(secret, DEFAULT_PATH, DEFAULT_COOKIE_NAME, DEFAULT_TTL);
    }

    /** {@return the cookie's name} */
    public String cookieName() {
        return cookieName;
    }

    /** {@return the cookie's lifetime} */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Whether {@code path} (within the application) is the secret URL. Compares the secret part
     * in constant time; no allocation.
     *
     * @param path the request path within the application
     * @return whether it is {@code <bypassPath>/<secret>}
     */
    public boolean isSecretPath(String path) {
        return secret != null && path.startsWith(pathPrefix) && constantTimeEquals(secret, path, pathPrefix.length());
    }

    /**
     * {@return whether {@code candidate} (a header value, say) is the secret; constant time, no allocation}
     *
     * @param candidate the value to compare, or {@code null} (never the secret)
     */
    public boolean isSecret(String candidate) {
        return secret != null && candidate != null && constantTimeEquals(secret, candidate, 0);
    }

    /**
     * {@return a fresh cookie value valid until {@code nowMillis} plus the lifetime}
     *
     * @param nowMillis the current time, epoch milliseconds
     */
    public String issue(long nowMillis) {
        long expiry = Math.floorDiv(nowMillis, 1000) + ttl.getSeconds();
        String payload = version + expiry;
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
    }

    /**
     * Whether a cookie value was issued with this secret and is still valid at {@code nowMillis}.
     * Anything malformed is simply not valid.
     *
     * @param value the cookie's value as received, or {@code null}
     * @param nowMillis the current time, epoch milliseconds
     * @return whether its signature matches and it expires after {@code nowMillis} and within the lifetime
     */
    public boolean isValid(String value, long nowMillis) {
        if (value == null || value.length() > MAX_COOKIE_LENGTH || !value.startsWith(version)) {
            return false;
        }
        int dot = value.indexOf('.', version.length());
        if (dot < 0 || dot == version.length() || dot - version.length() > 12) {
            return false;
        }
        long expiry = 0;
        for (int i = version.length(); i < dot; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            expiry = expiry * 10 + (c - '0');
        }
        // The signature as issued, compared as text: decoding would also take padded forms and other
        // spellings of the same bytes, so that one cookie had many valid values.
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac(value.substring(0, dot)))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        long now = Math.floorDiv(nowMillis, 1000);
        return expiry > now && expiry - now <= ttl.getSeconds();
    }

    /**
     * The {@code Set-Cookie} header value for a cookie value.
     *
     * @param cookiePath the application's context path ({@code /} for the root)
     * @param secure     whether the request came over HTTPS
     * @param nowMillis  the time the value was issued, for {@code Expires}
     * @param value      a value from {@link #issue(long)}
     * @return {@code name=value; Path=…; Max-Age=…; Expires=…; HttpOnly; SameSite=Lax}, plus {@code Secure} when secure
     */
    public String setCookieHeader(String value, String cookiePath, boolean secure, long nowMillis) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(cookieName).append('=').append(value)
                .append("; Path=").append(cookiePath)
                .append("; Max-Age=").append(ttl.getSeconds())
                .append("; Expires=").append(EXPIRES.format(Instant.ofEpochMilli(nowMillis).plus(ttl)))
                .append("; HttpOnly; SameSite=Lax");
        if (secure) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    private byte[] mac(String payload) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac(key);
        }
        return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Compares {@code expected} with {@code s} from {@code offset} to its end. The time taken
     * depends only on the length of {@code expected}.
     */
    static boolean constantTimeEquals(String expected, String s, int offset) {
        int n = expected.length();
        int m = s.length() - offset;
        int diff = n ^ m;
        for (int i = 0; i < n; i++) {
            int c = i < m ? s.charAt(offset + i) : 0;
            diff |= expected.charAt(i) ^ c;
        }
        return diff == 0;
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean token(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Describes the settings; the secret is never shown. */
    @Override
    public String toString() {
        if (secret == null) {
            return "window secret, cookie=" + cookieName + ", ttl=" + Durations.format(ttl);
        }
        return "url=" + pathPrefix + "<secret>, header=" + HEADER + ", cookie=" + cookieName + ", ttl="
                + Durations.format(ttl);
    }
}
