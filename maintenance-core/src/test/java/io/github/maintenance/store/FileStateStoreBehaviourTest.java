package io.github.maintenance.store;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.NewerFormatException;
import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StaleStateException;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file store beyond the contract: the file it writes, damaged files, several writers. */
class FileStateStoreBehaviourTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDefault();
    private final List<FileStateStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(FileStateStore::close);
    }

    private FileStateStore store() {
        FileStateStore s = FileStateStore.builder(dir.resolve("state.properties")).pollInterval(Duration.ofMillis(50))
                .clock(clock).build();
        stores.add(s);
        return s;
    }

    private static StoredState state(long version) {
        return AbstractStateStoreContractTest.sampleState(version);
    }

    @Test
    void writesTheDocumentedFormatAndLeavesNoTemporaryFileBehind() throws Exception {
        FileStateStore s = store();
        s.save(state(3));
        s.save(state(4));

        assertThat(Files.readString(s.file())).isEqualTo(StoredStateFormat.encode(state(4)))
                .startsWith("# Maintenance state (io.github.maintenance), format 1.3.")
                .contains("\nformat=1.3\nversion=4\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("state.properties", "state.properties.lock");
        }
    }

    @Test
    void createsAMissingDirectoryAndRefusesPathsItCannotUse() throws Exception {
        FileStateStore s = FileStateStore.open(dir.resolve("a/b/state.properties"));
        stores.add(s);
        s.save(state(1));
        assertThat(dir.resolve("a/b/state.properties")).exists();

        Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> FileStateStore.open(dir.resolve("plain-file/state.properties")))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'stateFile': '" + dir.resolve("plain-file/state.properties")
                        + "' (its directory cannot be created or read");
        assertThatThrownBy(() -> FileStateStore.open(dir)).isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("(is a directory; give a file path)");
        assertThatThrownBy(() -> FileStateStore.builder(dir.resolve("x")).pollInterval(Duration.ofHours(1)).build())
                .hasMessage("invalid value for 'pollInterval': 'PT1H' (must be 10ms to 1m)");
    }

    @Test
    void anotherStoreOnTheFileRefusesAnOlderVersion() {
        store().save(state(5));

        assertThatThrownBy(() -> store().save(state(5))).isInstanceOf(StaleStateException.class)
                .hasMessage("stale state: version 5 is not newer than the stored version 5");
        assertThat(store().load()).contains(state(5));
    }

    @Test
    void aDamagedFileIsReportedNamingTheFileAndTheProblemAndShownInTheStatus() throws Exception {
        FileStateStore s = store();
        Files.writeString(s.file(), "format=1.0\nversion=seven\nsaved_at=2026-01-01T00:00:00Z\n");

        assertThatThrownBy(s::load).isInstanceOf(StateStoreException.class)
                .hasMessage("the state file " + s.file() + " is damaged: invalid stored state: key 'version' = 'seven': "
                        + "expected an integer");
        assertThat(s.status().available()).isFalse();
        assertThat(s.status().detail()).contains("key 'version' = 'seven'");
        assertThat(s.status().since()).isEqualTo(clock.instant());
        assertThat(s.status().store()).isEqualTo("file " + s.file());
    }

    @Test
    void aSaveOverADamagedFileKeepsACopyAndTheStoreIsHealthyAgain() throws Exception {
        FileStateStore s = store();
        String damaged = "format=1.0\nversion=9\n\u0000\u0000";
        Files.writeString(s.file(), damaged);
        assertThatThrownBy(s::load).isInstanceOf(StateStoreException.class);
        clock.advance(Duration.ofSeconds(5));

        s.save(state(1));

        assertThat(s.load()).contains(state(1));
        assertThat(Files.readString(dir.resolve("state.properties.corrupt"))).isEqualTo(damaged);
        assertThat(s.status().available()).isTrue();
        assertThat(s.status().since()).isEqualTo(clock.instant());
    }

    @Test
    void aFileOfANewerMajorFormatIsRefusedAndLeftAlone() throws Exception {
        FileStateStore s = store();
        String newer = "format=2.0\nversion=1\n";
        Files.writeString(s.file(), newer);

        assertThatThrownBy(s::load).isInstanceOf(NewerFormatException.class)
                .hasMessageContaining("format 2.0 was written by a newer version of the library");
        assertThat(Files.readString(s.file())).isEqualTo(newer);
    }

    @Test
    void aChangeNeverWritesOverAFileOfANewerFormat() throws Exception {
        String newer = "format=2.0\nversion=9\nsomething.new=kept\n";
        Files.writeString(dir.resolve("state.properties"), newer);
        FileStateStore s = store();

        try (MaintenanceController c = MaintenanceController.create(MaintenanceConfig.custom().clock(clock)
                .tickInterval(Duration.ZERO).stateStore(s).build())) {
            ChangeResult r = c.apply(Change.enter("ALL"), Cause.api());

            assertThat(r.storeSaved()).as("the change holds on this instance only").isFalse();
            assertThat(c.snapshot().state(Route.CATCH_ALL_ID).maintenance()).isNotNull();
            assertThat(Files.readString(s.file())).isEqualTo(newer);
            assertThat(c.storeStatus().available()).isFalse();
            assertThatThrownBy(() -> s.save(state(10))).isInstanceOf(NewerFormatException.class);
            assertThat(Files.readString(s.file())).isEqualTo(newer);
        }
    }

    @Test
    void aWatcherKeepsItsStateWhileTheFileIsDamagedAndPicksUpTheNextGoodOne() throws Exception {
        FileStateStore writer = store();
        FileStateStore reader = store();
        writer.save(state(1));
        BlockingQueue<StoredState> seen = new LinkedBlockingQueue<>();
        reader.watch(seen::add);

        Files.write(writer.file(), "format=1.0\nversion=".getBytes(StandardCharsets.UTF_8));
        await().until(() -> !reader.status().available());
        assertThat(reader.status().detail()).startsWith("the state file " + reader.file() + " is damaged: ");

        writer.save(state(2));

        assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo(state(2));
        assertThat(seen).isEmpty();
        await().until(() -> reader.status().available());
    }
}
