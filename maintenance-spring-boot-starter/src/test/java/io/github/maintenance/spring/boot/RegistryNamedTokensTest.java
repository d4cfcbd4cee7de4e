package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maintenance.registry.named-tokens.<name>=<secret>}: a client registering with a named
 * token is recorded under the name in the audit trail; a bad name or a secret given twice stops the
 * start naming the property and never showing the secret.
 */
@Timeout(60)
class RegistryNamedTokensTest {

    private static final String OPS_SECRET = "ops-secret-0123456789";

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void aChangeOverANamedTokenCarriesItsNameInTheAuditTrail() {
        BootApp app = apps.start("maintenance.registry.enabled=true", "maintenance.registry.port=0",
                "maintenance.registry.named-tokens.ops=" + OPS_SECRET,
                "maintenance.registry.named-tokens[Deploy.Bot]=bot-secret-0123456789",
                "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api");
        MaintenanceRegistryServer registry = app.bean(MaintenanceRegistryServer.class);
        assertThat(registry.config().tokenNames()).containsExactlyInAnyOrder("ops", "Deploy.Bot");
        assertThat(registry.config().tokens()).isEmpty();
        int port = registry.server().address().getPort();

        try (Wire wire = Wire.connect(port)) {
            String session = wire.register("deploy", "i1", "{\"auth_token\":\"" + OPS_SECRET + "\"}");
            assertThat(wire.call("MAINT_ENTER|" + session + "|api|")).isEqualTo("ACK");
            assertThat(wire.read()).isEqualTo("MAINT_OK|api");
        }
        try (Wire wire = Wire.connect(port)) {
            String session = wire.register("deploy", "i2", "{\"auth_token\":\"bot-secret-0123456789\"}");
            assertThat(wire.call("MAINT_EXIT|" + session + "|api")).isEqualTo("ACK");
            assertThat(wire.read()).isEqualTo("MAINT_OK|api");
        }
        List<AuditEntry> entries = app.bean(MaintenanceController.class).audit().list();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("exit", "enter");
        assertThat(entries).extracting(AuditEntry::actor).containsExactly("Deploy.Bot", "ops");
    }

    @Test
    void namedTokensAloneSatisfyTheTokenRequirement() {
        BootApp app = apps.start("maintenance.registry.enabled=true", "maintenance.registry.port=0",
                "maintenance.registry.named-tokens.ops=" + OPS_SECRET);
        assertThat(app.bean(MaintenanceRegistryServer.class).isRunning()).isTrue();
    }

    @Test
    void aSecretGivenTwiceStopsTheStartWithoutShowingIt() {
        String message = failure("maintenance.registry.enabled=true", "maintenance.registry.port=0",
                "maintenance.registry.named-tokens.ops=" + OPS_SECRET,
                "maintenance.registry.named-tokens.deploy=" + OPS_SECRET);
        assertThat(message).contains("maintenance.registry.named-tokens").contains("has the same secret as")
                .doesNotContain(OPS_SECRET);
    }

    @Test
    void aBadNameStopsTheStartNamingTheProperty() {
        String message = failure("maintenance.registry.enabled=true", "maintenance.registry.port=0",
                "maintenance.registry.named-tokens[bad name]=" + OPS_SECRET);
        assertThat(message).contains("maintenance.registry.named-tokens").contains("'bad name'")
                .doesNotContain(OPS_SECRET);
    }

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
