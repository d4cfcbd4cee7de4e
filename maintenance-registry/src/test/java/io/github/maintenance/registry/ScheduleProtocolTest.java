package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule extension: MAINT_SCHEDULE, MAINT_SCHEDULE_EX, MAINT_SCHEDULES, MAINT_UNSCHEDULE. */
class ScheduleProtocolTest {

    private static final String START = "2026-01-01T02:00:00Z";
    private static final String END = "2026-01-01T03:00:00Z";

    private RegistryFixture f;
    private Wire w;
    private String sid;

    @BeforeEach
    void start() {
        f = RegistryFixture.start(MaintenanceConfig.custom()
                .route(Route.builder("site").path("/").build())
                .route(Route.builder("admin").path("/admin").build()), b -> b);
        w = f.connect();
        sid = w.register("deploy", "ci-1");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aScheduledWindowIsAnnouncedStartsAndEndsOnTheClock() {
        String reply = w.call("MAINT_SCHEDULE|" + sid + "|/admin|" + START + "|" + END + "|");

        assertThat(reply).matches("SCHEDULE_OK\\|sch-[0-9a-f]{12}");
        String id = reply.substring("SCHEDULE_OK|".length());
        ScheduledWindow window = f.controller.schedules().get(0);
        assertThat(window.id()).isEqualTo(id);
        assertThat(window.cause().toString()).isEqualTo("REGISTRY (deploy/ci-1)");
        assertThat(f.controller.decide("h", "/admin").scheduled()).isEqualTo(START + "/" + END);

        f.clock.set(Instant.parse(START));
        f.controller.tick();
        assertThat(f.controller.decide("h", "/admin").action()).isEqualTo(Decision.Action.MAINTENANCE);
        assertThat(f.controller.decide("h", "/").action()).isEqualTo(Decision.Action.PASS);

        f.clock.set(Instant.parse(END));
        f.controller.tick();
        assertThat(f.controller.decide("h", "/admin").action()).isEqualTo(Decision.Action.PASS);
        assertThat(w.call("MAINT_SCHEDULES|" + sid)).isEqualTo("SCHEDULES_OK|[]");
    }

    @Test
    void theExtendedFormCarriesAMessageAndTheListShowsEveryField() throws Exception {
        String reply = w.call("MAINT_SCHEDULE_EX|" + sid + "|ALL|{\"start\":\"" + START + "\",\"end\":\"" + END
                + "\",\"url\":\"https://status.example.com/w\",\"message\":\"Upgrade | tonight\",\"retry_after\":600}");
        assertThat(reply).startsWith("SCHEDULE_OK|sch-");
        String id = reply.substring("SCHEDULE_OK|".length());

        String list = w.call("MAINT_SCHEDULES|" + sid);

        assertThat(list).startsWith("SCHEDULES_OK|[").doesNotContain("Upgrade | tonight");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> windows = (List<Map<String, Object>>) WireJson.parse(list.substring(
                "SCHEDULES_OK|".length()));
        assertThat(windows).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("id", id).containsEntry("target", "ALL").containsEntry("start", START)
                    .containsEntry("end", END).containsEntry("started", false)
                    .containsEntry("page_url", "https://status.example.com/w")
                    .containsEntry("message", "Upgrade | tonight").containsEntry("created_at", "2026-01-01T00:00:00Z");
        });
        assertThat(f.controller.schedules().get(0).retryAfter()).hasSeconds(600);
    }

    @Test
    void unscheduleCancelsAWindowAndAnUnknownIdIsAnError() {
        String id = w.call("MAINT_SCHEDULE|" + sid + "|admin|" + START + "|" + END + "|")
                .substring("SCHEDULE_OK|".length());

        assertThat(w.call("MAINT_UNSCHEDULE|" + sid + "|" + id)).isEqualTo("UNSCHEDULE_OK|" + id);
        assertThat(f.controller.schedules()).isEmpty();
        assertThat(w.call("MAINT_UNSCHEDULE|" + sid + "|" + id)).isEqualTo("ERROR|schedule not found: " + id);
        assertThat(w.call("MAINT_UNSCHEDULE|" + sid)).isEqualTo("ERROR|invalid format");
    }

    @Test
    void badWindowsAreRefusedAndScheduleNothing() {
        assertThat(w.call("MAINT_SCHEDULE|" + sid + "|admin|tomorrow|" + END + "|"))
                .isEqualTo("ERROR|invalid time: expected RFC 3339 such as 2026-05-01T14:00:00Z");
        assertThat(w.call("MAINT_SCHEDULE|" + sid + "|admin|" + END + "|" + START + "|"))
                .isEqualTo("ERROR|invalid time for 'end': '" + START + "' (must be after the start " + END + ")");
        assertThat(w.call("MAINT_SCHEDULE|" + sid + "|nope|" + START + "|" + END + "|"))
                .isEqualTo("ERROR|route not found: nope");
        assertThat(w.call("MAINT_SCHEDULE|" + sid + "|admin|" + START + "|" + END + "|ftp://x/page"))
                .isEqualTo("ERROR|invalid maintenance page url");
        assertThat(w.call("MAINT_SCHEDULE|" + sid + "|admin|" + START)).isEqualTo("ERROR|invalid format");
        assertThat(w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|{\"start\":\"" + START + "\"}"))
                .isEqualTo("ERROR|start and end are required");
        assertThat(w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|[1]")).isEqualTo("ERROR|invalid json");
        assertThat(w.call("MAINT_SCHEDULE_EX|" + sid + "|admin|{\"start\":\"" + START + "\",\"end\":\"" + END
                + "\",\"when\":1}")).isEqualTo("ERROR|unknown field: when");

        assertThat(f.controller.schedules()).isEmpty();
        assertThat(w.call("PING|" + sid)).isEqualTo("PONG");
    }

    @Test
    void subscribersSeeScheduleEvents() {
        assertThat(w.call("SUBSCRIBE|" + sid + "|schedule")).isEqualTo("SUBSCRIBE_OK");
        Wire other = f.session("ops", "laptop");

        other.call("MAINT_SCHEDULE|x|admin|" + START + "|" + END + "|");

        String event = w.read();
        assertThat(event).startsWith("EVENT|schedule|{").contains("\"event\":\"schedule_created\"")
                .contains("\"route_ids\":[\"admin\"]");
    }
}
