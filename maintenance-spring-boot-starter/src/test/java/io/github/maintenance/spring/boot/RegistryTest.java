package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** maintenance.registry.enabled=true: the registry listens on loopback and requires the token. */
@Timeout(60)
class RegistryTest {

    private static final String TOKEN = "registry-token-0123456789";

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void registryAnswersOnLoopbackWithTheToken() {
        BootApp app = apps.start("maintenance.registry.enabled=true", "maintenance.registry.port=0",
                "maintenance.registry.tokens=" + TOKEN, "maintenance.routes[0].id=api",
                "maintenance.routes[0].path=/api");
        MaintenanceRegistryServer registry = app.bean(MaintenanceRegistryServer.class);
        assertThat(registry.isRunning()).isTrue();
        InetSocketAddress address = registry.server().address();
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();

        try (Wire wrong = Wire.connect(address.getPort())) {
            assertThat(wrong.call("REGISTER|shop|i1|8080|{\"auth_token\":\"wrong-token-0123456789\"}"))
                    .isEqualTo("ERROR|unauthorized");
        }
        try (Wire wire = Wire.connect(address.getPort())) {
            String session = wire.register("shop", "i1", "{\"auth_token\":\"" + TOKEN + "\"}");
            assertThat(wire.call("MAINT_ENTER|" + session + "|api|")).isEqualTo("ACK");
            assertThat(wire.read()).isEqualTo("MAINT_OK|api");
        }
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller.snapshot().isIdle()).isFalse();
    }

    @Test
    void registryIsOffByDefault() {
        BootApp app = apps.start();
        assertThat(app.context().getBeanNamesForType(MaintenanceRegistryServer.class)).isEmpty();
    }
}
