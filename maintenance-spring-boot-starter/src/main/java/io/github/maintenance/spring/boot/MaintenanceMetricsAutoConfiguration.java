package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.micrometer.MaintenanceMetrics;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the maintenance controller, when {@code maintenance-micrometer} is on the
 * class path: a {@link MaintenanceMetrics} bean, which Spring Boot's metrics support binds to its
 * meter registries like any {@link MeterBinder} (so with the Actuator and
 * {@code micrometer-registry-prometheus}, {@code /actuator/prometheus} shows
 * {@code maintenance_hits_total{route="..."}} and the other meters). Backs off when the
 * application defines its own {@link MaintenanceMetrics} (another prefix or common tags, say);
 * Boot's {@code management.metrics.enable.maintenance=false} turns the meters off. Uses no Boot
 * type beyond the auto-configuration annotations, so it runs on Boot 3 and Boot 4 alike.
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, MaintenanceMetrics.class})
@ConditionalOnBean(MaintenanceController.class)
public class MaintenanceMetricsAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceMetricsAutoConfiguration() {
    }

    /** The meters of {@code controller}, default prefix {@code maintenance}; removed when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MaintenanceMetrics maintenanceMetrics(MaintenanceController controller) {
        return new MaintenanceMetrics(controller);
    }
}
