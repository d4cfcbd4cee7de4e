package io.github.maintenance.spi;

import io.github.maintenance.route.Route;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change between two states: applied to the older one it gives the newer one, and it holds only what changed. */
class StateDeltaTest {

    @Test
    void applyingTheDeltaBetweenTwoRandomStatesGivesTheNewerOne() {
        RandomStates random = new RandomStates(20260301);
        for (int i = 0; i < 2_000; i++) {
            StoredState from = random.next(i, 12);
            StoredState to = random.next(i + 1 + i % 3, 12);

            StateDelta d = StateDelta.between(from, to);

            assertThat(d.applyTo(from)).as("pair %d", i).isEqualTo(to);
            assertThat(StateDeltaFormat.decode(StateDeltaFormat.encode(d)).applyTo(from)).as("pair %d", i)
                    .isEqualTo(to);
        }
    }

    @Test
    void applyingTheDeltaBetweenLargeStatesGivesTheNewerOne() {
        RandomStates random = new RandomStates(7);
        for (int i = 0; i < 5; i++) {
            StoredState from = random.next(10L * i, 10_000);
            StoredState to = random.next(10L * i + 1, 10_000);

            assertThat(StateDelta.between(from, to).applyTo(from)).isEqualTo(to);
        }
    }

    @Test
    void aOneRouteChangeCarriesOnlyThatRoute() {
        RandomStates random = new RandomStates(3);
        StoredState from = AbstractStateStoreContractTest.largeState(4, 10_000);
        Map<String, RouteState> routes = new HashMap<>(from.routeStates());
        routes.put("r17", random.routeState());
        routes.remove("r18");
        StoredState to = new StoredState(5, from.savedAt().plusSeconds(1), routes, from.adHocRoutes(),
                from.allMaintenance(), from.allDrain(), from.schedules(), from.extensions());

        StateDelta d = StateDelta.between(from, to);

        assertThat(d.setRoutes()).containsOnlyKeys("r17");
        assertThat(d.removedRoutes()).containsExactly("r18");
        assertThat(d.removedAdHocRoutes()).isEmpty();
        assertThat(d.addedAdHocRoutes()).isEmpty();
        assertThat(d.allMaintenance().changed()).isFalse();
        assertThat(d.allDrain().changed()).isFalse();
        assertThat(d.schedules().changed()).isFalse();
        assertThat(d.extensions().changed()).isFalse();
        assertThat(d.applyTo(from)).isEqualTo(to);
    }

    @Test
    void aChangedAdHocRouteIsRemovedAndAddedAndAReorderingReplacesTheList() {
        Route a = Route.builder("path:/a").path("/a").build();
        Route b = Route.builder("path:/b").path("/b").build();
        Route b2 = Route.builder("path:/b").path("/b").priority(3).build();
        StoredState from = new StoredState(1, RandomStates.T, Map.of(), List.of(a, b), null, null);
        StoredState changed = new StoredState(2, RandomStates.T, Map.of(), List.of(a, b2), null, null);
        StoredState reordered = new StoredState(2, RandomStates.T, Map.of(), List.of(b, a), null, null);

        StateDelta d = StateDelta.between(from, changed);
        StateDelta r = StateDelta.between(from, reordered);

        assertThat(d.removedAdHocRoutes()).containsExactly("path:/b");
        assertThat(d.addedAdHocRoutes()).containsExactly(b2);
        assertThat(d.applyTo(from)).isEqualTo(changed);
        assertThat(r.removedAdHocRoutes()).containsExactlyInAnyOrder("path:/a", "path:/b");
        assertThat(r.addedAdHocRoutes()).containsExactly(b, a);
        assertThat(r.applyTo(from)).isEqualTo(reordered);
    }

    @Test
    void clearingAllMaintenanceAndDrainIsAChangeToNull() {
        StoredState from = AbstractStateStoreContractTest.sampleState(1);
        StoredState to = new StoredState(2, from.savedAt(), from.routeStates(), from.adHocRoutes(), null, null,
                from.schedules(), from.extensions());

        StateDelta d = StateDelta.between(from, to);

        assertThat(d.allMaintenance()).isEqualTo(StateDelta.Change.to(null));
        assertThat(d.allDrain()).isEqualTo(StateDelta.Change.to(null));
        assertThat(d.isEmpty()).isFalse();
        assertThat(StateDelta.between(from, from.withVersion(2)).isEmpty()).isTrue();
        assertThat(d.applyTo(from)).isEqualTo(to);
    }

    @Test
    void aDeltaAppliesOnlyToItsBaseVersion() {
        StateDelta d = StateDelta.between(AbstractStateStoreContractTest.sampleState(3),
                AbstractStateStoreContractTest.sampleState(4));

        assertThatThrownBy(() -> d.applyTo(AbstractStateStoreContractTest.sampleState(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the delta from version 3 to 4 applies to version 3, not to version 2");
    }

    @Test
    void aDeltaGoesToANewerVersion() {
        StoredState s = AbstractStateStoreContractTest.sampleState(3);

        assertThatThrownBy(() -> StateDelta.between(s, s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a delta goes to a newer version, but 3 is not newer than 3");
        assertThatThrownBy(() -> new StateDelta(-1, 2, s.savedAt(), Map.of(), Set.of(), Set.of(), List.of(),
                StateDelta.Change.unchanged(), StateDelta.Change.unchanged(), StateDelta.Change.unchanged(),
                StateDelta.Change.unchanged())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseVersion must not be negative");
    }

    @Test
    void aRouteCannotBeBothSetAndRemoved() {
        StoredState s = AbstractStateStoreContractTest.sampleState(3);
        RouteState api = s.routeStates().get("api");

        assertThatThrownBy(() -> new StateDelta(3, 4, s.savedAt(), Map.of("api", api), Set.of("api"), Set.of(),
                List.of(), StateDelta.Change.unchanged(), StateDelta.Change.unchanged(),
                StateDelta.Change.unchanged(), StateDelta.Change.unchanged()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("route api is both set and removed");
    }
}
