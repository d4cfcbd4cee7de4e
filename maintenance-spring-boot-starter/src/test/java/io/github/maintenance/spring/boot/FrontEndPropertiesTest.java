package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code maintenance.cors.*} and {@code maintenance.status-endpoint.*} reach the filter; bad values name the property. */
@Timeout(60)
class FrontEndPropertiesTest {

    private static final String SPA = "http://127.0.0.1:5173";

    private BootApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void corsAndTheStatusEndpointAreConfiguredByProperties() {
        app = BootApp.start(TestWebApp.class, "maintenance.cors.allowed-origins=" + SPA,
                "maintenance.cors.allow-credentials=true",
                "maintenance.status-endpoint.path=/maintenance-status", "maintenance.status-endpoint.max-age=10");
        app.bean(MaintenanceController.class).enter("ALL");

        HttpResponse<String> blocked = app.get("/api/hello", "Origin", SPA, "Accept", "application/json");
        HttpResponse<String> status = app.get("/maintenance-status?path=/api", "Origin", SPA);

        assertThat(blocked.statusCode()).isEqualTo(503);
        assertThat(blocked.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA);
        assertThat(blocked.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(blocked.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("Retry-After", "X-Maintenance-Mode");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).startsWith("{\"maintenance\":true,\"mode\":\"full\"");
        assertThat(status.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
        assertThat(status.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA);
    }

    @Test
    void credentialsWithoutOriginsNameTheProperty() {
        assertThat(failure("maintenance.cors.allow-credentials=true")).contains("maintenance.cors.allow-credentials")
                .contains("needs corsAllowedOrigins");
    }

    @Test
    void anOriginWithAPathNamesTheProperty() {
        assertThat(failure("maintenance.cors.allowed-origins=" + SPA + "/app"))
                .contains("maintenance.cors.allowed-origins").contains("an origin has no path");
    }

    @Test
    void aStatusPathThatIsNoPathNamesTheProperty() {
        assertThat(failure("maintenance.status-endpoint.path=status")).contains("maintenance.status-endpoint.path");
    }

    /** The messages of the start failure and its causes, one per line. */
    private static String failure(String... properties) {
        Throwable t = catchThrowable(() -> BootApp.start(TestWebApp.class, properties).close());
        assertThat(t).as("the start should fail").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.add(c.getClass().getName() + ": " + c.getMessage());
        }
        return String.join("\n", messages);
    }
}
