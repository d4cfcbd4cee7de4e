package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.FilterSettings;
import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.spring.boot.testing.BootApp;
import io.github.maintenance.spring.boot.testing.BootApps;

import jakarta.servlet.DispatcherType;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The application's own beans replace the starter's. */
@Timeout(60)
class BackOffTest {

    @RegisterExtension
    final BootApps apps = new BootApps(TestWebApp.class);

    @Test
    void ownControllerReplacesTheStartersAndDrivesTheFilter() {
        BootApp app = apps.start(OwnController.class, "maintenance.routes[0].id=ignored", "maintenance.routes[0].path=/x");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        assertThat(controller).isSameAs(app.context().getBean("ownController"));
        assertThat(app.context().containsBean("maintenanceController")).isFalse();
        assertThat(controller.config().routes()).extracting(Route::id).contains("own").doesNotContain("ignored");

        controller.enter("own");
        assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);
        assertThat(app.get("/admin/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void ownFilterRegistrationReplacesTheStarters() {
        BootApp app = apps.start(OwnFilter.class);
        assertThat(app.context().containsBean("maintenanceFilter")).isFalse();
        assertThat(app.context().getBeanNamesForType(FilterRegistrationBean.class)).contains("ownFilter");
        MaintenanceController controller = app.bean(MaintenanceController.class);
        controller.enter("ALL");
        // The own registration exempts /admin; the starter's would not have.
        HttpResponse<String> admin = app.get("/admin/hello");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(app.get("/api/hello").statusCode()).isEqualTo(503);
    }

    @Test
    void disabledConfiguresNothing() {
        BootApp app = apps.start("maintenance.enabled=false", "maintenance.initial-target=ALL");
        assertThat(app.context().getBeanNamesForType(MaintenanceController.class)).isEmpty();
        assertThat(app.context().containsBean("maintenanceFilter")).isFalse();
        assertThat(app.get("/api/hello").statusCode()).isEqualTo(200);
    }

    /** The test app with a controller of its own. */
    @Configuration(proxyBeanMethods = false)
    @Import(TestWebApp.class)
    static class OwnController {
        @Bean(destroyMethod = "close")
        MaintenanceController ownController() {
            return MaintenanceController.create(MaintenanceConfig.custom()
                    .route(Route.builder("own").path("/api").build()).build());
        }
    }

    /** The test app with a filter registration of its own. */
    @Configuration(proxyBeanMethods = false)
    @Import(TestWebApp.class)
    static class OwnFilter {
        @Bean
        FilterRegistrationBean<MaintenanceFilter> ownFilter(MaintenanceController controller) {
            FilterRegistrationBean<MaintenanceFilter> r = new FilterRegistrationBean<>(
                    new MaintenanceFilter(controller, FilterSettings.custom().exemptPaths("/admin").build()));
            r.addUrlPatterns("/*");
            r.setDispatcherTypes(DispatcherType.REQUEST);
            r.setAsyncSupported(true);
            return r;
        }
    }
}
