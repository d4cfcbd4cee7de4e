package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * A domain target covers every request for its host, whichever path route would win the match:
 * maintenance and drain of the host's domain route apply on all its paths.
 */
class DomainCoverageTest {

    private final MutableClock clock = MutableClock.atDefault();

    private MaintenanceController controller(Route... routes) {
        MaintenanceConfig.Builder b = TestControllers.config(clock);
        for (Route r : routes) {
            b.route(r);
        }
        return MaintenanceController.create(b.build());
    }

    @Test
    void aDomainInMaintenanceBlocksItsHostOnPathsThatAPathRouteWins() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build())) {
            assertThat(c.enter("shop.example.com")).containsExactly("domain:shop.example.com");

            Decision admin = c.decide("shop.example.com", "/admin/users");
            assertThat(admin.action()).isEqualTo(Action.MAINTENANCE);
            assertThat(admin.route().id()).isEqualTo("domain:shop.example.com");
            assertThat(c.decide("SHOP.example.com:8443", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("shop.example.com", "/").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("www.example.com", "/admin").action()).isEqualTo(Action.PASS);
            assertThat(c.decide(null, "/admin").action()).isEqualTo(Action.PASS);

            admin.recordBlocked();
            assertThat(c.status("domain:shop.example.com").maintenanceHits()).isEqualTo(1);
            c.exit("shop.example.com");
            assertThat(c.decide("shop.example.com", "/admin").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void theWinningPathRouteInMaintenanceStillBlocksWhateverTheDomain() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build(),
                Route.builder("shop").domains("shop.example.com").build())) {
            c.enter("admin");

            assertThat(c.decide("shop.example.com", "/admin").route().id()).isEqualTo("admin");
            assertThat(c.decide("shop.example.com", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("shop.example.com", "/other").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void aDomainTargetCoversTheHostEvenWhenItsOnlyDeclaredRouteHasANarrowerPath() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build(),
                Route.builder("shop-api").path("/api").domains("shop.example.com").build())) {
            assertThat(c.enter("shop.example.com")).containsExactly("shop-api", "domain:shop.example.com");

            assertThat(c.decide("shop.example.com", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("shop.example.com", "/api/x").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("www.example.com", "/api/x").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void aDrainingDomainDrainsEveryPathOfItsHost() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build(),
                Route.builder("shop").domains("shop.example.com").build())) {
            c.startDrain(Target.parse("shop.example.com"), Duration.ofMinutes(5), progress -> 1.0,
                    AfterDrain.KEEP_REJECTING, Cause.api());

            Decision admin = c.decide("shop.example.com", "/admin");
            assertThat(admin.action()).isEqualTo(Action.DRAIN_REJECT);
            assertThat(admin.route().id()).isEqualTo("shop");
            assertThat(c.decide("www.example.com", "/admin").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void theHostsMostSpecificDomainRouteDecides() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build(),
                Route.builder("wild").domains("*.example.com").build(),
                Route.builder("shop").domains("shop.example.com").build())) {
            c.enter("wild");

            assertThat(c.decide("www.example.com", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("shop.example.com", "/admin").action()).as("shop names the host exactly")
                    .isEqualTo(Action.PASS);
            assertThat(c.decide("shop.example.com", "/").action()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void maintenanceForAllBlocksEveryHostAndPath() {
        try (MaintenanceController c = controller(Route.builder("admin").path("/admin").build(),
                Route.builder("shop").domains("shop.example.com").build())) {
            c.enter(Target.all(), MaintenanceRequest.defaults(), Cause.api());

            assertThat(c.decide("shop.example.com", "/admin").action()).isEqualTo(Action.MAINTENANCE);
            assertThat(c.decide("www.example.com", "/x").action()).isEqualTo(Action.MAINTENANCE);
        }
    }
}
