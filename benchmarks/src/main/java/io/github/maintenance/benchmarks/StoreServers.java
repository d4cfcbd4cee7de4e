package io.github.maintenance.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throwaway store servers for the benchmarks, started the same way the store tests start them: a
 * {@code redis-server} without persistence, and a PostgreSQL cluster made with {@code initdb} in a
 * temporary directory (trust authentication, superuser {@code bench}, {@code fsync=off}), each on a
 * free port on 127.0.0.1. As root, PostgreSQL's programs run as the {@code postgres} user
 * ({@code initdb} refuses root). {@link Server#close()} stops the server and removes its directory.
 */
final class StoreServers {

    private StoreServers() {
    }

    /** A started server: its port, and how to stop it. */
    interface Server extends AutoCloseable {

        /** {@return its TCP port on 127.0.0.1} */
        int port();

        /** Stops it and removes its files; never throws. */
        @Override
        void close();
    }

    /** Starts {@code redis-server} ({@code $REDIS_SERVER} or the one on the PATH). */
    static Server redis() throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        Path dir = Files.createTempDirectory("bench-redis-");
        int port = freePort();
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        Server server = new Server() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                p.destroy();
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
                delete(dir);
            }
        };
        awaitPort(port, p, server);
        return server;
    }

    /** Runs {@code initdb} and {@code pg_ctl start} ({@code $PG_BIN} or the newest in /usr/lib/postgresql). */
    static Server postgres() throws IOException, InterruptedException {
        Path bin = postgresBinaries();
        Path dir = Files.createTempDirectory("bench-postgres-");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, owner);
        }
        int port = freePort();
        String data = dir.resolve("data").toString();
        Server server = new Server() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                try {
                    run(root, 60, bin.resolve("pg_ctl").toString(), "-D", data, "-m", "fast", "-w", "stop");
                } catch (IOException e) {
                    System.err.println("pg_ctl stop failed: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delete(dir);
            }
        };
        try {
            run(root, 120, bin.resolve("initdb").toString(), "-D", data, "-A", "trust", "-U", "bench", "-E", "UTF8",
                    "--no-locale", "--no-sync");
            run(root, 60, bin.resolve("pg_ctl").toString(), "-D", data, "-l", dir.resolve("log").toString(), "-w",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start");
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
        return server;
    }

    /** {@return the PostgreSQL programs' directory} */
    private static Path postgresBinaries() throws IOException {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing((Path b) -> b.getParent().getFileName().toString(),
                                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())))
                        .orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
        }
        throw new IOException("PostgreSQL is not installed (no $PG_BIN, nothing in /usr/lib/postgresql/*/bin)");
    }

    private static void run(boolean asPostgres, int seconds, String... command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path output = Files.createTempFile("bench-postgres-", ".out");
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void awaitPort(int port, Process p, Server server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                server.close();
                throw new IOException("redis-server exited with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        server.close();
        throw new IOException("redis-server did not listen on port " + port + " within 20 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
