package io.github.maintenance.examples;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.Http;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo with {@code --state-dir}: the state survives a restart, and the flag file works. */
class DemoStateTest {

    @TempDir
    Path dir;

    private DemoApp.Options options() {
        return new DemoApp.Options("127.0.0.1", 0).withRegistryPort(0).withStateDir(dir);
    }

    @Test
    void maintenanceEnteredBeforeARestartIsStillInForceAfterIt() throws Exception {
        try (DemoApp first = DemoApp.start(options())) {
            HttpResponse<String> r = Http.post(first.uri("/_control/enter?target=/admin&message=Back+soon"), "");
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(dir.resolve("maintenance-state.properties")).exists();

        try (DemoApp second = DemoApp.start(options())) {
            HttpResponse<String> admin = Http.get(second.uri("/admin"));
            assertThat(admin.statusCode()).isEqualTo(503);
            assertThat(admin.body()).isEqualTo("Down for maintenance\nBack soon\n");
            assertThat(Http.get(second.uri("/api")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theFlagFilePutsEveryRouteIntoMaintenanceAndItsRemovalEndsIt() throws Exception {
        try (DemoApp app = DemoApp.start(options())) {
            Files.writeString(dir.resolve(".maintenance"), "message=Emergency maintenance\n");

            await().until(() -> Http.get(app.uri("/")).statusCode() == 503);
            assertThat(Http.get(app.uri("/api")).body()).isEqualTo("Down for maintenance\nEmergency maintenance\n");
            assertThat(Http.get(app.uri("/health")).statusCode()).isEqualTo(200);

            Files.delete(dir.resolve(".maintenance"));

            await().until(() -> Http.get(app.uri("/")).statusCode() == 200);
            assertThat(Http.get(app.uri("/admin")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theStatusShowsTheStore() throws Exception {
        try (DemoApp app = DemoApp.start(options())) {
            Http.post(app.uri("/_control/enter?target=api"), "");

            String status = Http.get(app.uri("/_control/status")).body();

            assertThat(status).contains("\"store\":{\"store\":\"file " + dir.toRealPath()
                    .resolve("maintenance-state.properties") + "\",\"available\":true,\"detail\":\"ok\"")
                    .contains("\"version\":1}");
        }
    }
}
