package io.github.maintenance.redis.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One {@link RedisServer} for a test class, in a temporary directory removed afterwards:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}.
 * Give each test its own {@link #freshPrefix(String) key prefix} for an empty backing. Without
 * redis-server the class fails under {@code CI=true} and is skipped otherwise (see
 * {@link RedisServer}).
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RedisServer.requireBinary();
        dir = Files.createTempDirectory("redis-test-");
        server = RedisServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            dir = null;
        }
    }

    /** The running server. */
    public RedisServer server() {
        return server;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return server.uri();
    }

    /** Its port. */
    public int port() {
        return server.port();
    }

    /** A key prefix no other test uses: {@code name-<random>:}. */
    public static String freshPrefix(String name) {
        return name + "-" + UUID.randomUUID() + ":";
    }
}
