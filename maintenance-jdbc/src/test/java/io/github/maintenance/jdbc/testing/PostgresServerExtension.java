package io.github.maintenance.jdbc.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.UUID;

/**
 * One {@link PostgresServer} for a test class:
 * {@code @RegisterExtension static final PostgresServerExtension POSTGRES = new PostgresServerExtension();}.
 * Give each test its own {@link #freshKey(String) store key} for an empty backing. Without
 * PostgreSQL the class fails under {@code CI=true} and is skipped otherwise (see {@link PostgresServer}).
 */
public final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {

    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PostgresServer.requireBinaries();
        server = PostgresServer.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server. */
    public PostgresServer server() {
        return server;
    }

    /** A store key no other test uses: {@code name-<random>}. */
    public static String freshKey(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
