package io.github.maintenance.spring.boot;

import static io.github.maintenance.spring.boot.OpsTestApp.map;
import static io.github.maintenance.spring.boot.OpsTestApp.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Readiness follows the drain of the whole application; the {@code maintenance} health component
 * shows the routes and never turns the health down.
 */
@Timeout(60)
class ReadinessAndHealthTest {

    private OpsTestApp app;
    private final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
    private final ApplicationListener<AvailabilityChangeEvent<?>> capture = e -> {
        if (e.getState() instanceof ReadinessState r) {
            readiness.add(r);
        }
    };

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private int readinessStatus() {
        return app.get("/actuator/health/readiness").statusCode();
    }

    @Test
    void readinessRefusesTrafficWhileAllDrainsAndAcceptsItAgainAfterCancel() {
        app = OpsTestApp.start(List.of("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin"), capture);
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
        assertThat(readiness.subList(before, readiness.size()))
                .containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void maintenanceKeepsTheApplicationReadyAndOtherRoutesNeverChangeReadiness() {
        app = OpsTestApp.start(List.of("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin"), capture);
        int before = readiness.size();

        app.postJson("/actuator/maintenance", "{\"action\":\"drain\",\"target\":\"admin\",\"seconds\":600}");
        app.postJson("/actuator/maintenance", "{\"action\":\"enter\",\"target\":\"ALL\"}");

        assertThat(app.get("/hello").statusCode()).isEqualTo(503);
        assertThat(readinessStatus()).isEqualTo(200);
        assertThat(readiness.subList(before, readiness.size())).isEmpty();
    }

    @Test
    void theMaintenanceADrainEndedInKeepsRefusingTraffic() {
        MaintenanceController[] controller = new MaintenanceController[1];
        app = OpsTestApp.start(List.of("maintenance.after-drain=maintenance"), capture);
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
        app = OpsTestApp.start(List.of("maintenance.routes[0].id=admin", "maintenance.routes[0].path=/admin"));
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
        app = OpsTestApp.start(List.of("management.health.maintenance.enabled=false"));

        Map<String, Object> health = object(app.get("/actuator/health").body());

        assertThat(map(health.get("components"))).doesNotContainKey("maintenance");
    }
}
