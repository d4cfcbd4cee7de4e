package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** REGISTER, RECONNECT, PING, SESSION_INFO, CLIENT_SHUTDOWN and the generic framing rules, over real sockets. */
class SessionProtocolTest {

    private final RegistryFixture f = RegistryFixture.start();

    @AfterEach
    void close() {
        f.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String reply, String token) throws Exception {
        assertThat(reply).startsWith(token + "|");
        return (Map<String, Object>) WireJson.parse(reply.substring(token.length() + 1));
    }

    @Test
    void registerAnswersAckWithARandomSessionIdBuiltFromTheInstanceName() {
        Wire w = f.connect();

        String reply = w.call("REGISTER|shop|10.0.0.7 #1|8080|null");

        assertThat(reply).matches("ACK\\|10\\.0\\.0\\.7__1-\\d{10}-[0-9a-f]{32}");
        String other = f.connect().call("REGISTER|shop|10.0.0.8|8080|null");
        assertThat(other.substring(other.lastIndexOf('-'))).isNotEqualTo(reply.substring(reply.lastIndexOf('-')));
    }

    @Test
    void pingAloneOrWithTheSessionFieldAnswersPong() {
        Wire w = f.session("shop", "i-1");

        assertThat(w.call("PING")).isEqualTo("PONG");
        assertThat(w.call("PING|whatever")).isEqualTo("PONG");
        assertThat(w.call("PING|a|b|c")).as("extra fields are ignored").isEqualTo("PONG");
    }

    @Test
    void everythingButRegisterBeforeASessionIsNoSessionEvenUnknownCommands() {
        Wire w = f.connect();

        assertThat(w.call("PING")).isEqualTo("ERROR|no session");
        assertThat(w.call("NOPE|x")).isEqualTo("ERROR|no session");
    }

    @Test
    void threeCommandsWithoutASessionCloseTheConnection() {
        Wire w = f.connect();

        assertThat(w.call("PING")).isEqualTo("ERROR|no session");
        assertThat(w.call("ROUTE_LIST|x")).isEqualTo("ERROR|no session");
        assertThat(w.call("MAINT_STATUS|x")).isEqualTo("ERROR|no session");
        assertThat(w.closedByServer()).isTrue();
    }

    @Test
    void registerValidatesItsFields() {
        Wire w = f.connect();

        assertThat(w.call("REGISTER|shop|i-1")).isEqualTo("ERROR|invalid format");
        assertThat(w.call("REGISTER|shop|i-1|80x|")).isEqualTo("ERROR|invalid maintenance port");
        assertThat(f.connect().call("REGISTER|shop|i-1|65536")).isEqualTo("ERROR|invalid maintenance port");
        assertThat(f.connect().call("REGISTER||i-1|80")).isEqualTo("ERROR|invalid service name");
        assertThat(f.connect().call("REGISTER|shop||80")).isEqualTo("ERROR|invalid instance name");
        assertThat(f.connect().call("REGISTER|" + "s".repeat(129) + "|i|80")).isEqualTo("ERROR|invalid service name");
        assertThat(f.connect().call("REGISTER|shop|i\u0001|80")).isEqualTo("ERROR|invalid instance name");
        for (String bad : List.of("[]", "\"x\"", "42", "{", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}")) {
            assertThat(f.connect().call("REGISTER|shop|i-1|80|" + bad)).as(bad).isEqualTo("ERROR|invalid metadata json");
        }
        assertThat(f.registry.stats().sessions()).isZero();
    }

    @Test
    void metadataMayBeAbsentEmptyAnObjectOrNull() throws Exception {
        for (String meta : new String[] {"REGISTER|s|a|80", "REGISTER|s|b|80|", "REGISTER|s|c|80|{}",
                "REGISTER|s|d|80|{\"zone\":\"eu|west\",\"n\":[1,2]}", "REGISTER|s|e|80|null"}) {
            Wire w = f.connect();
            assertThat(w.call(meta)).as(meta).startsWith("ACK|");
            Map<String, Object> info = json(w.call("SESSION_INFO|x"), "SESSION_OK");
            if (meta.endsWith("null")) {
                assertThat(info).containsEntry("metadata", null);
            } else if (meta.contains("zone")) {
                assertThat(info.get("metadata")).isEqualTo(Map.of("zone", "eu|west", "n", List.of(1, 2)));
            } else {
                assertThat(info.get("metadata")).isEqualTo(Map.of());
            }
        }
    }

