package io.github.maintenance;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.store.FlagFileWatcher;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The flag file: appearance, content, bad content, removal, restarts. */
class FlagFileWatcherTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDefault();
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MaintenanceController controller() {
        MaintenanceController c = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build())
                .stateStore(new SharedStore(store))
                .urlPolicy(UrlPolicy.custom().denyLoopback().build())
                .pageTemplate("upgrade", io.github.maintenance.page.PageTemplate.of("<p>{{message}}</p>"))
                .build());
        open.add(c);
        return c;
    }

    private FlagFileWatcher watch(MaintenanceController c, boolean events) {
        FlagFileWatcher w = FlagFileWatcher.builder(c, dir).pollInterval(Duration.ofMillis(50)).watchService(events)
                .start();
        open.add(w);
        return w;
    }

    private Path flag() {
        return dir.resolve(".maintenance");
    }

    private static MaintenanceState all(MaintenanceController c) {
        return c.snapshot().state("*").maintenance();
    }

    @ParameterizedTest(name = "file events {0}")
    @ValueSource(booleans = {true, false})
    void theFileAppearingPutsEverythingIntoMaintenanceAndItsRemovalEndsIt(boolean events) throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, events);
        assertThat(c.decide("h", "/api").action()).isEqualTo(Action.PASS);

        Files.writeString(flag(), "");

        await().until(() -> c.decide("h", "/api").action() == Action.MAINTENANCE);
        assertThat(c.decide("h", "/").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(all(c).cause()).isEqualTo(Cause.of(Cause.Source.FLAG_FILE, "test:" + w.file()));
        assertThat(all(c).message()).isNull();
        assertThat(w.present()).isTrue();

        Files.delete(flag());

        await().until(() -> c.decide("h", "/api").action() == Action.PASS);
        assertThat(all(c)).isNull();
        assertThat(c.history()).extracting(h -> h.endedBy().source()).contains(Cause.Source.FLAG_FILE);
    }

    @Test
    void theContentCarriesPageUrlMessageAndEndTime() throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, true);

        Files.writeString(flag(), """
                # database upgrade
                url = https://status.example.com/maintenance.html
                message = Back at 02:00 UTC \u2014 merci
                until = 2026-01-01T02:00:00+00:00
                """, StandardCharsets.UTF_8);

        await().until(() -> all(c) != null);
        MaintenanceState m = all(c);
        assertThat(m.pageUrl()).isEqualTo("https://status.example.com/maintenance.html");
        assertThat(m.message()).isEqualTo("Back at 02:00 UTC \u2014 merci");
        assertThat(m.until()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(w.problems()).isEmpty();

        Files.writeString(flag(), "message=Back at 03:00\n");

        await().until(() -> "Back at 03:00".equals(all(c).message()));
        assertThat(all(c).pageUrl()).isNull();
        assertThat(all(c).until()).isNull();
    }

    @Test
    void theContentCarriesTheModeAndWindowOptions() throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, true);

        Files.writeString(flag(), """
                mode = read-only
                status = 429
                refresh = 30s
                template = upgrade
                secret = let-me-in-42
                """, StandardCharsets.UTF_8);

        await().until(() -> all(c) != null);
        WindowOptions o = all(c).options();
        assertThat(o.mode()).isEqualTo(io.github.maintenance.state.MaintenanceMode.READ_ONLY);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.template()).isEqualTo("upgrade");
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
        assertThat(w.problems()).isEmpty();

        Files.writeString(flag(), "mode=hold\nhold=20s\nredirect=/status\nstatus=307\n");

        await().until(() -> all(c).options().mode() == io.github.maintenance.state.MaintenanceMode.HOLD);
        assertThat(all(c).options().hold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(all(c).options().redirect()).isEqualTo("/status");
        assertThat(all(c).options().template()).as("options replaced, not merged").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mode=sleepy", "status=200", "status=abc", "hold=10m", "refresh=2h", "secret=short",
        "template=../etc", "redirect=//elsewhere"})
    void aBadOptionIsReportedAndFallsBackToPlainFullMaintenance(String line) throws Exception {
        MaintenanceController c = controller();
        Files.writeString(flag(), "mode=read-only\nmessage=Back soon\n" + line + "\n");

        FlagFileWatcher w = watch(c, true);

        MaintenanceState m = all(c);
        assertThat(m).isNotNull();
        assertThat(m.message()).isNull();
        assertThat(m.options()).as("plain maintenance: a typo never leaves writes open").isEqualTo(WindowOptions.DEFAULTS);
        assertThat(w.problems()).singleElement().asString().contains(line.substring(0, line.indexOf('=')));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "unknown key|msg=Back soon|unknown key 'msg' (expected url, message, until, mode, status, redirect, refresh, template, secret, hold, reason)",
        "a line without separator|Back soon|unknown key 'Back' (expected url, message, until, mode, status, redirect, refresh, template, secret, hold, reason)",
        "a refused URL|url=ftp://files.example.com/page|invalid maintenance page url 'ftp://files.example.com/page': "
                + "only absolute http and https URLs are allowed",
        "a loopback URL the policy denies|url=http://[::ffff:127.0.0.1]/latest|invalid maintenance page url "
                + "'http://[::ffff:127.0.0.1]/latest': loopback addresses are not allowed",
        "an end time that does not parse|until=tomorrow noon|field 'until' must be an ISO-8601 time with an "
                + "offset such as 2027-01-10T02:00:00Z or 2027-01-10T03:00:00+01:00, got 'tomorrow noon'",
        "an end time without offset|until=2026-01-01T02:00:00|field 'until' must be an ISO-8601 time with an "
                + "offset such as 2027-01-10T02:00:00Z or 2027-01-10T03:00:00+01:00, got '2026-01-01T02:00:00'",
        "an end time already past when written|until=2025-12-31T23:00:00Z|until '2025-12-31T23:00:00Z' is not in "
                + "the future",
        "a malformed escape|message=\\u12|not key=value lines (Malformed \\uxxxx encoding.)"})
    void badContentIsReportedAndFallsBackToPlainMaintenance(String row) throws Exception {
        String[] parts = row.split("\\|");
        MaintenanceController c = controller();
        c.enter("api", MaintenanceRequest.builder().message("earlier").build());
        Files.writeString(flag(), "message=Back soon\n" + parts[1] + "\n");

        FlagFileWatcher w = watch(c, true);

        MaintenanceState m = all(c);
        assertThat(m).isNotNull();
        assertThat(m.cause().source()).isEqualTo(Cause.Source.FLAG_FILE);
        assertThat(m.message()).isNull();
        assertThat(m.pageUrl()).isNull();
        assertThat(m.until()).isNull();
        assertThat(c.decide("h", "/api").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(w.problems()).containsExactly(parts[2]);
    }

    @Test
    void badContentIsEscapedBeforeItIsLoggedOrShown() throws Exception {
        MaintenanceController c = controller();
        Files.writeString(flag(), "message=ok\nfake\\u2028key\\u001b[31m=1\nuntil=\\u001b[2J" + "9".repeat(400) + "\n",
                StandardCharsets.UTF_8);
        FlagFileWatcher w = watch(c, true);

        assertThat(all(c)).isNotNull();
        assertThat(w.problems()).containsExactly(
                "unknown key 'fake\\u2028key\\u001b[31m' (expected url, message, until, mode, status, redirect, refresh, template, secret, hold, reason)");

        Files.writeString(flag(), "until=\\u001b[2J\\u2028" + "9".repeat(400) + "\n", StandardCharsets.UTF_8);
        w.check();

        assertThat(w.problems()).singleElement().asString().startsWith("field 'until' must be an ISO-8601 time")
                .doesNotContain("\u001b", "\u2028", "\n").hasSizeLessThan(300);
    }

    @Test
    void unreadableContentFallsBackToPlainMaintenance() throws Exception {
        MaintenanceController c = controller();
        Files.write(flag(), new byte[] {'m', '=', (byte) 0xff, (byte) 0xfe});
        FlagFileWatcher w = watch(c, true);
        assertThat(all(c)).isNotNull();
        assertThat(w.problems()).containsExactly("not UTF-8 text");

        Files.delete(flag());
        w.check();
        assertThat(all(c)).isNull();

        Files.write(flag(), new byte[FlagFileWatcher.MAX_SIZE + 1]);
        w.check();
        assertThat(all(c)).isNotNull();
        assertThat(w.problems()).containsExactly("larger than 65536 bytes");

        Files.delete(flag());
        Files.createDirectory(flag());
        w.check();
        assertThat(all(c)).isNotNull();
        assertThat(w.problems()).containsExactly("it is a directory");
    }

    @Test
    void aFifoIsNeverOpenedAndNeitherTheWatcherNorCloseHangs() throws Exception {
        MaintenanceController c = controller();
        Process mkfifo = new ProcessBuilder("mkfifo", flag().toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo exit status").isZero();
        FlagFileWatcher w = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> watch(c, true));

        assertThat(all(c)).as("a FIFO flag still puts the site into maintenance").isNotNull();
        assertThat(w.problems()).containsExactly("not a regular file");

        Files.delete(flag());
        w.check();
        assertThat(all(c)).isNull();
        assertTimeoutPreemptively(Duration.ofSeconds(10), w::close);
    }

    @Test
    void aFlagThatExistsAsALinkIsAFlagEvenWhenTheLinkLeadsNowhere() throws Exception {
        MaintenanceController c = controller();
        Files.createSymbolicLink(flag(), dir.resolve("missing-target"));
        FlagFileWatcher w = watch(c, true);

        assertThat(all(c)).isNotNull();
        assertThat(w.present()).isTrue();
        assertThat(w.problems()).containsExactly("a symbolic link to a missing file");

        Files.delete(flag());
        Files.createSymbolicLink(flag(), flag());
        w.check();
        assertThat(all(c)).as("a link loop is a flag too").isNotNull();
        assertThat(w.problems()).singleElement().asString().startsWith("cannot be read");

        Files.delete(flag());
        Files.writeString(dir.resolve("real"), "message=Back soon\n");
        Files.createSymbolicLink(flag(), dir.resolve("real"));
        w.check();
        assertThat(all(c).message()).isEqualTo("Back soon");
        assertThat(w.problems()).isEmpty();
    }

    @Test
    void aFileWhoseEndTimePassedAfterItWasWrittenIsOver() throws Exception {
        Files.writeString(flag(), "until=2025-12-31T23:00:00Z\n");
        Files.setLastModifiedTime(flag(), FileTime.from(Instant.parse("2025-12-31T22:00:00Z")));
        MaintenanceController c = controller();

        FlagFileWatcher w = watch(c, true);

        assertThat(all(c)).isNull();
        assertThat(w.present()).isTrue();
        assertThat(w.problems()).isEmpty();
    }

    @Test
    void aFileWithAnEndTimeEndsByItselfAndIsNotEnteredAgain() throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, true);
        Files.writeString(flag(), "until=2026-01-01T00:30:00Z\n");
        Files.setLastModifiedTime(flag(), FileTime.from(clock.instant()));
        w.check();
        assertThat(all(c).until()).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));

        clock.advance(Duration.ofMinutes(31));
        c.tick();
        w.check();

        assertThat(all(c)).isNull();
        assertThat(c.decide("h", "/").action()).isEqualTo(Action.PASS);
    }

    @Test
    void rewritingTheSameContentChangesNothing() throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, true);
        Files.writeString(flag(), "message=Back soon\n");
        w.check();
        long version = c.snapshot().version();
        Instant since = all(c).since();
        clock.advance(Duration.ofMinutes(1));

        Files.writeString(flag(), "# same\nmessage = Back soon\n");
        w.check();

        assertThat(c.snapshot().version()).isEqualTo(version);
        assertThat(all(c).since()).isEqualTo(since);
    }

    @Test
    void removalLeavesMaintenanceEnteredSinceByAnotherControlPlane() throws Exception {
        MaintenanceController c = controller();
        FlagFileWatcher w = watch(c, true);
        Files.writeString(flag(), "");
        w.check();
        c.enter(Target.all(), MaintenanceRequest.builder().message("incident").build(),
                Cause.of(Cause.Source.REGISTRY, "ops"));

        Files.delete(flag());
        w.check();

        assertThat(all(c).message()).isEqualTo("incident");
        assertThat(c.decide("h", "/").action()).isEqualTo(Action.MAINTENANCE);
    }

    @Test
    void aFlagRemovedWhileTheApplicationWasStoppedEndsTheRestoredMaintenance() throws Exception {
        MaintenanceController first = controller();
        Files.writeString(flag(), "message=upgrade\n");
        FlagFileWatcher w = watch(first, true);
        assertThat(all(first).message()).isEqualTo("upgrade");
        w.close();
        first.close();

        Files.delete(flag());
        MaintenanceController second = controller();
        assertThat(all(second).message()).isEqualTo("upgrade");
        watch(second, true);

        assertThat(all(second)).isNull();
        assertThat(second.decide("h", "/").action()).isEqualTo(Action.PASS);
    }

    @Test
    void aFlagStillPresentAfterARestartKeepsTheRestoredMaintenanceAsItWas() throws Exception {
        MaintenanceController first = controller();
        Files.writeString(flag(), "message=upgrade\n");
        FlagFileWatcher w = watch(first, true);
        Instant since = all(first).since();
        w.close();
        first.close();
        clock.advance(Duration.ofMinutes(5));

        MaintenanceController second = controller();
        watch(second, true);

        assertThat(all(second).since()).isEqualTo(since);
        assertThat(all(second).message()).isEqualTo("upgrade");
    }

    @Test
    void refusesBadSettingsNamingThem() throws Exception {
        MaintenanceController c = controller();
        assertThatThrownBy(() -> FlagFileWatcher.builder(c, dir).fileName("../x").start())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'flagFileName': '../x' (a plain file name is required)");
        assertThatThrownBy(() -> FlagFileWatcher.builder(c, dir).pollInterval(Duration.ofSeconds(5)).start())
                .hasMessage("invalid value for 'flagPollInterval': 'PT5S' (must be 10ms to 1s (changes must be seen "
                        + "within 1 s))");
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> FlagFileWatcher.start(c, plain.resolve("sub")))
                .hasMessageStartingWith("invalid value for 'flagDirectory': '" + plain.resolve("sub")
                        + "' (cannot be created or read");
    }

    /** A view of one in-memory store whose close() does not close the shared store. */
    private static final class SharedStore implements io.github.maintenance.spi.StateStore {
        private final InMemoryStateStore shared;

        SharedStore(InMemoryStateStore shared) {
            this.shared = shared;
        }

        @Override
        public java.util.Optional<io.github.maintenance.spi.StoredState> load() {
            return shared.load();
        }

        @Override
        public void save(io.github.maintenance.spi.StoredState state) {
            shared.save(state);
        }
    }
}
