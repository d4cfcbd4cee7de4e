package io.github.maintenance.store;

import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.spi.StateStore;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The store contract on a file with the attribute poll only (as on platforms without file events). */
class FileStateStorePollingTest extends AbstractStateStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected StateStore createStore() {
        return FileStateStore.builder(dir.resolve("state.properties")).pollInterval(Duration.ofMillis(50))
                .watchService(false).build();
    }
}
