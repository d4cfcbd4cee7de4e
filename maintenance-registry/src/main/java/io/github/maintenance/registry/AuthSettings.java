package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.require;

import java.util.Set;

/**
 * Who may use a {@link RegistryServer}: the accepted tokens, the failed authentications a peer
 * address gets per minute, and whether RECONNECT must come from the address that registered. Part of
 * a {@link RegistryConfig}; validated on construction. {@link #toString()} counts the tokens and never
 * shows them.
 *
 * @param tokens                the accepted tokens (copied); empty: authentication off
 * @param authFailuresPerMinute at least 1
 * @param reconnectSamePeer     whether RECONNECT is accepted only from the registering address
 */
record AuthSettings(Set<String> tokens, int authFailuresPerMinute, boolean reconnectSamePeer) {

    /** The longest token accepted. */
    static final int MAX_TOKEN_LENGTH = 1024;

    AuthSettings {
        for (String t : tokens) {
            require(t != null && !t.isEmpty() && t.length() <= MAX_TOKEN_LENGTH
                    && t.chars().noneMatch(Character::isISOControl),
                    "token", "(hidden)", "1 to " + MAX_TOKEN_LENGTH + " characters, no control characters");
        }
        tokens = Set.copyOf(tokens);
        require(authFailuresPerMinute >= 1, "authFailuresPerMinute", authFailuresPerMinute, "must be at least 1");
    }

    /** Whether authentication is on and how many tokens there are, never the tokens. */
    @Override
    public String toString() {
        return "auth=" + (tokens.isEmpty() ? "off" : tokens.size() + " token(s)");
    }
}
