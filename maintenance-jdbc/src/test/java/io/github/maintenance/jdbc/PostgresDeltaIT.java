package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.AbstractStateStoreContractTest.largeState;
import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.jdbc.testing.PostgresServerExtension;
import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deltas in notifications on a real PostgreSQL: a listener holding the base applies them without
 * reading the row ({@code stateReads()} counts every read of it); a gap, a broken connection, a
 * missed last change, a change too large for a notification and a damaged payload make it read
 * the row, never deliver a wrong state; late notifications change nothing. A plain {@code LISTEN}
 * connection stands for an instance of the previous release.
 */
@Timeout(120)
class PostgresDeltaIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private final List<JdbcStateStore> stores = new ArrayList<>();
    private String key;

    @BeforeEach
    void freshKey() {
        key = PostgresServerExtension.freshKey("delta");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcStateStore::close);
    }

    private JdbcStateStore store(Duration heartbeat) {
        JdbcStateStore s = JdbcStateStore.builder(postgres.server().url(), postgres.server().user(), null).key(key)
                .heartbeat(heartbeat).pollInterval(Duration.ofMinutes(1))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300)).build();
        stores.add(s);
        await(WAIT).until(() -> s.propagation().equals("LISTEN/NOTIFY"));
        return s;
    }

    private JdbcStateStore store() {
        return store(Duration.ofSeconds(30));
    }

    /** Watches {@code s}; returns once it got the current state and read it (watch and resync at connect). */
    private static List<StoredState> watching(JdbcStateStore s, long version) {
        List<StoredState> got = new CopyOnWriteArrayList<>();
        s.watch(got::add);
        await(WAIT).until(() -> !got.isEmpty() && last(got).version() == version && s.stateReads() >= 2);
        return got;
    }

    private static StoredState last(List<StoredState> states) {
        return states.get(states.size() - 1);
    }

    private void notify(String... payloads) throws SQLException {
        try (Connection c = postgres.server().connect();
                PreparedStatement s = c.prepareStatement("SELECT pg_notify('maintenance_events', ?)")) {
            for (String p : payloads) {
                s.setString(1, p);
                s.executeQuery().close();
            }
        }
    }

    @Test
    void oneRouteChangesOfALargeStateReachWatchersAsDeltasWithoutReadingTheRow() throws Exception {
        JdbcStateStore writer = store();
        StoredState s = largeState(1, 1_000);
        writer.save(s);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        long reads = reader.stateReads();
        List<StoredState> saved = new ArrayList<>(List.of(s));

        try (PreviousRelease old = new PreviousRelease()) {
            for (long v = 2; v <= 21; v++) {
                s = States.oneRouteChanged(s, v);
                writer.save(s);
                saved.add(s);
            }

            await(WAIT).until(() -> last(got).version() == 21);
            assertThat(got).containsExactlyElementsOf(saved);
            assertThat(reader.stateReads()).as("reads of the row").isEqualTo(reads);
            assertThat(reader.deltasApplied()).isEqualTo(20);
            assertThat(reader.load()).contains(s);

            // The previous release's listener hears VERSION KEY after each delta, and reads the row on it.
            List<String> payloads = old.await(40);
            for (int i = 0; i < 20; i++) {
                assertThat(payloads.get(2 * i)).startsWith((i + 2) + " " + key + " delta=1.0\n");
                assertThat(PreviousRelease.versionFor(payloads.get(2 * i), key)).isEqualTo(-1);
                assertThat(payloads.get(2 * i + 1)).isEqualTo((i + 2) + " " + key);
                assertThat(PreviousRelease.versionFor(payloads.get(2 * i + 1), key)).isEqualTo(i + 2);
            }
        }
    }

    @Test
    void aChangeWrittenWithoutNoticeIsAGapThatTheNextChangeFillsByReadingTheRow() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 200);
        writer.save(v1);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        long reads = reader.stateReads();
        StoredState v2 = States.oneRouteChanged(v1, 2);
        try (Connection c = postgres.server().connect()) {
            States.writeWithoutNotice(c, key, v2);
        }
        JdbcStateStore other = store();
        assertThat(other.load()).contains(v2);
        StoredState v3 = States.oneRouteChanged(v2, 3);

        other.save(v3); // its delta applies to version 2, which the reader never heard of

        await(WAIT).until(() -> last(got).version() == 3);
        assertThat(got).containsExactly(v1, v3);
        assertThat(reader.load()).contains(v3);
        assertThat(reader.deltasApplied()).isZero();
        assertThat(reader.stateReads()).isGreaterThan(reads);

        StoredState v4 = States.oneRouteChanged(v3, 4);
        other.save(v4);

        await(WAIT).until(() -> last(got).version() == 4);
        assertThat(got).containsExactly(v1, v3, v4);
        assertThat(reader.deltasApplied()).isEqualTo(1);
    }

    @Test
    void notificationsOfOlderChangesArrivingLateChangeNothing() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 200);
        StoredState v2 = States.oneRouteChanged(v1, 2);
        StoredState v3 = States.oneRouteChanged(v2, 3);
        writer.save(v1);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        writer.save(v2);
        writer.save(v3);
        await(WAIT).until(() -> last(got).version() == 3);
        long reads = reader.stateReads();

        notify(StateNotice.withDelta(StateDelta.between(v1, v2), key), StateNotice.plain(2, key),
                StateNotice.withDelta(StateDelta.between(v2, v3), key), StateNotice.plain(3, key));
        StoredState v4 = States.oneRouteChanged(v3, 4);
        writer.save(v4);

        await(WAIT).until(() -> last(got).version() == 4);
        assertThat(got).containsExactly(v1, v2, v3, v4);
        assertThat(reader.stateReads()).isEqualTo(reads);
        assertThat(reader.deltasApplied()).isEqualTo(3);
    }

    @Test
    void aListenerWhoseConnectionWasEndedConverges() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 200);
        writer.save(v1);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        int backend = reader.listenerBackend();

        postgres.server().execute("SELECT pg_terminate_backend(" + backend + ")");
        StoredState v2 = States.oneRouteChanged(v1, 2);
        StoredState v3 = States.oneRouteChanged(v2, 3);
        writer.save(v2);
        writer.save(v3);

        await(WAIT).until(() -> last(got).version() == 3);
        assertThat(got).isSubsetOf(v1, v2, v3).endsWith(v3).doesNotHaveDuplicates();
        await(WAIT).until(() -> reader.listenerBackend() != backend);
        assertThat(reader.load()).contains(v3);
    }

    @Test
    void theHeartbeatCatchesUpAListenerThatMissedTheLastChange() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 200);
        writer.save(v1);
        JdbcStateStore reader = store(Duration.ofMillis(100));
        List<StoredState> got = watching(reader, 1);
        StoredState v2 = States.oneRouteChanged(v1, 2);

        try (Connection c = postgres.server().connect()) {
            States.writeWithoutNotice(c, key, v2);
        }

        await(WAIT).until(() -> last(got).version() == 2);
        assertThat(got).containsExactly(v1, v2);
    }

    @Test
    void aChangeTooLargeForANotificationIsAnnouncedByVersionAndReadFromTheRow() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 500);
        writer.save(v1);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        long reads = reader.stateReads();
        StoredState v2 = States.allRoutesChanged(v1, 2);
        StoredState v3 = States.oneRouteChanged(v2, 3);

        try (PreviousRelease old = new PreviousRelease()) {
            writer.save(v2);
            await(WAIT).until(() -> last(got).version() == 2); // read from the row: not yet version 3
            writer.save(v3);

            List<String> payloads = old.await(3);
            assertThat(payloads.get(0)).isEqualTo("2 " + key);
            assertThat(payloads.get(1)).startsWith("3 " + key + " delta=");
            assertThat(payloads.get(2)).isEqualTo("3 " + key);
        }
        await(WAIT).until(() -> last(got).version() == 3);
        assertThat(got).containsExactly(v1, v2, v3);
        assertThat(reader.stateReads()).isEqualTo(reads + 1);
        assertThat(reader.deltasApplied()).isEqualTo(1);
    }

    @Test
    void aDamagedPayloadMakesTheListenerReadTheRowAndDeliversNothingWrong() throws Exception {
        JdbcStateStore writer = store();
        StoredState v1 = largeState(1, 200);
        writer.save(v1);
        JdbcStateStore reader = store();
        List<StoredState> got = watching(reader, 1);
        long reads = reader.stateReads();
        StoredState v2 = States.oneRouteChanged(v1, 2);
        String delta = StateNotice.withDelta(StateDelta.between(v1, v2), key);

        notify("2 " + key + " delta=1.0\nbase_version=1\nversion=2\nsaved_at=yesterday",
                "3" + delta.substring(1), // announces version 3 with the delta to version 2
                "x " + key);

        await(WAIT).until(() -> reader.stateReads() == reads + 3);
        writer.save(v2);
        await(WAIT).until(() -> last(got).version() == 2);
        assertThat(got).containsExactly(v1, v2);
        assertThat(reader.deltasApplied()).isEqualTo(1);
        assertThat(reader.stateReads()).isEqualTo(reads + 3);
    }

    /** A connection listening as an instance of the previous release does: the payloads for this test's key. */
    private final class PreviousRelease implements AutoCloseable {
        private final Connection connection;
        private final List<String> payloads = new ArrayList<>();

        PreviousRelease() throws SQLException {
            connection = postgres.server().connect();
            try (Statement s = connection.createStatement()) {
                s.execute("LISTEN maintenance_events");
            }
        }

        /** How the previous release reads a payload: the version of {@code VERSION KEY} for its key, else -1. */
        static long versionFor(String payload, String key) {
            int space = payload == null ? -1 : payload.indexOf(' ');
            if (space <= 0 || !payload.substring(space + 1).equals(key)) {
                return -1;
            }
            try {
                return Long.parseLong(payload.substring(0, space));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** Waits for {@code count} payloads naming this test's key and returns them, in order. */
        List<String> await(int count) {
            PGConnection pg;
            try {
                pg = connection.unwrap(PGConnection.class);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            io.github.maintenance.testing.Awaits.await(WAIT).until(() -> {
                PGNotification[] got = pg.getNotifications(50);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    if (n.getParameter().contains(" " + key)) {
                        payloads.add(n.getParameter());
                    }
                }
                return payloads.size() >= count;
            });
            assertThat(payloads).hasSize(count);
            return payloads;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
