package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** maintenance.store.type=file: the state survives a restart of the context. */
@Timeout(60)
class FileStoreTest {

    @TempDir
    Path dir;

    @Test
    void maintenanceSurvivesARestart() {
        Path file = dir.resolve("maintenance-state.properties");
        String[] properties = {"maintenance.store.type=file", "maintenance.store.file.path=" + file,
                "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api"};
        try (BootApp first = BootApp.start(TestWebApp.class, properties)) {
            assertThat(first.get("/api/hello").statusCode()).isEqualTo(200);
            first.bean(MaintenanceController.class).enter("api");
            assertThat(first.get("/api/hello").statusCode()).isEqualTo(503);
        }
        assertThat(file).exists();

        try (BootApp second = BootApp.start(TestWebApp.class, properties)) {
            assertThat(second.get("/api/hello").statusCode()).isEqualTo(503);
            assertThat(second.get("/admin/hello").statusCode()).isEqualTo(200);
            second.bean(MaintenanceController.class).exit("api");
        }
        try (BootApp third = BootApp.start(TestWebApp.class, properties)) {
            assertThat(third.get("/api/hello").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void flagFilePutsEverythingIntoMaintenance() throws Exception {
        Path flag = dir.resolve(".maintenance");
        Files.writeString(flag, "");
        try (BootApp app = BootApp.start(TestWebApp.class, "maintenance.flag-file.path=" + flag)) {
            assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);
        }
    }
}
