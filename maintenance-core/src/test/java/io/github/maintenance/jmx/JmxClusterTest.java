package io.github.maintenance.jmx;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster view as MBean attributes: the live instances sharing the store, and how many lag. */
@Timeout(60)
class JmxClusterTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();

    private MaintenanceConfig.Builder config(String instance) {
        return MaintenanceConfig.custom()
                .clock(clock)
                .tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run)
                .instanceName(instance)
                .route(Route.builder("api").path("/api").build());
    }

    private MaintenanceMXBean bean(String instance) throws Exception {
        return JMX.newMXBeanProxy(mbeans, new ObjectName("io.github.maintenance:type=Maintenance,name=" + instance),
                MaintenanceMXBean.class);
    }

    @Test
    void theInstancesSharingTheStoreAreListedWithThisOneMarked() throws Exception {
        InMemoryStateStore shared = new InMemoryStateStore();
        try (MaintenanceController a = MaintenanceController.create(config("shop-1").stateStore(shared)
                     .jmx(true).jmxServer(mbeans).build());
             MaintenanceController b = MaintenanceController.create(config("shop-2").stateStore(shared).build())) {
            MaintenanceMXBean bean = bean("shop-1");

            assertThat(bean.getClusterInstances()).containsOnlyKeys("shop-1", "shop-2");
            assertThat(bean.getClusterInstances().get("shop-1")).startsWith("version ").contains("store ok")
                    .endsWith(", this instance");
            assertThat(bean.getClusterInstances().get("shop-2")).doesNotContain("this instance")
                    .doesNotContain("LAGGING");
            assertThat(bean.getClusterLagging()).isZero();
            assertThat(b.cluster()).isPresent();
            assertThat(a.cluster().orElseThrow().instances()).hasSize(2);
        }
    }

    @Test
    void withoutAClusterViewTheAttributesAreEmpty() throws Exception {
        try (MaintenanceController alone = MaintenanceController.create(config("alone").jmx(true).jmxServer(mbeans)
                .build())) {
            assertThat(bean("alone").getClusterInstances()).isEmpty();
            assertThat(bean("alone").getClusterLagging()).isZero();
            assertThat(alone.cluster()).isEmpty();
        }
    }
}
