package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry server: {@code maintenance.registry.*}. */
public class RegistryProperties {

    /** Whether the registry server runs. */
    private boolean enabled = false;

    /** The address the server binds to. */
    private String bindAddress = "127.0.0.1";

    /** The TCP port; 0 picks a free one. */
    private int port = 7000;

    /** Tokens clients must present (several for rotation); at least one is required when enabled. */
    private List<String> tokens = new ArrayList<>();

    /**
     * Named tokens, name to secret ({@code maintenance.registry.named-tokens.ops=<secret>}; a name with
     * dots or capitals in brackets: {@code named-tokens[Ops.Team]}): a client that registers with one is
     * recorded under the name as the actor of its changes in the audit trail. Names are 1 to 64 characters
     * of A-Z a-z 0-9 . _ -; no secret may be given twice.
     */
    private Map<String, String> namedTokens = new LinkedHashMap<>();

    /** The defaults. */
    public RegistryProperties() {
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public List<String> getTokens() {
        return tokens;
    }

    public void setTokens(List<String> tokens) {
        this.tokens = tokens;
    }

    public Map<String, String> getNamedTokens() {
        return namedTokens;
    }

    public void setNamedTokens(Map<String, String> namedTokens) {
        this.namedTokens = namedTokens;
    }
}
