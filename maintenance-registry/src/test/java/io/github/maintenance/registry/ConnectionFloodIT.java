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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection flood: connections opened from one address until the registry refuses, then from
 * more addresses until the slots outside the reserve are gone. The per-address cap and the reserve
 * hold, the local operator gets in, and once the flood closes its connections and their threads
 * are gone.
 */
@Timeout(90)
class ConnectionFloodIT {

    private static final int MAX_CONNECTIONS = 130;
    private static final int RESERVED = 10;
    private static final int PER_ADDRESS = 50;
    private static final String OPERATOR = "127.0.0.1";

    private final List<Wire> flood = new ArrayList<>();
    private RegistryFixture f;

    @AfterEach
    void close() {
        closeFlood();
        if (f != null) {
            f.close();
        }
    }

    @Test
    void thePerAddressCapAndTheReserveHoldAndEverythingComesBackDown() throws Exception {
        f = RegistryFixture.start(b -> b.maxConnections(MAX_CONNECTIONS).reservedConnections(RESERVED)
                .reservedFor(a -> a.getHostAddress().equals(OPERATOR)).maxConnectionsPerAddress(PER_ADDRESS)
                .registrationTimeout(Duration.ofSeconds(60)));
        int threadsBefore = connectionThreads();

        Wire refused = connectUntilRefused("127.0.0.2");
        assertThat(refused.read()).isEqualTo("ERROR|max connections per address exceeded");
        assertThat(refused.closedByServer()).isTrue();
        assertThat(f.registry.stats().connections()).isEqualTo(PER_ADDRESS);

        connectUntilRefused("127.0.0.3");
        Wire full = connectUntilRefused("127.0.0.4");
        assertThat(full.read()).as("the slots outside the reserve are gone")
                .isEqualTo("ERROR|max connections exceeded");
        assertThat(f.registry.stats().connections()).isEqualTo(MAX_CONNECTIONS - RESERVED);

        List<Wire> operators = new ArrayList<>();
        for (int i = 0; i < RESERVED; i++) {
            Wire w = f.connect();
            w.register("maintenancectl", "cli-" + i);
            operators.add(w);
        }
        assertThat(operators.get(0).call("MAINT_STATUS|x")).startsWith("MAINT_STATUS_OK|");
        Wire beyond = f.connect();
        assertThat(beyond.read()).as("the reserve has its size too").isEqualTo("ERROR|max connections exceeded");
        assertThat(f.registry.stats().connections()).isEqualTo(MAX_CONNECTIONS);
        assertThat(connectionThreads() - threadsBefore).isEqualTo(MAX_CONNECTIONS);

        closeFlood();
        await(Duration.ofSeconds(20)).until(() -> f.registry.stats().connections() == RESERVED);
        await(Duration.ofSeconds(20)).until(() -> connectionThreads() - threadsBefore == RESERVED);
        assertThat(operators.get(0).call("PING")).isEqualTo("PONG");

        connectUntilRefused("127.0.0.2");
        assertThat(f.registry.stats().connections()).as("the per-address count came back down to zero")
                .isEqualTo(RESERVED + PER_ADDRESS);
    }

    /**
     * Opens connections from {@code local} one by one, each once the server has accepted or refused
     * the previous one, until one is refused; returns that one.
     */
    private Wire connectUntilRefused(String local) throws IOException {
        while (true) {
            long seen = f.registry.stats().connections() + f.registry.stats().rejectedConnections();
            long rejected = f.registry.stats().rejectedConnections();
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress(OPERATOR, f.port()), 10_000);
            Wire w = Wire.over(s);
            flood.add(w);
            await().until(() -> f.registry.stats().connections() + f.registry.stats().rejectedConnections() > seen);
            if (f.registry.stats().rejectedConnections() > rejected) {
                return w;
            }
            assertThat(flood).as("refused before the test's own bound").hasSizeLessThan(400);
        }
    }

    private void closeFlood() {
        for (Wire w : flood) {
            try {
                w.close();
            } catch (UncheckedIOException e) {
                // closed already
            }
        }
        flood.clear();
    }

    /** Live threads serving registry connections. */
    private static int connectionThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("registry-connection-")).count();
    }
}
