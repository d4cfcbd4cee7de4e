package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code maintenance.stuck-after} and {@code maintenance.max-duration} reach the controller. */
@Timeout(60)
class LongMaintenancePropertiesTest {

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void thePropertiesSetTheWarningThresholdAndTheMaximumDuration() throws Exception {
        BootApp app = apps.start("maintenance.stuck-after=2h", "maintenance.max-duration=7d");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller.config().stuckAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(controller.config().maxDuration()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void byDefaultTheWarningComesAfterADayAndThereIsNoMaximum() throws Exception {
        BootApp app = apps.start();
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller.config().stuckAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(controller.config().maxDuration()).isZero();
    }

    @Test
    void zeroTurnsTheWarningOff() throws Exception {
        BootApp app = apps.start("maintenance.stuck-after=0");
        assertThat(app.bean(MaintenanceController.class).config().stuckAfter()).isZero();
    }
}
