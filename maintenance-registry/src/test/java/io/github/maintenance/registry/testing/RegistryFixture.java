package io.github.maintenance.registry.testing;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.RegistryConfig;
import io.github.maintenance.registry.RegistryServer;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A controller and a registry on a free loopback port for tests: one hand-moved clock for both,
 * no timer threads (call {@link RegistryServer#sweep()} and {@code controller.tick()}), listeners
 * run inline. Close it when done: it closes every {@link Wire} it opened, the registry, then the
 * controller.
 */
public final class RegistryFixture implements AutoCloseable {

    public final MutableClock clock = MutableClock.atDefault();
    public final MaintenanceController controller;
    public final RegistryServer registry;
    private final List<Wire> wires = new ArrayList<>();

    private RegistryFixture(MaintenanceConfig.Builder controllerConfig, UnaryOperator<RegistryConfig.Builder> registryConfig) {
        controller = MaintenanceController.create(controllerConfig.clock(clock).tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run).instanceName("test").build());
        try {
            registry = RegistryServer.start(controller, registryConfig.apply(RegistryConfig.custom()
                    .port(0).clock(clock).sweepInterval(Duration.ZERO)).build());
        } catch (IOException | RuntimeException e) {
            controller.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Default controller and registry settings. */
    public static RegistryFixture start() {
        return start(MaintenanceConfig.custom(), b -> b);
    }

    /** Default controller, adjusted registry settings. */
    public static RegistryFixture start(UnaryOperator<RegistryConfig.Builder> registryConfig) {
        return start(MaintenanceConfig.custom(), registryConfig);
    }

    /** Both adjusted (clock, tick interval and event executor are set by the fixture). */
    public static RegistryFixture start(MaintenanceConfig.Builder controllerConfig,
            UnaryOperator<RegistryConfig.Builder> registryConfig) {
        return new RegistryFixture(controllerConfig, registryConfig);
    }

    /** A new connection to the registry. */
    public Wire connect() {
        Wire w = Wire.connect(registry.port());
        synchronized (wires) {
            wires.add(w);
        }
        return w;
    }

    /** A new connection with a registered session ({@code null} metadata). */
    public Wire session(String service, String instance) {
        Wire w = connect();
        w.register(service, instance);
        return w;
    }

    public int port() {
        return registry.port();
    }

    @Override
    public void close() {
        synchronized (wires) {
            for (Wire w : wires) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    // already closed
                }
            }
        }
        try {
            registry.close();
        } finally {
            controller.close();
        }
    }
}
