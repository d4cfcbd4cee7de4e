package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.TestTls;
import io.github.maintenance.registry.testing.Wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that try to hold the registry's connection slots: trickling bytes before and after
 * REGISTER, filling the slots from other addresses, stalling a TLS handshake, sending junk
 * before registering.
 */
@Timeout(60)
class HostileClientsTest {

    /** The local operator's address; the floods come from other loopback addresses. */
    private static final String OPERATOR = "127.0.0.1";

    private final ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
    private final List<Socket> sockets = new ArrayList<>();
    private RegistryFixture f;

    @AfterEach
    void close() throws Exception {
        trickle.shutdownNow();
        trickle.awaitTermination(5, TimeUnit.SECONDS);
        for (Socket s : sockets) {
            s.close();
        }
        if (f != null) {
            f.close();
        }
    }

    /** Sends one byte of a line that never ends every 50 ms, until the socket fails. */
    private void trickleForever(Wire w, byte b) {
        trickle.scheduleAtFixedRate(() -> {
            try {
                w.socket().getOutputStream().write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** The connection's next line, read on another thread (the test itself waits with {@code await}). */
    private static CompletableFuture<String> nextLine(Wire w) {
        return CompletableFuture.supplyAsync(w::readOrNull);
    }

    private Socket connectFrom(String local) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress(OPERATOR, f.port()), 10_000);
        s.setSoTimeout(Wire.READ_TIMEOUT_MS);
        return s;
    }

    @Test
    void theRegistrationDeadlineCountsFromTheAcceptHoweverSlowlyALineArrives() {
        f = RegistryFixture.start(b -> b.registrationTimeout(Duration.ofMillis(500)));
        Wire w = f.connect();
        CompletableFuture<String> reply = nextLine(w);

        trickleForever(w, (byte) 'R');

        await(Duration.ofSeconds(3)).until(reply::isDone);
        assertThat(reply.join()).isEqualTo("ERROR|registration timeout exceeded");
        await(Duration.ofSeconds(3)).until(() -> f.registry.stats().connections() == 0);
    }

    @Test
    void theIdleDeadlineBoundsAWholeLineOfABoundSession() {
        f = RegistryFixture.start(b -> b.idleTimeout(Duration.ofMillis(500)));
        Wire w = f.connect();
        w.register("slow", "i-1");
        CompletableFuture<String> reply = nextLine(w);

        trickleForever(w, (byte) 'P');

        await(Duration.ofSeconds(3)).until(reply::isDone);
        assertThat(reply.join()).isEqualTo("ERROR|idle timeout exceeded");
        await(Duration.ofSeconds(3)).until(() -> f.registry.stats().connectedSessions() == 0);
    }

    @Test
    void anUnregisteredConnectionNeverHoldsItsSlotPastTheDeadlineEvenInATlsHandshake(@TempDir Path dir)
            throws Exception {
        TestTls tls = TestTls.generate(dir);
        javax.net.ssl.SSLContext server = tls.server();
        f = RegistryFixture.start(b -> b.tls(server).registrationTimeout(Duration.ofMillis(500)));
        Wire w = Wire.over(connectFrom(OPERATOR));
        // The start of a TLS record announcing 16 KiB, then its body one byte at a time.
        w.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00, 0x01});
        trickleForever(w, (byte) 0);
        await().until(() -> f.registry.stats().connections() == 1);

        await(Duration.ofSeconds(3)).until(() -> f.registry.stats().connections() == 0);
        assertThat(nextLine(w).get(5, TimeUnit.SECONDS)).as("closed by the server").isNull();
    }

    @Test
    void slotsBeyondTheReserveAreRefusedToOtherAddressesAndTheOperatorStillGetsIn() throws Exception {
        f = RegistryFixture.start(b -> b.maxConnections(6).reservedConnections(2)
                .reservedFor(a -> a.getHostAddress().equals(OPERATOR)).maxConnectionsPerAddress(0));
        for (int i = 0; i < 4; i++) {
            connectFrom("127.0.0." + (2 + i));
        }
        await().until(() -> f.registry.stats().connections() == 4);

        Wire refused = Wire.over(connectFrom("127.0.0.9"));
        assertThat(refused.read()).isEqualTo("ERROR|max connections exceeded");
        assertThat(refused.closedByServer()).isTrue();

        Wire operator = f.connect();
        operator.register("maintenancectl", "cli-1");
        assertThat(operator.call("MAINT_STATUS|x")).startsWith("MAINT_STATUS_OK|");
        assertThat(f.connect().call("PING")).as("the second reserved slot").isEqualTo("ERROR|no session");
        assertThat(f.registry.stats().connections()).isEqualTo(6);
    }

    @Test
    void thePerAddressCapCountsConnectionsThatHaveNotRegisteredAndHasADefault() throws Exception {
        assertThat(RegistryConfig.ofDefaults().limits().maxConnectionsPerAddress()).isEqualTo(256);
        assertThat(RegistryConfig.ofDefaults().limits().reservedConnections()).isEqualTo(16);
        f = RegistryFixture.start(b -> b.maxConnectionsPerAddress(3));
        for (int i = 0; i < 3; i++) {
            connectFrom("127.0.0.2");
        }
        await().until(() -> f.registry.stats().connections() == 3);

        Wire over = Wire.over(connectFrom("127.0.0.2"));
        assertThat(over.read()).isEqualTo("ERROR|max connections per address exceeded");
        assertThat(f.connect().call("PING")).as("another address").isEqualTo("ERROR|no session");
    }

    @Test
    void invalidLinesBeforeRegisteringCountAsFailedAuthenticationsOfTheAddress() throws Exception {
        f = RegistryFixture.start(b -> b.token("s3cret").authFailuresPerMinute(3));
        Wire junk = Wire.over(connectFrom("127.0.0.2"));
        assertThat(junk.call("PING")).isEqualTo("ERROR|no session");
        assertThat(junk.call("REGISTER|x")).isEqualTo("ERROR|invalid format");
        junk.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(junk.read()).isEqualTo("ERROR|invalid encoding");

        Wire blocked = Wire.over(connectFrom("127.0.0.2"));
        assertThat(blocked.read()).isEqualTo("ERROR|auth rate limit exceeded");
        assertThat(blocked.closedByServer()).isTrue();
        assertThat(f.connect().call("REGISTER|shop|i-1|80|{\"auth_token\":\"s3cret\"}")).as("another address")
                .startsWith("ACK|");

        f.clock.advance(Duration.ofMinutes(1));
        Wire later = Wire.over(connectFrom("127.0.0.2"));
        assertThat(later.call("REGISTER|shop|i-2|80|{\"auth_token\":\"s3cret\"}")).startsWith("ACK|");
    }

    @Test
    void aReconnectToASessionThatIsGoneIsNotAFailedAuthentication() throws Exception {
        f = RegistryFixture.start(b -> b.token("s3cret").authFailuresPerMinute(1));
        Wire w = f.connect();
        assertThat(w.call("RECONNECT|gone-1")).isEqualTo("REREGISTER");
        assertThat(w.call("REGISTER|shop|i-1|80|{\"auth_token\":\"s3cret\"}")).startsWith("ACK|");
        assertThat(f.registry.stats().authFailures()).isZero();
    }
}
