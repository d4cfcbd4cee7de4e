package io.github.maintenance.jdbc.testing;

import io.github.maintenance.testing.ExternalProgram;

import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: {@code initdb} into a temporary directory of its own (trust
 * authentication, superuser {@code test}), then {@code pg_ctl start} on a free loopback port with
 * its socket in that directory. {@link #stop()} and {@link #start()} stop and start it again on the
 * same port with the same data, as a database restart would; {@link #close()} stops it and removes
 * the directory.
 *
 * <p>{@code initdb} refuses to run as root: as root, the directory is given to the {@code postgres}
 * user (Debian's package creates it) and the programs run through {@code runuser -u postgres}.
 * When PostgreSQL is not installed: under {@code CI=true} {@link #create()} fails the test (CI must
 * have it; {@code .ci/run} installs Debian's {@code postgresql} package); otherwise the test is
 * aborted (reported as skipped) with a message saying what is missing. Not thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

    /** Where Debian's package installs the programs; {@code PG_BIN} (a directory) overrides it. */
    public static final Path DEBIAN_LIB = Path.of("/usr/lib/postgresql");

    private static final String USER = "test";

    private final Path bin;
    private final Path dir;
    private final boolean asPostgres;
    private final int port;

    private PostgresServer(Path bin, Path dir, boolean asPostgres, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgres = asPostgres;
        this.port = port;
    }

    /** The directory holding {@code initdb} and {@code pg_ctl}, or {@code null} when there is none. */
    public static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p.resolve("initdb")) ? p : null; // named explicitly: no fallback
        }
        if (Files.isDirectory(DEBIAN_LIB)) {
            try (Stream<Path> versions = Files.list(DEBIAN_LIB)) {
                Path newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing((Path b) -> b.getParent().getFileName().toString(),
                                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())))
                        .orElse(null);
                if (newest != null) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, "initdb")) && Files.isExecutable(Path.of(d, "pg_ctl"))) {
                    return Path.of(d);
                }
            }
        }
        return null;
    }

    /** The PostgreSQL programs; fails the test under {@code CI=true} when missing, aborts it (skipped) otherwise. */
    public static Path requireBinaries() {
        Path b = binaries();
        if (b != null) {
            return b;
        }
        String message = "PostgreSQL is not installed (looked for $PG_BIN, " + DEBIAN_LIB
                + "/*/bin and the PATH for initdb and pg_ctl); install Debian's postgresql package";
        if (ExternalProgram.underCi()) {
            throw new AssertionError(message + " (required when CI=true)");
        }
        throw new TestAbortedException(message + " (test skipped because CI is not set)");
    }

    /** Creates a database cluster in a new temporary directory and starts it on a free loopback port. */
    public static PostgresServer create() throws IOException, InterruptedException {
        Path b = requireBinaries();
        Path dir = Files.createTempDirectory("postgres-test-");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            if (root) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                PostgresServer s = new PostgresServer(b, dir, root, freePort());
                if (attempt == 0) {
                    s.run(60, s.program("initdb"), "-D", s.data(), "-A", "trust", "-U", USER, "-E", "UTF8",
                            "--no-locale", "--no-sync");
                }
                try {
                    s.start();
                    return s;
                } catch (IOException e) {
                    last = e; // the port was taken between finding and binding it: try another
                }
            }
            throw last;
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** Starts it (again) on its port, with its data; waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        run(60, program("pg_ctl"), "-D", data(), "-l", dir.resolve("log").toString(), "-w", "-t", "50",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off", "start");
    }

    /** Stops it (fast shutdown: open connections are closed at once); the data stays. */
    public void stop() throws IOException, InterruptedException {
        run(60, program("pg_ctl"), "-D", data(), "-m", "fast", "-w", "-t", "50", "stop");
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}; connect as {@link #user()} without a password. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The superuser {@code test}. */
    public String user() {
        return USER;
    }

    /** A new connection as the superuser. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Runs statements as the superuser, each on its own. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Stops it if it runs and removes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } catch (IOException e) {
            System.err.println("pg_ctl stop failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(dir);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private String program(String name) {
        return bin.resolve(name).toString();
    }

    private void run(int seconds, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path output = Files.createTempFile("postgres-test-", ".out");
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + Files.readString(output) + log);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
