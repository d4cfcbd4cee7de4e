package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.registry.RegistryConfig;
import io.github.maintenance.registry.RegistryServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;

/**
 * The registry server of {@code maintenance.registry.*} as part of the application's life cycle:
 * it listens once the context has started and closes before the controller does. The settings are
 * checked when the bean is created, so a bad value stops the start with the property named.
 */
public class MaintenanceRegistryServer implements SmartLifecycle {

    private static final Map<String, String> NAMES = Map.of("bindAddress", "maintenance.registry.bind-address",
            "port", "maintenance.registry.port", "token", "maintenance.registry.tokens",
            "tokens", "maintenance.registry.tokens", "token name", "maintenance.registry.named-tokens",
            "named token", "maintenance.registry.named-tokens");

    private final MaintenanceController controller;
    private final RegistryConfig config;
    private volatile RegistryServer server;

    /**
     * A server for {@code controller}, not yet listening.
     *
     * @throws InvalidConfigurationPropertyValueException for missing tokens or a bad value
     */
    public MaintenanceRegistryServer(MaintenanceController controller, RegistryProperties properties) {
        this.controller = controller;
        Set<String> tokens = new LinkedHashSet<>();
        for (String t : properties.getTokens()) {
            if (t != null && !t.isBlank()) {
                tokens.add(t.trim());
            }
        }
        Map<String, String> namedTokens = properties.getNamedTokens() == null ? Map.of() : properties.getNamedTokens();
        if (tokens.isEmpty() && namedTokens.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("maintenance.registry.tokens", null,
                    "at least one token (maintenance.registry.tokens or maintenance.registry.named-tokens.<name>)"
                            + " is required when maintenance.registry.enabled=true");
        }
        try {
            RegistryConfig.Builder builder = RegistryConfig.custom()
                    .bindAddress(properties.getBindAddress())
                    .port(properties.getPort())
                    .tokens(tokens);
            namedTokens.forEach((name, secret) -> builder.token(name, secret == null ? null : secret.trim()));
            this.config = builder.build();
        } catch (MaintenanceException e) {
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, String> n : NAMES.entrySet()) {
                if (message.contains("'" + n.getKey() + "'")) {
                    InvalidConfigurationPropertyValueException named = new InvalidConfigurationPropertyValueException(
                            n.getValue(), null, message.replace("'" + n.getKey() + "'", "'" + n.getValue() + "'"));
                    named.initCause(e);
                    throw named;
                }
            }
            throw new IllegalStateException("Invalid maintenance.registry configuration: " + message, e);
        }
    }

    /** The running server, or {@code null} when not started. */
    public RegistryServer server() {
        return server;
    }

    /** The registry's configuration. */
    public RegistryConfig config() {
        return config;
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            try {
                server = RegistryServer.start(controller, config);
            } catch (IOException e) {
                throw new UncheckedIOException("maintenance registry cannot listen on " + config.bindAddress() + ":"
                        + config.port() + " (maintenance.registry.bind-address / port): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        RegistryServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
