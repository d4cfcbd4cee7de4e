package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.jmx.MaintenanceJmx;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code maintenance.jmx=true} registers the controller's MXBean until the context closes. */
@Timeout(60)
class JmxPropertyTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void jmxTrueRegistersTheMBeanAndItsOperationsDriveTheFilter() throws Exception {
        ObjectName name = MaintenanceJmx.objectName(MaintenanceJmx.DEFAULT_DOMAIN, "starter-jmx");
        BootApp app = apps.start("maintenance.jmx=true", "maintenance.instance-name=starter-jmx",
                "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api");
        assertThat(server.isRegistered(name)).isTrue();

        server.invoke(name, "enter", new Object[] {"api", "via JMX"}, new String[] {"java.lang.String", "java.lang.String"});
        assertThat(app.bean(MaintenanceController.class).status("api").inMaintenance()).isTrue();
        assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);

        app.close();
        app = null;
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void withoutThePropertyNothingIsRegistered() throws Exception {
        BootApp app = apps.start("maintenance.instance-name=starter-nojmx");
        assertThat(server.isRegistered(MaintenanceJmx.objectName(MaintenanceJmx.DEFAULT_DOMAIN, "starter-nojmx")))
                .isFalse();
    }
}
