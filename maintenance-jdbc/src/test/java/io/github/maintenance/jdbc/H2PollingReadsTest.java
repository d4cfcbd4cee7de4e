package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.AbstractStateStoreContractTest.largeState;
import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.spi.StoredState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Polling on H2 has no payload to carry a delta: a store reads the row when it polls a version newer
 * than any it knows, and never for the versions it saved itself.
 */
@Timeout(60)
class H2PollingReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aStoreReadsTheRowOnlyForVersionsItDidNotSave() {
        String url = "jdbc:h2:mem:reads-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (JdbcStateStore writer = JdbcStateStore.builder(url, "sa", "").pollInterval(Duration.ofMillis(20)).build();
                JdbcStateStore reader = JdbcStateStore.builder(url, "sa", "").pollInterval(Duration.ofMillis(20))
                        .build()) {
            StoredState s = largeState(1, 1_000);
            writer.save(s);
            List<StoredState> byWriter = new CopyOnWriteArrayList<>();
            List<StoredState> byReader = new CopyOnWriteArrayList<>();
            writer.watch(byWriter::add);
            reader.watch(byReader::add);
            await(WAIT).until(() -> !byWriter.isEmpty() && !byReader.isEmpty());
            long writerReads = writer.stateReads();
            long readerReads = reader.stateReads();
            Map<Long, StoredState> saved = new HashMap<>(Map.of(1L, s));

            for (long v = 2; v <= 6; v++) {
                s = States.oneRouteChanged(s, v);
                writer.save(s);
                saved.put(v, s);
            }

            StoredState last = s;
            await(WAIT).until(() -> byWriter.contains(last) && byReader.contains(last));
            for (List<StoredState> got : List.of(byWriter, byReader)) {
                assertThat(got.stream().map(StoredState::version).toList()).isSorted().doesNotHaveDuplicates();
                assertThat(got).allMatch(x -> x.equals(saved.get(x.version()))).endsWith(last);
            }
            assertThat(writer.stateReads()).as("the writer's reads of the row").isEqualTo(writerReads);
            assertThat(reader.stateReads() - readerReads).isBetween(1L, 5L);
            assertThat(new ArrayList<>(List.of(writer.deltasApplied(), reader.deltasApplied()))).containsOnly(0L);
        }
    }
}
