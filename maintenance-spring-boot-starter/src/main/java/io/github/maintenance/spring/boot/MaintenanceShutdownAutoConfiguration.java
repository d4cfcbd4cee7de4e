package io.github.maintenance.spring.boot;

import io.github.maintenance.MaintenanceController;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * The drain on shutdown ({@link MaintenanceShutdownDrain}) and the in-flight request counter it
 * waits on ({@link InFlightRequests}), when {@code maintenance.shutdown.drain} is set (e.g.
 * {@code 20s}).
 */
@AutoConfiguration(after = MaintenanceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(MaintenanceController.class)
@ConditionalOnProperty(prefix = MaintenanceShutdownProperties.PREFIX, name = "drain")
@EnableConfigurationProperties(MaintenanceShutdownProperties.class)
public class MaintenanceShutdownAutoConfiguration {

    /** Created by Spring. */
    public MaintenanceShutdownAutoConfiguration() {
    }

    /** The counter, registered as a filter just after the maintenance filter. */
    @Bean
    @ConditionalOnMissingBean
    public InFlightRequests maintenanceInFlightRequests() {
        return new InFlightRequests();
    }

    /** The lifecycle that drains on stop. */
    @Bean
    @ConditionalOnMissingBean
    public MaintenanceShutdownDrain maintenanceShutdownDrain(MaintenanceController controller,
            InFlightRequests inFlight, MaintenanceShutdownProperties properties) {
        Duration period = properties.getDrain();
        if (period == null || period.isZero() || period.isNegative() || period.compareTo(Duration.ofHours(24)) > 0) {
            throw new InvalidConfigurationPropertyValueException(MaintenanceShutdownProperties.PREFIX + ".drain", period,
                    "must be more than 0 and at most 24h (e.g. 20s)");
        }
        return new MaintenanceShutdownDrain(controller, inFlight, period);
    }
}
