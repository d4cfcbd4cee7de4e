package io.github.maintenance.faults;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.examples.DemoApp;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.spi.StoreStatus;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.FlagFileWatcher;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo with {@code --state-dir} when its flag file or its state file is something odd: a FIFO,
 * a symbolic link loop, a dangling link, a directory, a 64 MiB file, garbage with NULs, a state of
 * a newer format, an end time in the year 999999999. The demo starts (or refuses to, saying why),
 * its watchers and its stop never hang, the site is in the state the documentation gives, and a
 * valid change made afterwards through the dashboard works.

 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class OddFilesIT {

    private static final Duration START_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private DemoApp start() {
        return assertTimeoutPreemptively(START_BOUND, () -> Demo.withStateDir(dir), "the demo did not start in time");
    }

    /**
     * FlagFileWatcher: a flag file that exists but cannot be used (not a regular file, too large,
     * unreadable, bad content, an end time out of range) puts ALL into plain maintenance: the
     * built-in page, no end. The flag watcher keeps watching: the oddity appearing again, its
     * removal, and a valid flag file are all seen.
     */
    @ParameterizedTest
    @EnumSource(OddFile.class)
    void anOddFlagFileMeansPlainMaintenanceAndTheWatcherGoesOn(OddFile odd) throws Exception {
        Path flag = dir.resolve(FlagFileWatcher.DEFAULT_FILE_NAME);
        odd.create(flag, false);

        DemoApp app = start();
        try {
            HttpResponse<String> page = Http.get(app.uri("/api"), "Accept", "text/plain");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
            RouteStatus all = app.controller().status("*");
            assertThat(all.inMaintenance()).isTrue();
            assertThat(all.maintenanceUntil()).as("plain maintenance has no end").isNull();
            assertThat(all.maintenanceMessage()).as("plain maintenance has the default message").isNull();

            assertThat(Demo.accepted(app, "{\"action\":\"exit\",\"target\":\"ALL\"}")).doesNotContain("store_saved");
            assertThat(Demo.status(app, "/")).isEqualTo(200);

            OddFile.remove(flag);
            odd.create(flag, false);
            await().until(() -> Demo.status(app, "/") == 503);
            OddFile.remove(flag);
            await().until(() -> Demo.status(app, "/") == 200);

            Files.writeString(flag, "message=Valid flag\n");
            await().until(() -> Http.get(app.uri("/admin")).body().contains("Valid flag"));
            Files.delete(flag);
            await().until(() -> Demo.status(app, "/admin") == 200);
        } finally {
            Demo.closeWithinBound(app);
        }
    }

    /**
     * FileStateStore: a state file that cannot be read or parsed (or a link to nothing: no state)
     * leaves every route serving, the store reports the problem, and the next change replaces the
     * damaged file (keeping a {@code .corrupt} copy of a damaged regular file), so it survives a
     * restart. A state of a newer format is never written over: the change holds on this
     * instance only ({@code store_saved: false}) and the file keeps its bytes.
     */
    @ParameterizedTest
    @EnumSource(value = OddFile.class, names = {"FIFO", "LINK_LOOP", "DANGLING_LINK", "HUGE", "GARBAGE", "NEWER_FORMAT",
        "FAR_FUTURE_UNTIL"})
    void anOddStateFileLeavesTheSiteServingAndAValidChangeStillWorks(OddFile odd) throws Exception {
        Path state = dir.resolve(FileStateStore.DEFAULT_FILE_NAME);
        odd.create(state, true);
        byte[] before = Files.isRegularFile(state) ? Files.readAllBytes(state) : null;

        DemoApp app = start();
        String answer;
        try {
            assertThat(Demo.status(app, "/")).isEqualTo(200);
            assertThat(app.controller().status("*").inMaintenance()).isFalse();
            StoreStatus store = app.controller().storeStatus();
            if (odd == OddFile.DANGLING_LINK || odd == OddFile.FAR_FUTURE_UNTIL) {
                // No file behind the link: no state. An end time past 9999: the file reads well and the
                // controller refuses that state (ERROR log), keeping every route serving.
                assertThat(store.available()).as(store.detail()).isTrue();
            } else {
                assertThat(store.available()).isFalse();
                assertThat(store.detail()).contains(state.getFileName().toString());
            }

            answer = Demo.accepted(app, "{\"action\":\"enter\",\"target\":\"api\",\"message\":\"Valid change\"}");
            assertThat(Http.get(app.uri("/api")).body()).contains("Valid change");
            assertThat(Demo.status(app, "/")).isEqualTo(200);
        } finally {
            Demo.closeWithinBound(app);
        }

        if (odd == OddFile.NEWER_FORMAT) {
            assertThat(answer).contains("\"store_saved\":false");
            assertThat(Files.readAllBytes(state)).as("a newer-format state file is never written over")
                    .isEqualTo(before);
        } else if (odd == OddFile.LINK_LOOP) {
            assertThat(answer).contains("\"store_saved\":false");
            assertThat(Files.isSymbolicLink(state)).as("the loop is left as it is").isTrue();
        } else {
            assertThat(answer).doesNotContain("store_saved");
            assertThat(Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(StoredStateFormat.decode(Files.readAllBytes(state)).routeStates()).containsKey("api");
            if (before != null && odd != OddFile.FAR_FUTURE_UNTIL) {
                Path corrupt = dir.resolve(FileStateStore.DEFAULT_FILE_NAME + ".corrupt");
                assertThat(corrupt).as("the damaged file is kept aside").exists();
                assertThat(Files.size(corrupt)).isEqualTo(before.length);
            }
        }

        DemoApp again = start();
        try {
            boolean saved = odd != OddFile.NEWER_FORMAT && odd != OddFile.LINK_LOOP;
            assertThat(Demo.status(again, "/api")).as("the change survived the restart").isEqualTo(saved ? 503 : 200);
            String change = Demo.accepted(again, "{\"action\":\"enter\",\"target\":\"admin\"}");
            if (saved) {
                assertThat(change).doesNotContain("store_saved");
            } else {
                assertThat(change).contains("\"store_saved\":false");
            }
            assertThat(Demo.status(again, "/admin")).isEqualTo(503);
        } finally {
            Demo.closeWithinBound(again);
        }
        if (odd == OddFile.NEWER_FORMAT) {
            assertThat(Files.readAllBytes(state)).isEqualTo(before);
        }
    }

    /**
     * The same oddities put in place of the state file while the demo runs: the store's watcher
     * reports the file (it never blocks on it), the state in force stays as it was, and the next
     * change replaces a damaged file but never a newer-format one or a link loop.
     */
    @ParameterizedTest
    @EnumSource(value = OddFile.class, names = {"FIFO", "LINK_LOOP", "HUGE", "GARBAGE", "NEWER_FORMAT"})
    void anOddStateFileAppearingWhileTheDemoRunsChangesNothingInForce(OddFile odd) throws Exception {
        Path state = dir.resolve(FileStateStore.DEFAULT_FILE_NAME);
        DemoApp app = start();
        try {
            assertThat(Demo.accepted(app, "{\"action\":\"enter\",\"target\":\"admin\"}")).doesNotContain("store_saved");
            assertThat(state).isRegularFile();

            Files.delete(state);
            odd.create(state, true);
            byte[] before = Files.isRegularFile(state) ? Files.readAllBytes(state) : null;

            await().until(() -> !app.controller().storeStatus().available());
            assertThat(app.controller().storeStatus().detail()).contains(state.getFileName().toString());
            assertThat(Demo.status(app, "/admin")).isEqualTo(503);
            assertThat(Demo.status(app, "/")).isEqualTo(200);

            String answer = Demo.accepted(app, "{\"action\":\"enter\",\"target\":\"api\"}");
            assertThat(Demo.status(app, "/api")).isEqualTo(503);
            if (odd == OddFile.NEWER_FORMAT || odd == OddFile.LINK_LOOP) {
                assertThat(answer).contains("\"store_saved\":false");
                if (before != null) {
                    assertThat(Files.readAllBytes(state)).isEqualTo(before);
                }
            } else {
                assertThat(answer).doesNotContain("store_saved");
                assertThat(StoredStateFormat.decode(Files.readAllBytes(state)).routeStates()).containsKeys("admin", "api");
                await().until(() -> app.controller().storeStatus().available());
            }
        } finally {
            Demo.closeWithinBound(app);
        }
    }

    /** A directory where the state file should be: the demo refuses to start and says why. */
    @Test
    void aDirectoryAsTheStateFileStopsTheStartWithAClearMessage() throws Exception {
        OddFile.DIRECTORY.create(dir.resolve(FileStateStore.DEFAULT_FILE_NAME), true);

        Throwable refused = catchThrowable(() -> Demo.withStateDir(dir));
        assertThat(refused).isInstanceOf(MaintenanceException.class).hasMessageContaining("is a directory");

        Path jar = Path.of(System.getProperty("demo.jar", "../examples/target/maintenance-demo.jar"));
        assertThat(jar).as("the packaged demo").exists();
        Path err = dir.resolve("demo.err");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--http-port", "0", "--registry-port", "0", "--state-dir", dir.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the demo exits").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(DemoApp.EXIT_START_FAILED);
        assertThat(stderr).startsWith("maintenance-demo: ").contains("is a directory");
    }
}
