package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.store.FlagFileWatcher;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** {@code scripts/maintenance-flag.sh}, run with bash, against a real watcher and controller. */
class FlagFileScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent()
            .resolve("scripts/maintenance-flag.sh");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertThat(SCRIPT).exists();
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("MAINTENANCE_DIR");
        pb.environment().remove("MAINTENANCE_FLAG_NAME");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("script finished").isTrue();
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void enableAndDisableDriveARunningWatcher() throws Exception {
        Path site = Files.createDirectory(dir.resolve("site"));
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(
                new MutableClock(Instant.now())).build());
                FlagFileWatcher watcher = FlagFileWatcher.start(c, site)) {
            Result enabled = run("enable", site.toString(), "--message", "Back at noon, promised",
                    "--url=https://status.example.com/m.html", "--until", "2099-01-01T12:00:00+01:00");

            assertThat(enabled.status()).isZero();
            assertThat(enabled.out()).isEqualTo("enabled: " + site.resolve(".maintenance") + "\n");
            await(Duration.ofSeconds(20)).until(() -> c.decide("h", "/").action() == Action.MAINTENANCE);
            MaintenanceState m = c.snapshot().state("*").maintenance();
            assertThat(m.message()).isEqualTo("Back at noon, promised");
            assertThat(m.pageUrl()).isEqualTo("https://status.example.com/m.html");
            assertThat(m.until()).isEqualTo(Instant.parse("2099-01-01T11:00:00Z"));
            assertThat(watcher.problems()).isEmpty();

            Result disabled = run("disable", site.toString());

            assertThat(disabled.status()).isZero();
            assertThat(disabled.out()).isEqualTo("disabled: " + site.resolve(".maintenance") + " (removed)\n");
            await(Duration.ofSeconds(20)).until(() -> c.decide("h", "/").action() == Action.PASS);
            try (var files = Files.list(site)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void statusSaysWhetherTheFlagExistsAndWhatItSays() throws Exception {
        Result absent = run("status");
        assertThat(absent.status()).isEqualTo(3);
        assertThat(absent.out()).isEqualTo("disabled: ./.maintenance\n");

        assertThat(run("enable", "--message", "upgrade").status()).isZero();
        Result present = run("status", ".");

        assertThat(present.status()).isZero();
        assertThat(present.out()).startsWith("enabled: ./.maintenance\n  # maintenance flag written by")
                .endsWith("\n  message=upgrade\n");
    }

    @Test
    void valuesAreWrittenSoThatPropertiesReadsThemBack() throws Exception {
        String message = "50% done: C:\\temp = #1 ! caf\u00e9";
        assertThat(run("enable", ".", "--message", message).status()).isZero();

        Properties p = read(dir.resolve(".maintenance"));

        assertThat(p.getProperty("message")).isEqualTo(message);
        assertThat(p.stringPropertyNames()).containsExactly("message");
    }

    @Test
    void theDirectoryAndFileNameComeFromTheEnvironmentWhenNotGiven() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Result r = run(Map.of("MAINTENANCE_DIR", other.toString(), "MAINTENANCE_FLAG_NAME", "offline"), "enable");

        assertThat(r.status()).isZero();
        assertThat(other.resolve("offline")).exists();
        assertThat(run(Map.of("MAINTENANCE_FLAG_NAME", "../x"), "status").status()).isEqualTo(2);
    }

    @Test
    void anEndTimeIsNormalisedToUtc() throws Exception {
        assertThat(run("enable", "--until", "2099-06-01T08:00:00-04:00").status()).isZero();

        assertThat(read(dir.resolve(".maintenance")).getProperty("until")).isEqualTo("2099-06-01T12:00:00Z");
    }

    @Test
    void badUsageExitsWith2AndWritesNothing() throws Exception {
        Result noCommand = run();
        assertThat(noCommand.status()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("maintenance-flag.sh: a command is required (enable, disable or status)\n")
                .contains("Usage: maintenance-flag.sh enable  [DIR]");

        assertThat(run("start").err()).startsWith("maintenance-flag.sh: unknown command 'start'");
        assertThat(run("enable", "--message").err()).startsWith("maintenance-flag.sh: --message needs a value");
        assertThat(run("enable", "--colour", "red").err()).startsWith("maintenance-flag.sh: unknown option '--colour'");
        assertThat(run("disable", "--message", "x").err())
                .startsWith("maintenance-flag.sh: --message is an option of enable only");
        assertThat(run("enable", "a", "b").err())
                .startsWith("maintenance-flag.sh: only one directory may be given (got 'a' and 'b')");
        Result twoLines = run("enable", "--message", "line one\nurl=http://evil.example/");
        assertThat(twoLines.status()).isEqualTo(2);
        assertThat(twoLines.err()).startsWith("maintenance-flag.sh: values must be one line (found a line break)");
        Result badTime = run("enable", "--until", "when pigs fly");
        assertThat(badTime.status()).isEqualTo(2);
        assertThat(badTime.err()).startsWith("maintenance-flag.sh: --until 'when pigs fly' is not a time");
        assertThat(dir.resolve(".maintenance")).doesNotExist();
    }

    @Test
    void aMissingDirectoryIsAFailure() throws Exception {
        Result r = run("enable", dir.resolve("nowhere").toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("maintenance-flag.sh: directory '" + dir.resolve("nowhere")
                + "' does not exist\n");
        assertThat(run("help").status()).isZero();
    }
}
