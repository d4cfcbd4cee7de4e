package io.github.maintenance.registry;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 1 000 connections open at the same time, each registering its own session (all REGISTER lines
 * sent before any reply is read), adding a route and pinging, driven by a few client threads: the documented
 * thread-per-connection model must serve them all, and every connection thread must be gone after
 * close.
 */
class ThousandSessionsTest {

    private static final int SESSIONS = 1000;
    private static final int CLIENT_THREADS = 8;

    /** Every client comes from 127.0.0.1: no per-address cap. */
    private final RegistryFixture f = RegistryFixture.start(b -> b.maxConnectionsPerAddress(0));
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);

    @AfterEach
    void close() throws InterruptedException {
        clients.shutdownNow();
        clients.awaitTermination(20, TimeUnit.SECONDS);
        f.close();
    }

    @Test
    void aThousandConcurrentSessionsRegisterAndPing() throws Exception {
        List<Wire> wires = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            wires.add(f.connect());
        }
        await(Duration.ofSeconds(20)).until(() -> f.registry.stats().connections() == SESSIONS);

        for (int i = 0; i < SESSIONS; i++) {
            wires.get(i).send("REGISTER|load|i-" + i + "|8080|null");
        }
        List<String> sids = runOnAll(wires, (w, i) -> {
            String ack = w.read();
            assertThat(ack).startsWith("ACK|");
            return ack.substring(4);
        });
        assertThat(sids).doesNotHaveDuplicates().hasSize(SESSIONS);
        assertThat(f.registry.stats().connectedSessions()).isEqualTo(SESSIONS);

        List<String> replies = runOnAll(wires, (w, i) -> {
            w.send("PING|" + sids.get(i)).send("ROUTE_ADD|" + sids.get(i) + "|*|/svc-" + i + "|http://127.0.0.1:1|0")
                    .send("PING|" + sids.get(i));
            return w.read() + " " + w.read().substring(0, 9) + " " + w.read();
        });
        assertThat(replies).allMatch(r -> r.equals("PONG ROUTE_OK| PONG"));

        List<String> applied = runOnAll(wires, (w, i) -> w.call("CONFIG_APPLY|" + sids.get(i)));
        assertThat(applied).containsOnly("OK");
        assertThat(f.controller.routes()).hasSize(SESSIONS + 1);

        List<String> shutdown = runOnAll(wires, (w, i) -> w.call("CLIENT_SHUTDOWN|" + sids.get(i)));
        assertThat(shutdown).containsOnly("SHUTDOWN_OK");
        await(Duration.ofSeconds(20)).until(() -> f.registry.stats().connections() == 0);
        assertThat(f.registry.stats().sessions()).isZero();
        assertThat(f.controller.routes()).hasSize(1);
        await(Duration.ofSeconds(20)).until(() -> connectionThreads() == 0);
    }

    private static long connectionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("registry-connection-")).count();
    }

    /** Runs {@code action} on every connection, spread over the client threads, and collects the results in order. */
    private List<String> runOnAll(List<Wire> wires, WireAction action) throws Exception {
        List<Future<List<String>>> parts = new ArrayList<>();
        int per = (wires.size() + CLIENT_THREADS - 1) / CLIENT_THREADS;
        for (int t = 0; t < CLIENT_THREADS; t++) {
            int from = t * per;
            int to = Math.min(wires.size(), from + per);
            parts.add(clients.submit(() -> {
                List<String> out = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    out.add(action.run(wires.get(i), i));
                }
                return out;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> p : parts) {
            all.addAll(p.get(120, TimeUnit.SECONDS));
        }
        return all;
    }

    @FunctionalInterface
    private interface WireAction {
        String run(Wire w, int index) throws Exception;
    }
}
