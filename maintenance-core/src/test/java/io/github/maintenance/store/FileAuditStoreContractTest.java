package io.github.maintenance.store;

import io.github.maintenance.spi.AuditStore;
import io.github.maintenance.testing.AbstractAuditStoreContractTest;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The audit store contract on a file store's audit file. */
class FileAuditStoreContractTest extends AbstractAuditStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected AuditStore createStore() {
        return FileStateStore.open(dir.resolve("state.properties"));
    }
}
