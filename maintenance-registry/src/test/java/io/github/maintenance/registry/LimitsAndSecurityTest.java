package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Line length, garbage, connection and session caps, time-outs, tokens and their rate limit, bind rules. */
class LimitsAndSecurityTest {

    private RegistryFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aLineOfTheMaximumLengthIsReadAndOneByteMoreClosesTheConnection() {
        f = RegistryFixture.start();
        Wire w = f.session("shop", "i-1");

        String atLimit = "PING|" + "x".repeat(65_535 - 5);
        assertThat(w.call(atLimit)).isEqualTo("PONG");

        w.send("PING|" + "x".repeat(65_535 - 4));
        assertThat(w.read()).isEqualTo("ERROR|line too long");
        assertThat(w.closedByServer()).isTrue();
    }

    @Test
    void aLongLineWithoutLineBreakIsCutOffWithoutReadingTheRest() {
        f = RegistryFixture.start(b -> b.maxLineLength(1024));
        Wire w = f.session("shop", "i-1");

        byte[] endless = new byte[4096];
        Arrays.fill(endless, (byte) 'A');
        w.sendRaw(endless);

        assertThat(w.read()).isEqualTo("ERROR|line too long");
        assertThat(w.closedByServer()).isTrue();
        assertThat(f.connect().call("PING")).as("the server is fine").isEqualTo("ERROR|no session");
    }

