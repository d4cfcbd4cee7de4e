package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision.Action;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Adopting a state saved elsewhere keeps the route table and the counters when it adds or removes
 * no route, and brings them in line when it brings or drops an ad-hoc route.
 */
class AdoptedRoutesTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final HandDeliveredStore writerStore = new HandDeliveredStore(null);
    private final HandDeliveredStore readerStore = new HandDeliveredStore(null);
    private final MaintenanceController writer = MaintenanceController.create(config("writer", writerStore));
    private final MaintenanceController reader = MaintenanceController.create(config("reader", readerStore));

    private MaintenanceConfig config(String name, HandDeliveredStore store) {
        return TestControllers.config(clock).instanceName(name).stateStore(store).detailedStatistics(true)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build())
                .build();
    }

    @AfterEach
    void close() {
        writer.close();
        reader.close();
    }

    private void sync() {
        List<StoredState> saved = writerStore.saved();
        StoredState last = saved.get(saved.size() - 1);
        readerStore.deliver(StoredStateFormat.decode(StoredStateFormat.encode(last)));
        assertThat(reader.snapshot().version()).isEqualTo(last.version());
    }

    private List<String> readerRouteIds() {
        return reader.routes().stream().map(Route::id).toList();
    }

    @Test
    void adHocRoutesComeAndGoWithAdoptedStatesAndCountersOfTheOthersStay() {
        reader.decide("localhost", "/web").recordOutcome(200, null, 1_000_000);

        writer.enter("api");
        sync();
        assertThat(reader.decide("localhost", "/api").action()).isEqualTo(Action.MAINTENANCE);
        assertThat(readerRouteIds()).contains("api", "web").doesNotContain("path:/reports");

        writer.enter("/reports");
        sync();
        assertThat(readerRouteIds()).contains("api", "web", "path:/reports");
        assertThat(reader.decide("localhost", "/reports/daily").action()).isEqualTo(Action.MAINTENANCE);
        reader.decide("localhost", "/reports/daily").recordBlocked();

        writer.exit("api");
        sync();
        assertThat(reader.decide("localhost", "/api").action()).isEqualTo(Action.PASS);
        assertThat(reader.status("path:/reports").maintenanceHits()).isEqualTo(1);

        writer.exit("/reports");
        sync();
        assertThat(readerRouteIds()).contains("api", "web").doesNotContain("path:/reports");
        assertThat(reader.decide("localhost", "/reports/daily").action()).isEqualTo(Action.PASS);
        assertThat(reader.traffic("web").requests()).as("counted before any adoption").isEqualTo(1);
    }
}
