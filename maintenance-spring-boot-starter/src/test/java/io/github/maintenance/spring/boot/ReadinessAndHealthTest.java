package io.github.maintenance.spring.boot;

import static io.github.maintenance.spring.boot.testing.Json.map;
import static io.github.maintenance.spring.boot.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;
import io.github.maintenance.spring.boot.testing.ReadinessEvents;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.ReadinessState;

/**
 * Readiness follows the drain of the whole application; the {@code maintenance} health component
 * shows the routes and never turns the health down.
 */
@Timeout(60)
class ReadinessAndHealthTest {

    private final ReadinessEvents readiness = new ReadinessEvents();
    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class, TestWebApp.ACTUATOR).listening(readiness);
    private BootApp app;

    private int readinessStatus() {
        return app.get("/actuator/health/readiness").statusCode();
    }

    @Test
    void readinessRefusesTrafficWhileAllDrainsAndAcceptsItAgainAfterCancel() {
        app = apps.start("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin");
        assertThat(readinessStatus()).isEqualTo(200);
        int before = readiness.size();

        assertThat(app.postJson("/actuator/maintenance", "{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":600}")
                .statusCode()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 503);
        // The aggregate includes Boot's readinessState (probes on); the maintenance component stays UP.
        Map<String, Object> health = object(app.get("/actuator/health").body());
        assertThat(map(map(health.get("components")).get("maintenance")).get("status")).isEqualTo("UP");
        assertThat(map(map(map(health.get("components")).get("maintenance")).get("details")).get("leaving"))
                .isEqualTo(true);
        assertThat(app.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        app.postJson("/actuator/maintenance", "{\"action\":\"cancel\",\"target\":\"ALL\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 200);
        assertThat(readiness.since(before))
                .containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void maintenanceKeepsTheApplicationReadyAndOtherRoutesNeverChangeReadiness() {
        app = apps.start("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin");
        int before = readiness.size();

        app.postJson("/actuator/maintenance", "{\"action\":\"drain\",\"target\":\"admin\",\"seconds\":600}");
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");

        assertThat(app.get("/hello").statusCode()).isEqualTo(503);
        assertThat(readinessStatus()).isEqualTo(200);
        assertThat(readiness.since(before)).isEmpty();
    }

    @Test
    void theMaintenanceADrainEndedInKeepsRefusingTraffic() {
        MaintenanceController[] controller = new MaintenanceController[1];
        app = apps.start("maintenance.after-drain=maintenance");
        controller[0] = app.bean(MaintenanceController.class);

        app.postJson("/actuator/maintenance", "{\"action\":\"drain\",\"target\":\"ALL\",\"seconds\":1}");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> controller[0].snapshot().state("*").inMaintenance());

        assertThat(readinessStatus()).isEqualTo(503);
        app.postJson("/actuator/maintenance", "{\"action\":\"exit\",\"target\":\"ALL\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 200);
    }

    @Test
    void healthStaysUpWithAllInMaintenanceAndShowsTheMaintenanceComponent() {
        app = apps.start("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin");
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");
        assertThat(app.get("/hello").statusCode()).isEqualTo(503);

        HttpResponse<String> r = app.get("/actuator/health");

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> health = object(r.body());
        assertThat(health.get("status")).isEqualTo("UP");
        Map<String, Object> component = map(map(health.get("components")).get("maintenance"));
        assertThat(component.get("status")).isEqualTo("UP");
        Map<String, Object> details = map(component.get("details"));
        assertThat(details.get("leaving")).isEqualTo(false);
        assertThat(details.get("in_maintenance")).isEqualTo(2);
        assertThat(map(map(details.get("routes")).get("admin")).get("phase")).isEqualTo("maintenance");
        assertThat(map(details.get("store")).get("available")).isEqualTo(true);
    }

    @Test
    void theHealthComponentCanBeSwitchedOff() {
        app = apps.start("management.health.maintenance.enabled=false");

        Map<String, Object> health = object(app.get("/actuator/health").body());

        assertThat(map(health.get("components"))).doesNotContainKey("maintenance");
    }
}
