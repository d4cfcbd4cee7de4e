package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.MaintenanceErrors;
import io.github.maintenance.MaintenanceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's tokens while {@link DashboardSettings} are built: each secret once, unnamed or
 * with a name, the name being the actor the audit trail shows for changes made with it. Checks
 * every token as it is added and never puts a secret into a message. Not thread-safe; what
 * {@link #build()} returns is immutable.
 *
 * <p>Rules: a secret is visible ASCII without spaces or commas, at most
 * {@value DashboardSettings#MAX_TOKEN_LENGTH} characters; a name is 1 to {@value #MAX_NAME_LENGTH}
 * characters of {@code A-Z a-z 0-9 . _ -}. An unnamed secret given twice counts once; a name given
 * twice, or a named secret that is given again (named or not), is refused.
 */
final class DashboardTokens {

    /** The longest token name. */
    static final int MAX_NAME_LENGTH = 64;

    /**
     * One configured token.
     *
     * @param digest the SHA-256 digest of the secret
     * @param name   the name, {@code ""} for an unnamed token
     * @param length the length of the secret
     */
    record Token(byte[] digest, String name, int length) {
    }

    /** Secret to name ({@code ""} when unnamed), in the order given. */
    private final Map<String, String> bySecret = new LinkedHashMap<>();
    private final Map<String, String> byName = new LinkedHashMap<>();

    /**
     * Adds an unnamed token.
     *
     * @param secret the token
     * @param key    the init-parameter (or its description) named in errors
     * @throws MaintenanceException when the token breaks the rules or is already configured with a name
     */
    void add(String secret, String key) {
        checkSecret(secret, key, null);
        String name = bySecret.get(secret);
        if (name != null && !name.isEmpty()) {
            throw new MaintenanceException("invalid value for '" + key + "': a token is also configured with the name '"
                    + name + "'");
        }
        bySecret.put(secret, "");
    }

    /**
     * Adds a named token.
     *
     * @param name   the name
     * @param secret the token
     * @param key    the init-parameter named in errors
     * @param where  where in that parameter, such as {@code "entry 2: "}, or {@code ""}
     * @throws MaintenanceException when the name or the token breaks the rules, the name is taken
     *                              or the token is configured already
     */
    void add(String name, String secret, String key, String where) {
        checkName(name, key, where);
        checkSecret(secret, key, where);
        if (byName.containsKey(name)) {
            throw fail(key, where, "the name '" + name + "' is given twice");
        }
        String other = bySecret.get(secret);
        if (other != null) {
            throw fail(key, where, "the token of '" + name + "' is " + (other.isEmpty()
                    ? "also configured without a name" : "the same as the token of '" + other + "'"));
        }
        bySecret.put(secret, name);
        byName.put(name, secret);
    }

    /**
     * Adds the named tokens of an init-parameter value: comma-separated {@code name=secret} pairs,
     * split at the first {@code =}, spaces around names and secrets ignored.
     *
     * @param value the value
     * @param key   the init-parameter
     * @throws MaintenanceException naming the parameter and the entry, never showing a secret
     */
    void addNamed(String value, String key) {
        if (value.isBlank()) {
            throw MaintenanceErrors.invalidConfig(key, "", "empty; give name=token pairs or leave the parameter out");
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String where = "entry " + (i + 1) + ": ";
            if (entry.isEmpty()) {
                throw fail(key, where, "empty; expected name=token");
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw fail(key, where, "no '='; expected name=token");
            }
            add(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(), key, where);
        }
    }

    /** {@return the tokens, in the order given} */
    List<Token> build() {
        List<Token> out = new ArrayList<>(bySecret.size());
        bySecret.forEach((secret, name) -> out.add(new Token(sha256(secret), name, secret.length())));
        return List.copyOf(out);
    }

    private static void checkName(String name, String key, String where) {
        if (name == null || name.isEmpty()) {
            throw fail(key, where, "a token name cannot be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw fail(key, where, "a token name of " + name.length() + " characters (at most " + MAX_NAME_LENGTH
                    + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!ok) {
                // Not echoed either: what stands before '=' may be a secret written without a name.
                throw fail(key, where, "a token name may contain only A-Z, a-z, 0-9, '.', '_' and '-' (found a bad "
                        + "character at position " + i + ")");
            }
        }
    }

    /**
     * Checks a secret; the messages never show it, not even a bad one. {@code where} is
     * {@code null} for an unnamed token.
     */
    private static void checkSecret(String value, String key, String where) {
        if (value == null || value.isEmpty()) {
            throw where == null ? MaintenanceErrors.invalidConfig(key, "", "a token cannot be empty")
                    : fail(key, where, "a token cannot be empty");
        }
        if (value.length() > DashboardSettings.MAX_TOKEN_LENGTH) {
            throw fail(key, where, "a token of " + value.length() + " characters (at most "
                    + DashboardSettings.MAX_TOKEN_LENGTH + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ',') {
                throw fail(key, where, "a token may contain only visible ASCII characters other than ',' (found a "
                        + "bad character at position " + i + ")");
            }
        }
    }

    private static MaintenanceException fail(String key, String where, String text) {
        return new MaintenanceException("invalid value for '" + key + "': " + (where == null ? "" : where) + text);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
