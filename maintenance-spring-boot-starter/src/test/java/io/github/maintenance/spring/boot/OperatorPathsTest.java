package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.spring.boot.testing.BootApp;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator-path exemptions follow Boot's settings and can be switched off. */
@Timeout(60)
class OperatorPathsTest {

    @Test
    void movedActuatorBasePathAndErrorPathStayOpen() {
        try (BootApp app = BootApp.start(TestWebApp.class, "maintenance.initial-target=ALL",
                "management.endpoints.web.base-path=/ops", "server.error.path=/oops")) {
            assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);
            HttpResponse<String> health = app.get("/ops/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(app.get("/oops").statusCode()).isNotEqualTo(503);
            // The default paths are no longer exempt.
            assertThat(app.get("/actuator/health").statusCode()).isEqualTo(503);
            assertThat(app.get("/error").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void switchedOffEverythingIsInMaintenance() {
        try (BootApp app = BootApp.start(TestWebApp.class, "maintenance.initial-target=ALL",
                "maintenance.exempt-operator-paths=false")) {
            assertThat(app.get("/actuator/health").statusCode()).isEqualTo(503);
            assertThat(app.get("/error").statusCode()).isEqualTo(503);
        }
    }
}