    @Test
    void sessionInfoHasTheProtocolsFieldsAndEscapesPipesInJson() throws Exception {
        Wire w = f.connect();
        String sid = w.register("shop", "i-1", "{\"note\":\"a|b\"}");
        w.call("ROUTE_ADD|" + sid + "|example.com|/api|http://localhost:8080|10");
        f.clock.advance(Duration.ofSeconds(42));
        w.call("PING|" + sid);

        String reply = w.call("SESSION_INFO|" + sid);

        assertThat(reply.split("\\|")).as("the client splits on | and parses field 1").hasSize(2);
        assertThat(reply).contains("a\\u007cb");
        Map<String, Object> info = json(reply, "SESSION_OK");
        assertThat(info).containsEntry("session_id", sid).containsEntry("service_name", "shop")
                .containsEntry("instance_name", "i-1").containsEntry("connected_at", "2026-01-01T00:00:00Z")
                .containsEntry("uptime_seconds", 42).containsEntry("routes_active", 0)
                .containsEntry("routes_staged", 1).containsEntry("last_activity", "2026-01-01T00:00:42Z");
        assertThat(info.get("metadata")).isEqualTo(Map.of("note", "a|b"));
    }

    @Test
    void unknownCommandsAreNamedTruncatedAndSanitised() {
        Wire w = f.session("shop", "i-1");

        assertThat(w.call("FROB|x")).isEqualTo("ERROR|unknown command: FROB");
        assertThat(w.call("ping")).as("case-sensitive").isEqualTo("ERROR|unknown command: ping");
        assertThat(w.call("X".repeat(100) + "\u0007\u001b")).isEqualTo("ERROR|unknown command: " + "X".repeat(64));
        assertThat(w.call("A\u0007B")).isEqualTo("ERROR|unknown command: A?B");
    }

    @Test
    void tooFewFieldsIsInvalidFormatAndEmptyLinesGetNoAnswer() {
        Wire w = f.session("shop", "i-1");

        w.send("").send("\r").send("");
        assertThat(w.call("ROUTE_REMOVE|sid")).isEqualTo("ERROR|invalid format");
        assertThat(w.call("MAINT_ENTER|sid|ALL")).isEqualTo("ERROR|invalid format");
        assertThat(w.call("PING\r")).as("CRLF accepted").isEqualTo("PONG");
    }

    @Test
    void invalidUtf8IsAnErrorAndTheConnectionStays() {
        Wire w = f.session("shop", "i-1");

        w.sendRaw(new byte[] {'P', 'I', 'N', 'G', '|', (byte) 0xc3, (byte) 0x28, '\n'});

        assertThat(w.read()).isEqualTo("ERROR|invalid encoding");
        assertThat(w.call("PING")).isEqualTo("PONG");
    }

    @Test
    void reconnectOnTheSameConnectionAnswersOk() {
        Wire w = f.connect();
        String sid = w.register("shop", "i-1");

        assertThat(w.call("RECONNECT|" + sid)).isEqualTo("OK");
        assertThat(w.call("RECONNECT")).as("field 1 is informational here").isEqualTo("OK");
    }

    @Test
    void reconnectFromANewConnectionResumesTheSessionWithItsRoutesAndId() throws Exception {
        Wire first = f.connect();
        String sid = first.register("shop", "i-1");
        first.call("ROUTE_ADD|" + sid + "|*|/api|http://localhost:8080|0");
        first.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);

        Wire second = f.connect();
        assertThat(second.call("RECONNECT|" + sid)).isEqualTo("OK");

