package io.github.maintenance.spring.boot;

import static io.github.maintenance.spring.boot.testing.Json.map;
import static io.github.maintenance.spring.boot.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.jdbc.JdbcStateStore;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;
import io.github.maintenance.testing.Awaits;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * maintenance.store.type=jdbc: two applications on one H2 database (in memory, in this JVM) share
 * the state, one through its DataSource, the other through maintenance.store.jdbc.url; H2 has no
 * LISTEN/NOTIFY, so the change arrives by polling.
 */
@Timeout(90)
class JdbcStoreTest {

    private final String url = "jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class, "maintenance.store.type=jdbc",
            "maintenance.store.jdbc.table-prefix=shop_", "maintenance.store.jdbc.poll-interval=50ms",
            "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api");

    @Test
    void aChangeOnOneApplicationReachesTheOther() {
        BootApp one = apps.start(DataSourceApp.class, "test.jdbc.url=" + url, "maintenance.instance-name=one");
        BootApp two = apps.start("maintenance.store.jdbc.url=" + url, "maintenance.instance-name=two");
        MaintenanceController first = one.bean(MaintenanceController.class);
        assertThat(first.config().stateStore()).isInstanceOf(JdbcStateStore.class);
        assertThat(first.config().stateStore().toString()).contains("table shop_state");
        // The store's connections come from the application's DataSource, closed after the store.
        assertThat(one.context().getBeanFactory().getDependenciesForBean("maintenanceController"))
                .contains("dataSource");
        assertThat(two.get("/api/hello").statusCode()).isEqualTo(200);

        first.enter("api");

        Awaits.await().until(() -> two.get("/api/hello").statusCode() == 503);
        assertThat(two.get("/hello").statusCode()).isEqualTo(200);
        two.bean(MaintenanceController.class).exit("api");
        Awaits.await().until(() -> one.get("/api/hello").statusCode() == 200);
    }

    @Test
    void theHealthDetailsNameTheStore() {
        BootApp app = apps.start(DataSourceApp.class, with(TestWebApp.ACTUATOR, "test.jdbc.url=" + url));
        MaintenanceController controller = app.bean(MaintenanceController.class);
        Awaits.await().until(() -> controller.storeStatus().available());

        Map<String, Object> health = object(app.get("/actuator/health").body());
        Map<String, Object> store = map(map(map(map(health.get("components")).get("maintenance")).get("details"))
                .get("store"));

        assertThat(store.get("name")).asString().startsWith("jdbc ").contains("shop_state");
        assertThat(store.get("available")).isEqualTo(true);
    }

    private static String[] with(String[] common, String extra) {
        String[] all = java.util.Arrays.copyOf(common, common.length + 1);
        all[common.length] = extra;
        return all;
    }

    /** The test web application with a DataSource of its own (test.jdbc.url), as an application has. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestWebApp.Endpoints.class)
    static class DataSourceApp {

        @Bean
        DataSource dataSource(Environment environment) {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(environment.getRequiredProperty("test.jdbc.url"));
            return dataSource;
        }
    }
}
