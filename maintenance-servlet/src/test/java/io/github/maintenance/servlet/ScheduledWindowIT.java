package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.testing.MutableClock;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A scheduled window over real HTTP: announced by a header, then maintenance, then serving again. */
class ScheduledWindowIT {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T10:30:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
    private final MaintenanceController controller = MaintenanceController.create(Apps.config(clock)
            .route(Route.builder("admin").path("/admin").build())
            .build());

    @RegisterExtension
    final JettyServerExtension server = JettyServerExtension.builder()
            .filter(() -> new MaintenanceFilter(controller))
            .servlet(Apps.OkServlet::new, "/*")
            .build();

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void responsesAnnounceTheWindowUntilItStartsAndItEndsByItself() {
        ScheduledWindow w = controller.schedule("admin", START, END);

        HttpResponse<String> announced = Http.get(server.uri("/admin/users"));
        assertThat(announced.statusCode()).isEqualTo(200);
        assertThat(Http.header(announced, "X-App")).isEqualTo("yes");
        assertThat(Http.header(announced, "X-Maintenance-Scheduled"))
                .isEqualTo("2026-06-01T10:00:00Z/2026-06-01T10:30:00Z").isEqualTo(w.announcement());
        assertThat(Http.header(Http.get(server.uri("/shop")), "X-Maintenance-Scheduled")).isNull();

        clock.set(START);
        controller.tick();
        HttpResponse<String> during = Http.get(server.uri("/admin/users"));
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(Http.header(during, "X-Maintenance-Mode")).isEqualTo("true");
        assertThat(Http.header(during, "X-Maintenance-Scheduled")).isNull();

        clock.set(END);
        HttpResponse<String> after = Http.get(server.uri("/admin/users"));
        assertThat(after.statusCode()).isEqualTo(200);
        controller.tick();
        assertThat(Http.header(Http.get(server.uri("/admin")), "X-Maintenance-Scheduled")).isNull();
        assertThat(controller.schedules()).isEmpty();
    }
}
