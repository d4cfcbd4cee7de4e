package io.github.maintenance.spring.boot;

import static io.github.maintenance.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.Target;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code maintenance.track-in-flight=true} makes the controller count requests in the application. */
@Timeout(60)
class TrackInFlightPropertyTest {

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void thePropertyTurnsTrackingOn() throws Exception {
        BootApp app = apps.start("maintenance.track-in-flight=true");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller.config().trackInFlight()).isTrue();

        assertThat(app.get("/hello").statusCode()).isEqualTo(200);

        // The response can reach the client before the filter has unwound: wait for the end.
        await().until(() -> controller.inFlight(Target.all()) == 0);
        assertThat(controller.awaitIdle(Target.all(), Duration.ZERO)).isTrue();
    }

    @Test
    void trackingIsOffByDefault() throws Exception {
        BootApp app = apps.start();
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller.config().trackInFlight()).isFalse();
        assertThatThrownBy(() -> controller.inFlight(Target.all())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maintenance.track-in-flight");
    }
}
