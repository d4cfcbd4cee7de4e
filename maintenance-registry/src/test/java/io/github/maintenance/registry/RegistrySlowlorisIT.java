package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slowloris flood before login: 200 connections from other addresses, each sending a byte of a
 * line that never ends every 100 ms, against a registry with room for fewer. The local operator
 * still registers and works at once, and the server closes every trickling connection at the
 * registration deadline.
 */
@Timeout(90)
class RegistrySlowlorisIT {

    private static final int FLOOD = 200;
    private static final int MAX_CONNECTIONS = 180;
    private static final int RESERVED = 8;
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(2);
    /** The watchdog's period and the scheduling of 200 threads on a loaded machine. */
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final String OPERATOR = "127.0.0.1";

    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final List<Wire> flood = new ArrayList<>();
    private RegistryFixture f;

    @AfterEach
    void close() throws InterruptedException {
        trickler.shutdownNow();
        trickler.awaitTermination(5, TimeUnit.SECONDS);
        for (Wire w : flood) {
            try {
                w.close();
            } catch (UncheckedIOException e) {
                // closed already
            }
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void trickleBeforeLoginNeitherLocksOutTheOperatorNorHoldsASlotPastTheDeadline() throws Exception {
        f = RegistryFixture.start(b -> b.registrationTimeout(REGISTRATION_TIMEOUT).maxConnections(MAX_CONNECTIONS)
                .reservedConnections(RESERVED).reservedFor(a -> a.getHostAddress().equals(OPERATOR))
                .maxConnectionsPerAddress(0));
        for (int i = 0; i < FLOOD; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress("127.0.0." + (2 + i % 4), 0));
            s.connect(new InetSocketAddress(OPERATOR, f.port()), 10_000);
            flood.add(Wire.over(s));
        }
        trickler.scheduleAtFixedRate(this::trickle, 0, 100, TimeUnit.MILLISECONDS);
        await().until(() -> f.registry.stats().connections() + f.registry.stats().rejectedConnections() == FLOOD);
        assertThat(f.registry.stats().connections()).as("the slots outside the reserve, all taken")
                .isEqualTo(MAX_CONNECTIONS - RESERVED);
        long floodStarted = System.nanoTime();

        try (Wire operator = Wire.connect(f.port())) {
            operator.register("maintenancectl", "cli-1");
            assertThat(operator.call("MAINT_ENTER|x|ALL|")).isEqualTo("ACK");
            assertThat(operator.read()).isEqualTo("MAINT_OK|ALL");
            assertThat(System.nanoTime() - floodStarted).as("the operator was served before any deadline")
                    .isLessThan(REGISTRATION_TIMEOUT.toNanos());

            await(REGISTRATION_TIMEOUT.plus(MARGIN)).until(() -> f.registry.stats().connections() == 1);
            for (Wire w : flood) {
                String first = w.readOrNull();
                assertThat(first).isIn("ERROR|registration timeout exceeded", "ERROR|max connections exceeded", null);
                assertThat(w.readOrNull()).as("closed by the server").isNull();
            }
            assertThat(operator.call("PING")).as("the operator's session lives on").isEqualTo("PONG");
        }
        assertThat(f.controller.status("*").inMaintenance()).isTrue();
    }

    /** One byte on every flood connection still open. */
    private void trickle() {
        for (Wire w : flood) {
            if (w.socket().isClosed()) {
                continue;
            }
            try {
                w.socket().getOutputStream().write('M');
            } catch (IOException e) {
                // the server closed it
            }
        }
    }
}
