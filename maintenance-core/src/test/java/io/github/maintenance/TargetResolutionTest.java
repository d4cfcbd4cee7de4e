package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.route.Route;
import io.github.maintenance.state.Phase;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

class TargetResolutionTest {

    private MaintenanceController controller;

    @BeforeEach
    void start() {
        controller = MaintenanceController.create(TestControllers.config(MutableClock.atDefault())
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("admin").path("/admin").build())
                .route(Route.builder("shop").domains("shop.example.com").build())
                .route(Route.builder("blogs").domains("*.blog.example.com").build())
                .route(Route.builder("api.v2").path("/api/v2").build())
                .build());
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private Phase phase(String id) {
        return controller.snapshot().state(id).phase();
    }

    @Test
    void allSelectsEveryRouteTheCatchAllIncluded() {
        List<String> ids = controller.enter("ALL");

        assertThat(ids).containsExactly("*", "api", "admin", "shop", "blogs", "api.v2");
        assertThat(controller.decide("any.org", "/whatever").action()).isEqualTo(Decision.Action.MAINTENANCE);
    }

    @Test
    void allWorksWithNoDeclaredRoutes() {
        try (MaintenanceController bare = MaintenanceController.create(
                TestControllers.config(MutableClock.atDefault()).build())) {
            assertThat(bare.enter("ALL")).containsExactly("*");
            assertThat(bare.decide("h", "/x").action()).isEqualTo(Decision.Action.MAINTENANCE);
        }
    }

    @Test
    void idsAreReturnedInTableOrder() {
        assertThat(controller.enter("shop,api")).containsExactly("api", "shop");
        assertThat(phase("api")).isEqualTo(Phase.MAINTENANCE);
        assertThat(phase("shop")).isEqualTo(Phase.MAINTENANCE);
        assertThat(phase("admin")).isEqualTo(Phase.SERVING);
    }

    @Test
    void anItemEqualToARouteIdIsThatIdEvenWhenItLooksLikeADomain() {
        assertThat(controller.enter("api.v2")).containsExactly("api.v2");
        assertThat(controller.routes()).extracting(Route::id).doesNotContain("domain:api.v2");
    }

    @Test
    void aPathSelectsTheRoutesWithThatPrefixAfterNormalisation() {
        assertThat(controller.enter("/api/")).containsExactly("api");
        assertThat(controller.decide("h", "/api/x").action()).isEqualTo(Decision.Action.MAINTENANCE);
        assertThat(controller.decide("h", "/api/v2/x").action()).isEqualTo(Decision.Action.PASS);
    }

    @Test
    void aPathWithoutARouteCreatesAnAdHocRouteThatGoesAwayWhenServingAgain() {
        assertThat(controller.enter("/reports")).containsExactly("path:/reports");
        assertThat(controller.decide("h", "/reports/2026").action()).isEqualTo(Decision.Action.MAINTENANCE);
        assertThat(controller.decide("h", "/reportsx").action()).isEqualTo(Decision.Action.PASS);

        assertThat(controller.exit("/reports")).containsExactly("path:/reports");
        assertThat(controller.routes()).extracting(Route::id).doesNotContain("path:/reports");
    }

    @Test
    void aDomainSelectsRoutesNamingItExactlyOrByWildcard() {
        assertThat(controller.enter("SHOP.example.com")).containsExactly("shop");
        assertThat(controller.enter("news.blog.example.com")).containsExactly("blogs");
        assertThat(controller.exit("*.blog.example.com")).containsExactly("blogs");
    }

    @Test
    void aDomainWithoutARouteCreatesAnAdHocRoute() {
        assertThat(controller.enter("status.example.org")).containsExactly("domain:status.example.org");
        assertThat(controller.decide("status.example.org:443", "/x").action()).isEqualTo(Decision.Action.MAINTENANCE);
        assertThat(controller.decide("www.example.org", "/x").action()).isEqualTo(Decision.Action.PASS);
    }

    @Test
    void anUnknownIdIsAnErrorAndChangesNothing() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.enter("nope"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");
        assertThatThrownBy(() -> controller.exit("nope"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");
        assertThatThrownBy(() -> controller.startDrain("nope", Duration.ofMinutes(1)))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");
        assertThatThrownBy(() -> controller.cancelDrain("nope"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");
        assertThatThrownBy(() -> controller.status("nope"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");

        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void oneUnknownIdInAListChangesNothingAtAll() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.enter("api,/new-path,new.example.net,nope"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("route not found: nope");

        assertThat(controller.snapshot()).isSameAs(before);
        assertThat(phase("api")).isEqualTo(Phase.SERVING);
        assertThat(controller.routes()).extracting(Route::id)
                .containsExactly("*", "api", "admin", "shop", "blogs", "api.v2");
        assertThat(controller.history()).isEmpty();
    }

    @Test
    void anInvalidPathOrDomainItemIsAnError() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.enter("/a//b"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target '/a//b': invalid route path '/a//b': must not contain empty, '.' or '..' segments");
        assertThatThrownBy(() -> controller.enter("bad_domain!.com"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid target 'bad_domain!.com': invalid route domain");
        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void exitingAPathOrDomainThatSelectsNothingIsANoOp() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThat(controller.exit("/nothing-here")).isEmpty();
        assertThat(controller.exit("nothing.example.net")).isEmpty();
        assertThat(controller.cancelDrain("/nothing-here")).isEmpty();
        assertThat(controller.snapshot()).isSameAs(before);
    }

    @Test
    void garbageTargetsThroughTheControllerAreRefusedBeforeAnythingChanges() {
        MaintenanceSnapshot before = controller.snapshot();

        assertThatThrownBy(() -> controller.enter(""))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target '': target cannot be empty");
        assertThatThrownBy(() -> controller.enter("api,,admin"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target 'api,,admin': empty item");
        assertThat(controller.snapshot()).isSameAs(before);
    }
}
