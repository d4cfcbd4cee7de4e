package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.Target;
import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.servlet.ControlErrors;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.spi.StateStore;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.testing.MutableClock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * {@link DashboardViews} gives exactly the dashboard's state document and action answers, with
 * the dashboard's vocabulary and messages: compared with the real dashboard over HTTP.
 */
class DashboardViewsTest {

    private final MutableClock clock = MutableClock.atDefault();
    private DashboardFixture fx;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(MaintenanceConfig.Builder config) throws Exception {
        fx = DashboardFixture.start(jetty, config, DashboardFixture.tokenSettings().build());
    }

    @Test
    void stateIsTheDashboardsStateDocumentWithoutItsAccessField() throws Exception {
        start(DashboardFixture.config(clock));
        fx.controller.enter(Target.parse("admin"), MaintenanceRequest.builder().message("Back soon").build(),
                Cause.api("deploy"));
        fx.controller.startDrain("api", Duration.ofSeconds(100));
        fx.controller.schedule("ALL", clock.instant().plusSeconds(3600), clock.instant().plusSeconds(7200));
        clock.advance(Duration.ofSeconds(25));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);

        Map<String, Object> http = object(fx.getAuthorized("/api/dashboard/state"));
        Map<String, Object> views = DashboardViews.state(fx.controller);

        assertThat(http.remove("access")).isEqualTo("token");
        assertThat(views).doesNotContainKey("access");
        assertThat(asJson(views)).isEqualTo(asJson(http));
        assertThat(views.get("actions_enabled")).isEqualTo(true);
        assertThat(DashboardViews.state(fx.controller, false).get("actions_enabled")).isEqualTo(false);
        assertThat(list(views.get("routes"))).extracting(r -> map(r).get("id")).containsExactly("*", "admin", "api");
        assertThat(map(map(list(views.get("routes")).get(1)).get("maintenance")).get("message")).isEqualTo("Back soon");
        assertThat(map(map(list(views.get("routes")).get(2)).get("drain")).get("duration_ms")).isEqualTo(100_000L);
    }

    @Test
    void actAppliesTheDashboardsVocabularyAndAnswersAsTheDashboardDoes() throws Exception {
        start(DashboardFixture.config(clock));
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        fx.controller.addListener(events::add);

        Map<String, Object> answer = DashboardViews.act(fields("action", "enter", "target", "/admin",
                "message", "Back at noon", "duration", "30m"), fx.controller, Cause.api("actuator"));

        long version = fx.controller.snapshot().version();
        assertThat(answer).containsExactly(Map.entry("action", "enter"), Map.entry("target", "/admin"),
                Map.entry("route_ids", List.of("admin")), Map.entry("version", version));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo(Cause.api("actuator")));

        // The dashboard answers the next change in the very same shape.
        Map<String, Object> viaDashboard = object(fx.action("{\"action\":\"exit\",\"target\":\"/admin\"}"));
        Map<String, Object> viaViews = DashboardViews.act(fields("action", "drain", "target", "ALL", "seconds", 120),
                fx.controller, Cause.api("actuator"));
        assertThat(viaDashboard).containsOnlyKeys("action", "target", "route_ids", "version");
        assertThat(viaViews).containsOnlyKeys("action", "target", "route_ids", "version");
        assertThat(viaViews.get("action")).isEqualTo("drain");
        assertThat(viaViews.get("route_ids")).isEqualTo(List.of("*", "admin", "api"));
        assertThat(fx.controller.snapshot().state("*").draining()).isTrue();
    }

    @Test
    void badInputIsRefusedWithTheDashboardsMessageAndChangesNothing() throws Exception {
        start(DashboardFixture.config(clock));
        String[][] bad = {
            {"{\"action\":\"pause\",\"target\":\"ALL\"}"},
            {"{\"action\":\"enter\"}"},
            {"{\"action\":\"enter\",\"target\":\"ALL\",\"color\":\"red\"}"},
            {"{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":0}"},
            {"{\"action\":\"enter\",\"target\":\"no-such-route\"}"},
            {"{\"action\":\"enter\",\"target\":\"ALL\",\"duration\":\"soon\"}"},
        };
        for (String[] json : bad) {
            MaintenanceSnapshot before = fx.controller.snapshot();
            HttpResponse<String> r = fx.action(json[0]);
            assertThat(r.statusCode()).as(json[0]).isEqualTo(400);
            Map<String, Object> expected = object(r);

            assertThatThrownBy(() -> DashboardViews.act(object(json[0]), fx.controller, Cause.api("actuator")))
                    .as(json[0])
                    .isInstanceOfSatisfying(MaintenanceException.class, e -> {
                        assertThat(ControlErrors.body(e)).isEqualTo(expected);
                        assertThat(ControlErrors.status(e)).isEqualTo(400);
                    });
            assertThat(fx.controller.snapshot()).as(json[0]).isSameAs(before);
        }
    }

    @Test
    void secondsMustBeAWholeNumberNotADigitString() throws Exception {
        start(DashboardFixture.config(clock));
        MaintenanceSnapshot before = fx.controller.snapshot();

        assertThatThrownBy(() -> DashboardViews.act(fields("action", "drain", "target", "ALL", "seconds", "30"),
                fx.controller, Cause.api("actuator")))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("seconds");
        assertThat(fx.controller.snapshot()).isSameAs(before);

        DashboardViews.act(fields("action", "drain", "target", "ALL", "seconds", 30L), fx.controller,
                Cause.api("actuator"));
        assertThat(fx.controller.snapshot().state("*").drain().duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aChangeTheStoreCouldNotSaveSaysSo() throws Exception {
        start(DashboardFixture.config(clock).stateStore(new BrokenStore()));

        Map<String, Object> answer = DashboardViews.act(fields("action", "enter", "target", "ALL"), fx.controller,
                Cause.api("actuator"));

        assertThat(answer).containsEntry("store_saved", false);
        assertThat(fx.appStatus("/")).isEqualTo(503);
    }

    @Test
    void scheduleAndUnscheduleAnswerWithTheWindow() throws Exception {
        start(DashboardFixture.config(clock));
        Map<String, Object> scheduled = DashboardViews.act(fields("action", "schedule", "target", "/admin",
                "start", clock.instant().plusSeconds(60).toString(), "end", clock.instant().plusSeconds(120).toString()),
                fx.controller, Cause.api("actuator"));
        Object id = map(scheduled.get("schedule")).get("id");
        assertThat(map(scheduled.get("schedule")).get("cause")).isEqualTo(Map.of("source", "api", "actor", "actuator"));

        Map<String, Object> removed = DashboardViews.act(fields("action", "unschedule", "id", id), fx.controller,
                Cause.api("actuator"));
        assertThat(removed.get("action")).isEqualTo("unschedule");
        assertThat(map(removed.get("schedule")).get("id")).isEqualTo(id);
        assertThat(fx.controller.schedules()).isEmpty();
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The JSON text of a value, re-read, so that number types compare as JSON does. */
    private static Object asJson(Object value) throws IOException {
        return JSON.std.anyFrom(JSON.std.asString(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** A store whose backing is down: every change holds on this instance only. */
    private static final class BrokenStore implements StateStore {
        @Override
        public Optional<StoredState> load() {
            return Optional.empty();
        }

        @Override
        public void save(StoredState state) {
            throw new StateStoreException("store unreachable");
        }
    }
}
