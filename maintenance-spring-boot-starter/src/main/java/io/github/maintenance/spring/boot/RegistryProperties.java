package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

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
}