        Map<String, Object> info = json(second.call("SESSION_INFO|" + sid), "SESSION_OK");
        assertThat(info).containsEntry("session_id", sid).containsEntry("routes_staged", 1)
                .containsEntry("connected_at", "2026-01-01T00:00:00Z");
        assertThat(f.registry.stats().connectedSessions()).isEqualTo(1);
    }

    @Test
    void reconnectTakesTheSessionOverFromAnotherOpenConnectionWhichIsClosed() {
        Wire first = f.connect();
        String sid = first.register("shop", "i-1");

        Wire second = f.connect();
        assertThat(second.call("RECONNECT|" + sid)).isEqualTo("OK");

        assertThat(first.closedByServer()).isTrue();
        assertThat(second.call("PING")).isEqualTo("PONG");
    }

    @Test
    void reconnectWithAnUnknownExpiredOrEmptyIdAnswersReregister() {
        Wire w = f.connect();
        assertThat(w.call("RECONNECT|shop-1-00000000000000000000000000000000")).isEqualTo("REREGISTER");
        assertThat(f.connect().call("RECONNECT|")).isEqualTo("REREGISTER");
        assertThat(f.connect().call("RECONNECT")).isEqualTo("REREGISTER");

        Wire old = f.connect();
        String sid = old.register("shop", "i-1");
        old.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);
        f.clock.advance(RegistryConfig.DEFAULT_GRACE_PERIOD);
        f.registry.sweep();

        Wire late = f.connect();
        assertThat(late.call("RECONNECT|" + sid)).isEqualTo("REREGISTER");
        assertThat(late.register("shop", "i-1")).as("the client then registers on the same connection").isNotEqualTo(sid);
    }

    @Test
    void theGracePeriodKeepsADisconnectedSessionUntilItEnds() {
        Wire w = f.connect();
        String sid = w.register("shop", "i-1");
        w.close();
        await().until(() -> f.registry.stats().connectedSessions() == 0);

        f.clock.advance(RegistryConfig.DEFAULT_GRACE_PERIOD.minusSeconds(1));
        f.registry.sweep();
        assertThat(f.registry.stats().sessions()).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(1));
        f.registry.sweep();
        assertThat(f.registry.stats().sessions()).isZero();
        assertThat(f.connect().call("RECONNECT|" + sid)).isEqualTo("REREGISTER");
    }

    @Test
    void registeringTheSameServiceAndInstanceAgainDeletesTheOldSession() {
        Wire old = f.connect();
        String oldSid = old.register("shop", "i-1");

        Wire fresh = f.connect();
        String sid = fresh.register("shop", "i-1");

        assertThat(sid).isNotEqualTo(oldSid);
        assertThat(old.call("SESSION_INFO|" + oldSid)).isEqualTo("ERROR|session not found");
        assertThat(old.call("PING")).as("PING still answers").isEqualTo("PONG");
        assertThat(old.call("RECONNECT|" + oldSid)).isEqualTo("REREGISTER");
        assertThat(f.connect().call("RECONNECT|" + oldSid)).isEqualTo("REREGISTER");
        assertThat(f.registry.stats().sessions()).isEqualTo(1);
    }

    @Test
    void registerOnABoundConnectionMovesToTheNewSessionAndThePreviousOneEntersItsGracePeriod() {
        Wire w = f.connect();
        String first = w.register("shop", "i-1");

        String second = w.register("shop", "i-2");

        assertThat(second).isNotEqualTo(first);
        assertThat(f.registry.stats().sessions()).isEqualTo(2);
        assertThat(f.registry.stats().connectedSessions()).isEqualTo(1);
        assertThat(f.connect().call("RECONNECT|" + first)).as("still resumable").isEqualTo("OK");
    }

    @Test
    void clientShutdownAnswersAndClosesAndTheSessionIsGoneAtOnce() {
        Wire w = f.connect();
        String sid = w.register("shop", "i-1");

        assertThat(w.call("CLIENT_SHUTDOWN|" + sid)).isEqualTo("SHUTDOWN_OK");

        assertThat(w.closedByServer()).isTrue();
        assertThat(f.registry.stats().sessions()).isZero();
        assertThat(f.connect().call("RECONNECT|" + sid)).isEqualTo("REREGISTER");
    }

    @Test
    void responsesComeInCommandOrderWhenCommandsArePipelined() {
        Wire w = f.session("shop", "i-1");

        w.send("PING").send("FROB").send("ROUTE_LIST|x").send("PING");

        assertThat(w.read()).isEqualTo("PONG");
        assertThat(w.read()).isEqualTo("ERROR|unknown command: FROB");
        assertThat(w.read()).isEqualTo("ROUTE_LIST_OK|[]");
        assertThat(w.read()).isEqualTo("PONG");
    }
}
