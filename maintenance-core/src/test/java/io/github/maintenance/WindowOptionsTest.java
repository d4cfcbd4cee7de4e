package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeFields;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.spi.DamagedStateException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.stats.RouteStatus;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a maintenance entry (mode, status, redirect, refresh, template, bypass secret,
 * hold): checked when built, parsed from the shared field vocabulary, kept by the controller,
 * updated by entering again without a gap, carried by schedules and saved in stores.
 */
class WindowOptionsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30Z");
    private final MutableClock clock = MutableClock.atDefault();

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> WindowOptions.builder().status(200).build())
                .hasMessageContaining("'status'").hasMessageContaining("400 to 599");
        assertThatThrownBy(() -> WindowOptions.builder().status(503).redirect("/status").build())
                .hasMessageContaining("301, 302, 303, 307 or 308");
        assertThatThrownBy(() -> WindowOptions.builder().redirect("//evil.example").build())
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> WindowOptions.builder().redirect("/a\r\nSet-Cookie: x=1").build())
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> WindowOptions.builder().refresh(Duration.ofHours(2)).build())
                .hasMessageContaining("1s to 1h");
        assertThatThrownBy(() -> WindowOptions.builder().template("../etc/passwd").build())
                .hasMessageContaining("template name");
        assertThatThrownBy(() -> WindowOptions.builder().bypassSecret("short").build())
                .hasMessageContaining("8 to 128 characters").hasMessageNotContaining("short");
        assertThatThrownBy(() -> WindowOptions.builder().hold(Duration.ofMinutes(6)).build())
                .hasMessageContaining("1s to 5m");
        assertThatThrownBy(() -> MaintenanceMode.parse("partial")).hasMessageContaining("full, read-only or hold");

        WindowOptions ok = WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).status(418).build();
        assertThat(ok.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(WindowOptions.builder().redirect("https://status.example.com/").build().status()).isZero();
        assertThat(MaintenanceMode.parse("READ_ONLY")).isEqualTo(MaintenanceMode.READ_ONLY);
    }

    @Test
    void theSecretIsKeptOnlyAsItsHashAndComparedByHash() {
        WindowOptions o = WindowOptions.builder().bypassSecret("let-me-in-42").build();
        assertThat(o.bypassSecretHash()).hasSize(64).doesNotContain("let-me-in");
        assertThat(o.toString()).contains("secret=set").doesNotContain(o.bypassSecretHash());
        assertThat(o.isBypassSecret("let-me-in-42")).isTrue();
        assertThat(o.isBypassSecret("let-me-in-43")).isFalse();
        assertThat(o.isBypassSecret(null)).isFalse();
        assertThat(WindowOptions.DEFAULTS.isBypassSecret("let-me-in-42")).isFalse();
    }

    @Test
    void theSharedFieldsCarryEveryOptionAndRefuseBadOnes() {
        Map<String, Object> f = new HashMap<>(Map.of("action", "enter", "target", "ALL", "mode", "read-only",
                "status", 429, "refresh", "15s", "template", "brand", "secret", "open-sesame-1", "hold", 20));
        Change.Enter e = (Change.Enter) ChangeFields.parse(f, null);
        WindowOptions o = e.request().options();
        assertThat(o.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.refresh()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.template()).isEqualTo("brand");
        assertThat(o.isBypassSecret("open-sesame-1")).isTrue();
        assertThat(o.hold()).isEqualTo(Duration.ofSeconds(20));

        assertThat(((Change.Enter) ChangeFields.parse(Map.of("action", "enter", "target", "ALL", "status", "503",
                "redirect", ""), null)).request().options().status()).isEqualTo(503);
        assertThatThrownBy(() -> ChangeFields.parse(Map.of("action", "enter", "target", "ALL", "mode", "nap"), null))
                .hasMessageContaining("expected full, read-only or hold");
        assertThatThrownBy(() -> ChangeFields.parse(Map.of("action", "enter", "target", "ALL", "status", "5xx"), null))
                .hasMessageContaining("an HTTP status code");
        assertThatThrownBy(() -> ChangeFields.parse(Map.of("action", "exit", "target", "ALL", "mode", "hold"), null))
                .hasMessageContaining("unknown field(s) [mode]");
        Change.Schedule s = (Change.Schedule) ChangeFields.parse(Map.of("action", "schedule", "target", "ALL",
                "start", "2030-01-01T00:00:00Z", "end", "2030-01-01T01:00:00Z", "mode", "hold"), null);
        assertThat(s.request().options().mode()).isEqualTo(MaintenanceMode.HOLD);
    }

    @Test
    void enteringAgainUpdatesTheOptionsWithNoMomentOfServing() {
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build()).build())) {
            c.enter("api");
            assertThat(c.decide("localhost", "/api").mode()).isEqualTo(MaintenanceMode.FULL);
            List<Decision> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            c.addListener(event -> seen.add(c.decide("localhost", "/api")));
            c.enter(Target.parse("api"), MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build(),
                    Cause.api("ops"));

            Decision d = c.decide("localhost", "/api/orders");
            assertThat(d.isBlocked()).isTrue();
            assertThat(d.mode()).isEqualTo(MaintenanceMode.READ_ONLY);
            assertThat(seen).isNotEmpty().allMatch(Decision::isBlocked);
            RouteStatus st = c.status("api");
            assertThat(st.maintenanceMode()).isEqualTo(MaintenanceMode.READ_ONLY);
            d.recordReadOnlyRejected();
            assertThat(c.status("api").readOnlyRejected()).isEqualTo(1);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aReaderOnAnotherThreadNeverSeesTheRouteServingWhileItsOptionsChange() throws Exception {
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock)
                .route(Route.builder("api").path("/api").build()).build())) {
            c.enter("api");
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong serving = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    if (!c.decide("localhost", "/api/orders").isBlocked()) {
                        serving.incrementAndGet();
                    }
                    reads.incrementAndGet();
                    reading.countDown();
                }
            });
            reader.start();
            reading.await();
            MaintenanceMode[] modes = {MaintenanceMode.READ_ONLY, MaintenanceMode.HOLD, MaintenanceMode.FULL};
            for (int i = 0; i < 2000; i++) {
                WindowOptions.Builder o = WindowOptions.builder().mode(modes[i % 3]).status(500 + i % 50);
                c.enter(Target.parse("api"), MaintenanceRequest.builder().mode(modes[i % 3])
                        .message("step " + i).options(o.build()).build(), Cause.api("ops"));
            }
            stop.set(true);
            reader.join();
            assertThat(reads.get()).isPositive();
            assertThat(serving.get()).as("decisions that served the route while its options changed").isZero();
            assertThat(c.status("api").maintenanceMessage()).isEqualTo("step 1999");
            assertThat(c.status("api").maintenanceOptions().status()).isEqualTo(500 + 1999 % 50);
        }
    }

    @Test
    void aScheduledWindowEntersWithItsOptions() {
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).build())) {
            Instant start = clock.instant().plusSeconds(60);
            c.apply(new Change.Schedule(Target.parse("ALL"), start, start.plusSeconds(600),
                    MaintenanceRequest.builder().mode(MaintenanceMode.HOLD).options(
                            WindowOptions.builder().mode(MaintenanceMode.HOLD).hold(Duration.ofSeconds(10)).build())
                            .build()), Cause.api("ops"));
            clock.advance(Duration.ofSeconds(61));
            c.tick();
            Decision d = c.decide("localhost", "/x");
            assertThat(d.mode()).isEqualTo(MaintenanceMode.HOLD);
            assertThat(d.options().hold()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void storesKeepTheOptionsButNeverTheSecret() {
        WindowOptions o = WindowOptions.builder().mode(MaintenanceMode.HOLD).status(502).refresh(Duration.ofSeconds(9))
                .template("brand").bypassSecret("open-sesame-1").hold(Duration.ofSeconds(25)).build();
        WindowOptions r = WindowOptions.builder().redirect("/status").status(307).build();
        MaintenanceState m = new MaintenanceState(null, null, Duration.ofSeconds(60), T, null, Cause.api("ops"), o);
        ScheduledWindow w = new ScheduledWindow("sch-0123456789ab", "ALL", T.plusSeconds(60), T.plusSeconds(120),
                null, null, null, T, Cause.api("ops"), false, r);
        StoredState s = new StoredState(3, T, Map.of("*", new RouteState(m, null)), List.of(), m, null,
                List.of(w), Map.of());

        String text = StoredStateFormat.encode(s);
        assertThat(text).contains("all.maintenance.mode=hold", "all.maintenance.status=502",
                "all.maintenance.hold=PT25S", "schedule.0.redirect=/status").doesNotContain("open-sesame");
        assertThat(StoredStateFormat.decode(text)).isEqualTo(s);
        assertThat(StoredStateFormat.encode(new StoredState(1, T, Map.of(), List.of(), null, null)))
                .doesNotContain(".mode=");

        assertThatThrownBy(() -> StoredStateFormat.decode(text.replace("all.maintenance.status=502",
                "all.maintenance.status=200"))).isInstanceOf(DamagedStateException.class)
                .hasMessageContaining("all.maintenance.status");
        assertThatThrownBy(() -> StoredStateFormat.decode(text.replace("all.maintenance.mode=hold",
                "all.maintenance.mode=nap"))).isInstanceOf(DamagedStateException.class)
                .hasMessageContaining("all.maintenance.mode");
    }

    @Test
    void aControllerRestartedFromItsStoreKeepsTheMode() {
        InMemoryStateStore store = new InMemoryStateStore();
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).stateStore(store)
                .build())) {
            c.enter(Target.parse("ALL"), MaintenanceRequest.builder().mode(MaintenanceMode.READ_ONLY).build(),
                    Cause.api("ops"));
        }
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).stateStore(store)
                .build())) {
            assertThat(c.decide("localhost", "/").mode()).isEqualTo(MaintenanceMode.READ_ONLY);
        }
    }
}
