package io.github.maintenance.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/maintenancectl} (with the packaged jar) as its own process, as a user would. */
final class Maintenancectl {

    private static final Path JAR = Path.of(System.getProperty("maintenancectl.jar",
            "../maintenance-ctl/target/maintenancectl.jar"));
    private static final Path SCRIPT = Path.of(System.getProperty("maintenancectl.script", "../scripts/maintenancectl"));

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
    }

    private Maintenancectl() {
    }

    /**
     * Starts {@code maintenancectl --port registryPort args...}; {@code token}, when not
     * {@code null}, goes in {@code MAINTENANCE_TOKEN}.
     */
    static Process start(int registryPort, String token, String... args) throws IOException {
        assertThat(JAR).as("run mvn package first").exists();
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "--port", Integer.toString(registryPort)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MAINTENANCECTL_JAR", JAR.toAbsolutePath().toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAINTENANCE_TOKEN");
        if (token != null) {
            pb.environment().put("MAINTENANCE_TOKEN", token);
        }
        return pb.start();
    }

    /** Runs it to the end (at most a minute), with no input. */
    static Result run(int registryPort, String token, String... args) throws Exception {
        Process p = start(registryPort, token, args);
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("maintenancectl finished").isTrue();
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