    @Test
    void garbageBytesGetErrorsAndNeverTakeTheServerDown() {
        f = RegistryFixture.start();
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Wire w = f.connect();
            if (round % 2 == 0) {
                w.register("fuzz", "i-" + round);
            }
            byte[] junk = new byte[2000];
            random.nextBytes(junk);
            w.sendRaw(junk);
            w.sendRaw("\nPING\n".getBytes(StandardCharsets.UTF_8));
            w.close();
        }
        Wire healthy = f.session("shop", "i-1");
        assertThat(healthy.call("PING")).isEqualTo("PONG");
        assertThat(healthy.call("MAINT_STATUS|x")).startsWith("MAINT_STATUS_OK|");
    }

    @Test
    void malformedCommandsOfEveryKindAnswerErrorsAndTheConnectionStays() {
        f = RegistryFixture.start();
        Wire w = f.session("shop", "i-1");
        String[] lines = {"|", "||||||", "ROUTE_ADD|||||", "ROUTE_ADD_BULK|s|[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "ROUTE_UPDATE|s|r1|path|", "HEALTH_SET|s|||||", "CIRCUIT_BREAKER_SET|s|r1|999999999999|1h|1",
            "MAINT_ENTER|s|" + "r,".repeat(40) + "|", "MAINT_ENTER_EX|s|ALL|{\"until\":[]}", "CONFIG_APPLY_PARTIAL|s|",
            "DRAIN_START|s|99999999999999999999", "SUBSCRIBE|s|", "\u0000\u0000"};
        for (String line : lines) {
            assertThat(w.call(line)).as(line).startsWith("ERROR|");
        }
        assertThat(w.call("BACKEND_TEST|s|http://[::1")).startsWith("BACKEND_FAIL|");
        assertThat(w.call("PING")).isEqualTo("PONG");
    }

    @Test
    void connectionsBeyondTheCapAreToldAndClosedAndRoomComesBack() {
        f = RegistryFixture.start(b -> b.maxConnections(3));
        Wire a = f.session("s", "a");
        f.session("s", "b");
        f.session("s", "c");

        Wire over = f.connect();
        assertThat(over.read()).isEqualTo("ERROR|max connections exceeded");
        assertThat(over.closedByServer()).isTrue();
        assertThat(f.registry.stats().rejectedConnections()).isEqualTo(1);

        a.close();
        await().until(() -> f.registry.stats().connections() == 2);
        assertThat(f.session("s", "d").call("PING")).isEqualTo("PONG");
    }

    @Test
    void anOptionalCapPerPeerAddress() {
        f = RegistryFixture.start(b -> b.maxConnectionsPerAddress(1));
        f.session("s", "a");

        Wire over = f.connect();
        assertThat(over.read()).isEqualTo("ERROR|max connections per address exceeded");
        assertThat(over.closedByServer()).isTrue();
    }

    @Test
    void sessionsBeyondTheCapAreRefused() {
        f = RegistryFixture.start(b -> b.maxSessions(2));
        f.session("s", "a");
        Wire b = f.session("s", "b");

        assertThat(f.connect().call("REGISTER|s|c|80|null")).isEqualTo("ERROR|max sessions exceeded");
        assertThat(b.call("REGISTER|s|b|80|null")).as("re-registering replaces, it does not add").startsWith("ACK|");
    }

    @Test
    void aConnectionThatDoesNotRegisterInTimeIsClosedEvenWhileTricklingBytes() {
        f = RegistryFixture.start(b -> b.registrationTimeout(Duration.ofMillis(300)));
        Wire w = f.connect();
        w.sendRaw("REGI".getBytes(StandardCharsets.UTF_8));

        assertThat(w.read()).isEqualTo("ERROR|registration timeout exceeded");
        assertThat(w.closedByServer()).isTrue();
    }

    @Test
    void theIdleTimeOutClosesASilentSessionConnectionButTheSessionWaitsForReconnect() {
        f = RegistryFixture.start(b -> b.idleTimeout(Duration.ofMillis(300)));
        Wire w = f.connect();
        String sid = w.register("shop", "i-1");

        assertThat(w.read()).isEqualTo("ERROR|idle timeout exceeded");
        assertThat(w.closedByServer()).isTrue();
        await().until(() -> f.registry.stats().connectedSessions() == 0);
        assertThat(f.connect().call("RECONNECT|" + sid)).isEqualTo("OK");
    }

    @Test
    void withATokenRegisterNeedsItInTheMetadataAndTheServerNeverEchoesIt() {
        f = RegistryFixture.start(b -> b.token("s3cret").token("next-s3cret"));

        Wire none = f.connect();
        assertThat(none.call("REGISTER|shop|i-1|80|null")).isEqualTo("ERROR|unauthorized");
        assertThat(none.closedByServer()).isTrue();
        Wire wrong = f.connect();
        assertThat(wrong.call("REGISTER|shop|i-1|80|{\"auth_token\":\"guess\"}")).isEqualTo("ERROR|unauthorized");
        assertThat(wrong.closedByServer()).isTrue();
        assertThat(f.connect().call("REGISTER|shop|i-1|80|{\"auth_token\":42}")).isEqualTo("ERROR|unauthorized");

        Wire ok = f.connect();
        ok.register("shop", "i-1", "{\"auth_token\":\"next-s3cret\",\"zone\":\"eu\"}");
        String info = ok.call("SESSION_INFO|x");
        assertThat(info).contains("\"metadata\":{\"zone\":\"eu\"}").doesNotContain("s3cret").doesNotContain("auth_token");
        assertThat(f.registry.stats().authFailures()).isEqualTo(3);
    }

    @Test
    void failedAuthenticationsAreRateLimitedPerAddressForTheRestOfTheMinute() {
        f = RegistryFixture.start(b -> b.token("s3cret").authFailuresPerMinute(2));
        for (int i = 0; i < 2; i++) {
            assertThat(f.connect().call("REGISTER|shop|i-1|80|{\"auth_token\":\"x\"}")).isEqualTo("ERROR|unauthorized");
        }

        Wire locked = f.connect();
        assertThat(locked.call("REGISTER|shop|i-1|80|{\"auth_token\":\"s3cret\"}")).isEqualTo("ERROR|auth rate limit exceeded");
        assertThat(locked.closedByServer()).isTrue();

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.connect().call("REGISTER|shop|i-1|80|{\"auth_token\":\"s3cret\"}")).startsWith("ACK|");
    }

    @Test
    void threeFailedRegistersCloseTheConnection() {
        f = RegistryFixture.start();
        Wire w = f.connect();

        assertThat(w.call("REGISTER|shop")).isEqualTo("ERROR|invalid format");
        assertThat(w.call("REGISTER|shop|i|port")).isEqualTo("ERROR|invalid maintenance port");
        assertThat(w.call("REGISTER|shop|i|80|[]")).isEqualTo("ERROR|invalid metadata json");
        assertThat(w.closedByServer()).isTrue();
    }

    @Test
    void aFailingCommandAnswersInternalErrorAndTheConnectionAndServerCarryOn() {
        f = RegistryFixture.start();
        Wire w = f.session("shop", "i-1");
        f.controller.close();

        assertThat(w.call("MAINT_ENTER|x|ALL|")).isEqualTo("ERROR|internal error");
        assertThat(w.call("PING")).isEqualTo("PONG");
        assertThat(f.session("shop", "i-2").call("PING")).isEqualTo("PONG");
    }

    @Test
    void reconnectCanBeLimitedToThePeerAddressThatRegistered() throws Exception {
        f = RegistryFixture.start(b -> b.reconnectSamePeer(true));
        Wire w = f.connect();
        String sid = w.register("shop", "i-1");
        w.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);

        java.net.Socket elsewhere = new java.net.Socket();
        elsewhere.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        elsewhere.connect(new java.net.InetSocketAddress("127.0.0.1", f.port()));
        try (Wire other = Wire.over(elsewhere)) {
            assertThat(other.call("RECONNECT|" + sid)).isEqualTo("REREGISTER");
        }
        assertThat(f.connect().call("RECONNECT|" + sid)).isEqualTo("OK");
    }

    @Test
    void bindingAnythingButLoopbackWithoutATokenRefusesToStart() throws Exception {
        try (MaintenanceController controller = MaintenanceController.create()) {
            assertThatThrownBy(() -> RegistryServer.start(controller, RegistryConfig.custom().bindAddress("0.0.0.0")
                    .port(0).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("refusing to listen on 0.0.0.0 without a token");
            try (RegistryServer withToken = RegistryServer.start(controller, RegistryConfig.custom()
                    .bindAddress("0.0.0.0").port(0).token("s3cret").build())) {
                assertThat(withToken.address().getAddress().isAnyLocalAddress()).isTrue();
            }
        }
    }

    @Test
    void aPortInUseIsReportedToTheCaller() throws Exception {
        try (MaintenanceController controller = MaintenanceController.create();
                ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RegistryServer.start(controller, RegistryConfig.custom()
                    .port(taken.getLocalPort()).build()))
                    .isInstanceOf(java.net.BindException.class);
        }
    }

    @Test
    void configurationValuesAreValidatedWithTheirName() {
        assertThatThrownBy(() -> RegistryConfig.custom().enterVerificationTimeout(Duration.ofSeconds(30)).build())
                .hasMessage("invalid value for 'enterVerificationTimeout': 'PT30S' (must stay below the Go client's 30s)");
        assertThatThrownBy(() -> RegistryConfig.custom().exitVerificationTimeout(Duration.ofSeconds(10)).build())
                .hasMessageContaining("exitVerificationTimeout");
        assertThatThrownBy(() -> RegistryConfig.custom().maxLineLength(10).build()).hasMessageContaining("maxLineLength");
        assertThatThrownBy(() -> RegistryConfig.custom().port(70000).build()).hasMessageContaining("'port'");
        assertThatThrownBy(() -> RegistryConfig.custom().token("").build()).hasMessageContaining("'token'")
                .hasMessageContaining("(hidden)");
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedAndEveryoneElseCarriesOn() throws Exception {
        f = RegistryFixture.start(b -> b.writeTimeout(Duration.ofMillis(300)).eventQueueLimit(50));
        Wire slow = f.connect();
        slow.socket().setReceiveBufferSize(4096);
        slow.register("watch", "slow");
        assertThat(slow.call("SUBSCRIBE|x|*")).isEqualTo("SUBSCRIBE_OK");
        Wire other = f.session("ops", "cli");

        await().until(() -> {
            for (int i = 0; i < 200; i++) {
                f.controller.enter("ALL");
                f.controller.exit("ALL");
            }
            return f.registry.stats().connections() == 1;
        });

        assertThat(other.call("PING")).isEqualTo("PONG");
    }
}
