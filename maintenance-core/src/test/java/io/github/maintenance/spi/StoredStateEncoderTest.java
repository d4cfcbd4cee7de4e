package io.github.maintenance.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.state.RouteState;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StoredStateEncoderTest {

    @Test
    void givesExactlyTheTextOfTheFormatForASeriesOfRandomStates() {
        RandomStates random = new RandomStates(7);
        StoredStateEncoder encoder = new StoredStateEncoder();
        for (int v = 1; v <= 3_000; v++) {
            StoredState s = random.next(v, 1 + v % 40);
            assertThat(encoder.encode(s)).as("state %d", v).isEqualTo(StoredStateFormat.encode(s));
            assertThat(StoredStateFormat.decode(encoder.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void reusesUnchangedRoutesAndStillEncodesRoutesInsertedBeforeThemAtTheirNewPositions() {
        StoredStateEncoder encoder = new StoredStateEncoder();
        StoredState s = AbstractStateStoreContractTest.largeState(1, 2_000);
        assertThat(encoder.encode(s)).isEqualTo(StoredStateFormat.encode(s));
        assertThat(encoder.formatted()).isEqualTo(2_000);
        for (int v = 2; v <= 40; v++) {
            s = AbstractStateStoreContractTest.oneRouteChange(s, v);
            long before = encoder.formatted();
            assertThat(encoder.encode(s)).as("one-route change %d", v).isEqualTo(StoredStateFormat.encode(s));
            assertThat(encoder.formatted() - before).as("routes formatted for change %d", v).isLessThanOrEqualTo(1);
        }
        // a route whose id sorts first shifts every other route's index: all lines must follow
        Map<String, RouteState> routes = new HashMap<>(s.routeStates());
        RouteState any = routes.values().iterator().next();
        routes.put("!first", any);
        StoredState shifted = new StoredState(41, s.savedAt(), routes, s.adHocRoutes(), s.allMaintenance(),
                s.allDrain(), s.schedules(), s.extensions());
        assertThat(encoder.encode(shifted)).isEqualTo(StoredStateFormat.encode(shifted));
        routes.remove("!first");
        StoredState back = shifted.withVersion(42);
        back = new StoredState(42, back.savedAt(), routes, back.adHocRoutes(), back.allMaintenance(),
                back.allDrain(), back.schedules(), back.extensions());
        assertThat(encoder.encode(back)).isEqualTo(StoredStateFormat.encode(back));
    }
}
