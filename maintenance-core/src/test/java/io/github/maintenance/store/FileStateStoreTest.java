package io.github.maintenance.store;

import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StateStore;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The store contract on a file, with file events and the attribute poll. */
class FileStateStoreTest extends AbstractStateStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected StateStore createStore() {
        return FileStateStore.builder(dir.resolve("state.properties")).pollInterval(Duration.ofMillis(100)).build();
    }
}
