package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.require;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may use a {@link RegistryServer}: the accepted tokens, unnamed and named, the failed
 * authentications a peer address gets per minute, and whether RECONNECT must come from the address
 * that registered. Part of a {@link RegistryConfig}; validated on construction. A session
 * authenticated with a named token records the token's name as the actor of its changes.
 * {@link #toString()} counts the tokens and shows the names, never a secret; no error message
 * shows a secret either.
 *
 * @param tokens                the accepted unnamed tokens (copied); with no named token either:
 *                              authentication off
 * @param namedTokens           token name to secret (copied, in the order given); names are 1 to
 *                              {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9._-]}, and
 *                              no secret is accepted twice (under two names, or named and unnamed)
 * @param authFailuresPerMinute at least 1
 * @param reconnectSamePeer     whether RECONNECT is accepted only from the registering address
 */
record AuthSettings(Set<String> tokens, Map<String, String> namedTokens, int authFailuresPerMinute,
        boolean reconnectSamePeer) {

    /** The longest token accepted. */
    static final int MAX_TOKEN_LENGTH = 1024;
    /** The longest token name accepted. */
    static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");
    private static final String HIDDEN = "(hidden)";
    private static final String SECRET_RULE = "1 to " + MAX_TOKEN_LENGTH + " characters, no control characters";

    AuthSettings {
        for (String t : tokens) {
            require(validSecret(t), "token", HIDDEN, SECRET_RULE);
        }
        tokens = Set.copyOf(tokens);
        Map<String, String> bySecret = new HashMap<>();
        for (Map.Entry<String, String> e : namedTokens.entrySet()) {
            String name = e.getKey();
            require(name != null && NAME.matcher(name).matches(), "token name", name,
                    "1 to " + MAX_NAME_LENGTH + " characters of A-Z a-z 0-9 . _ -");
            require(validSecret(e.getValue()), "named token", HIDDEN, "the secret of '" + name + "': " + SECRET_RULE);
            String other = bySecret.putIfAbsent(e.getValue(), name);
            require(other == null, "named token", HIDDEN,
                    "'" + name + "' has the same secret as '" + other + "'; each name needs its own secret");
            require(!tokens.contains(e.getValue()), "named token", HIDDEN,
                    "'" + name + "' has the same secret as an unnamed token; give each secret once");
        }
        namedTokens = Collections.unmodifiableMap(new LinkedHashMap<>(namedTokens));
        require(authFailuresPerMinute >= 1, "authFailuresPerMinute", authFailuresPerMinute, "must be at least 1");
    }

    /**
     * The named tokens as a map, refusing a name given twice (the builder collects pairs so that a
     * repeated name is an error, not a silent replacement).
     *
     * @param pairs name and secret, in the order given
     * @throws io.github.maintenance.MaintenanceException naming the repeated name (never a secret)
     */
    static Map<String, String> named(List<Map.Entry<String, String>> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : pairs) {
            String name = p.getKey();
            require(!out.containsKey(name), "token name", name, "is given twice; names must be unique");
            out.put(name, p.getValue());
        }
        return out;
    }

    /** Whether any token is configured: authentication is on. */
    boolean enabled() {
        return !tokens.isEmpty() || !namedTokens.isEmpty();
    }

    private static boolean validSecret(String t) {
        return t != null && !t.isEmpty() && t.length() <= MAX_TOKEN_LENGTH
                && t.chars().noneMatch(Character::isISOControl);
    }

    /** Whether authentication is on, how many tokens there are and the names, never a secret. */
    @Override
    public String toString() {
        if (!enabled()) {
            return "auth=off";
        }
        int count = tokens.size() + namedTokens.size();
        return "auth=" + count + " token(s)" + (namedTokens.isEmpty() ? "" : " named " + namedTokens.keySet());
    }
}
