package io.github.maintenance.redis.testing;

import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process for tests, on a free loopback port, without persistence
 * (a restart starts empty, like a Redis that lost its data), in a directory of its own.
 *
 * <p>When {@code redis-server} is not installed: under {@code CI=true} {@link #start(Path)} fails
 * the test (CI must have it; {@code .ci/run} installs it); otherwise the test is aborted (reported
 * as skipped) with a message saying what is missing. Not thread-safe; one per test class.
 */
public final class RedisServer implements AutoCloseable {

    /** Where Debian's package installs it; the environment variable {@code REDIS_SERVER} overrides it. */
    public static final String DEFAULT_BINARY = "/usr/bin/redis-server";

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** The redis-server binary, or {@code null} when there is none. */
    public static Path binary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null; // named explicitly: no fallback
        }
        if (Files.isExecutable(Path.of(DEFAULT_BINARY))) {
            return Path.of(DEFAULT_BINARY);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(d, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * The redis-server binary; fails the test under {@code CI=true} when it is missing, aborts it
     * (skipped) otherwise.
     */
    public static Path requireBinary() {
        Path b = binary();
        if (b != null) {
            return b;
        }
        String message = "redis-server is not installed (looked for $REDIS_SERVER, " + DEFAULT_BINARY
                + " and the PATH); install Debian's redis-server package";
        if (io.github.maintenance.testing.ExternalProgram.underCi()) {
            throw new AssertionError(message + " (required when CI=true)");
        }
        throw new TestAbortedException(message + " (test skipped because CI is not set)");
    }

    /** Starts a redis-server on a free loopback port with its files in {@code dir}; waits until it answers. */
    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        Path b = requireBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisServer s = new RedisServer(b, dir, freePort());
            try {
                s.launch();
                return s;
            } catch (IOException e) {
                last = e; // the port was taken between finding and binding it: try another
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (ping()) {
                return;
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within 20 s");
    }

    /** Whether it answers PING now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Its port. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills it at once (SIGKILL), as a crash would; its data is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                thaw();
            } catch (IOException e) {
                // a frozen process dies of SIGKILL anyway
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Freezes it (SIGSTOP): connections stay open but nothing answers, as in a network partition
     * that drops packets silently.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Starts it again on the same port, empty. */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s). Idempotent. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
