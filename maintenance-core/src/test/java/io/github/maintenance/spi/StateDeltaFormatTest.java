package io.github.maintenance.spi;

import io.github.maintenance.Cause;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.testing.AbstractStateStoreContractTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text form of a delta: round trip, layout, size, and refusal of anything else. */
class StateDeltaFormatTest {

    private static final String MINIMAL = """
            delta=1.0
            base_version=3
            version=4
            saved_at=2026-03-01T10:15:30Z
            """;

    @Test
    void everyFieldRoundTrips() {
        StoredState from = StoredState.empty(RandomStates.T);
        StoredState to = AbstractStateStoreContractTest.sampleState(42);
        StoredState withExtensions = new StoredState(43, to.savedAt(), Map.of(), List.of(), null, null, List.of(),
                Map.of("quota.count", "1", "quota.0.target", "ALL", "notes", ""));
        for (StateDelta d : List.of(StateDelta.between(from, to), StateDelta.between(to, withExtensions),
                StateDelta.between(withExtensions, to.withVersion(44)))) {

            assertThat(StateDeltaFormat.decode(StateDeltaFormat.encode(d))).isEqualTo(d);
            assertThat(StateDeltaFormat.decode(StateDeltaFormat.encodeBytes(d))).isEqualTo(d);
        }
    }

    @Test
    void writesOnlyTheChangeInAFixedOrder() {
        StoredState from = AbstractStateStoreContractTest.largeState(3, 3);
        Map<String, RouteState> routes = new HashMap<>(from.routeStates());
        routes.remove("r1");
        MaintenanceState m = new MaintenanceState(null, null, Duration.ofMinutes(5), from.savedAt(), null,
                Cause.api());
        routes.put("r7", new RouteState(m, null));
        StoredState to = new StoredState(4, from.savedAt(), routes, List.of(), m, null);

        assertThat(StateDeltaFormat.encode(StateDelta.between(from, to))).isEqualTo("""
                delta=1.0
                base_version=3
                version=4
                saved_at=2026-03-01T10\\:15\\:33Z
                all.maintenance.since=2026-03-01T10\\:15\\:33Z
                all.maintenance.retry_after=PT5M
                all.maintenance.cause=API
                route.count=1
                route.0.id=r7
                route.0.maintenance.since=2026-03-01T10\\:15\\:33Z
                route.0.maintenance.retry_after=PT5M
                route.0.maintenance.cause=API
                removed.count=1
                removed.0=r1
                """);
    }

    @Test
    void aOneRouteChangeIsSmallWhateverTheNumberOfOtherRoutes() {
        for (int routes : new int[] {10, 1_000, 10_000}) {
            StoredState from = AbstractStateStoreContractTest.largeState(8, routes);
            Map<String, RouteState> changed = new HashMap<>(from.routeStates());
            changed.remove("r5");
            StoredState to = new StoredState(9, from.savedAt(), changed, List.of(), null, null);

            byte[] delta = StateDeltaFormat.encodeBytes(StateDelta.between(from, to));

            assertThat(delta.length).as("%d routes", routes).isLessThan(1024);
            assertThat(StateDeltaFormat.decode(delta).applyTo(from)).isEqualTo(to);
        }
    }

    @Test
    void aDeltaIsNeverTakenForAWholeStateNorTheOtherWayRound() {
        StoredState s = AbstractStateStoreContractTest.sampleState(4);
        String delta = StateDeltaFormat.encode(StateDelta.between(AbstractStateStoreContractTest.sampleState(3), s));
        String state = StoredStateFormat.encode(s);

        assertThat(StateDeltaFormat.isDelta(delta)).isTrue();
        assertThat(StateDeltaFormat.isDelta(state)).isFalse();
        assertThatThrownBy(() -> StoredStateFormat.decode(delta)).isInstanceOf(DamagedStateException.class)
                .hasMessage("invalid stored state: missing key 'format'");
        assertThatThrownBy(() -> StateDeltaFormat.decode(state)).isInstanceOf(DamagedStateException.class)
                .hasMessageStartingWith("invalid state delta: it does not start with 'delta='");
    }

    @Test
    void theMinimalDeltaChangesOnlyVersionAndTime() {
        StateDelta d = StateDeltaFormat.decode(MINIMAL);

        assertThat(d.isEmpty()).isTrue();
        assertThat(d.applyTo(AbstractStateStoreContractTest.sampleState(3)))
                .isEqualTo(new StoredState(4, RandomStates.T, AbstractStateStoreContractTest.sampleState(3).routeStates(),
                        AbstractStateStoreContractTest.sampleState(3).adHocRoutes(),
                        AbstractStateStoreContractTest.sampleState(3).allMaintenance(),
                        AbstractStateStoreContractTest.sampleState(3).allDrain(),
                        AbstractStateStoreContractTest.sampleState(3).schedules(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing version          | base_version=3\\nversion=4\\n       | base_version=3\\n          | missing key 'version'
            version not newer        | version=4                           | version=3                  | key 'version' = '3': must be greater than base_version 3
            negative base            | base_version=3                      | base_version=-1            | key 'base_version' = '-1': must not be negative
            version at the top       | version=4                           | version=9223372036854775807 | must be below 9223372036854775807
            bad instant              | saved_at=2026-03-01T10:15:30Z       | saved_at=yesterday         | key 'saved_at' = 'yesterday': expected an ISO-8601 instant
            bad format               | delta=1.0                           | delta=one                  | key 'delta' = 'one': expected MAJOR.MINOR
            older major              | delta=1.0                           | delta=0.9                  | key 'delta' = '0.9': this version reads 1.x
            unknown key              | version=4                           | version=4\\nroute.0.colour=red | key 'route.0.colour' = 'red': unknown key in state delta format 1.0
            clear with fields        | version=4                           | version=4\\nall.drain=clear\\nall.drain.start=2026-03-01T10:15:30Z | key 'all.drain.start'
            clear misspelt           | version=4                           | version=4\\nall.maintenance=cleared | key 'all.maintenance' = 'cleared': expected clear
            removed twice            | version=4                           | version=4\\nremoved.count=2\\nremoved.0=a\\nremoved.1=a | key 'removed.1' = 'a': route listed twice
            removed bad id           | version=4                           | version=4\\nremoved.count=1\\nremoved.0=ALL | key 'removed.0' = 'ALL'
            removed missing          | version=4                           | version=4\\nremoved.count=2\\nremoved.0=a | missing key 'removed.1'
            too many removed         | version=4                           | version=4\\nremoved.count=10001 | key 'removed.count' = '10001': must be 0 to 10000
            set and removed          | version=4                           | version=4\\nremoved.count=1\\nremoved.0=a\\nroute.count=1\\nroute.0.id=a\\nroute.0.maintenance.since=2026-03-01T10:15:30Z\\nroute.0.maintenance.retry_after=PT5M\\nroute.0.maintenance.cause=API | route a is both set and removed
            route without state      | version=4                           | version=4\\nroute.count=1\\nroute.0.id=a | route.0 (a) has neither maintenance nor drain keys
            extension of a section   | version=4                           | version=4\\nextension.count=1\\nextension.0.key=route.count\\nextension.0.value=1 | a section of this format is not an extension
            extension without value  | version=4                           | version=4\\nextension.count=1\\nextension.0.key=notes | missing key 'extension.0.value'
            """)
    void aDamagedDeltaIsRefusedNamingTheProblem(String what, String replace, String by, String message) {
        String text = MINIMAL.replace(replace.replace("\\n", "\n"), by.replace("\\n", "\n"));

        assertThatThrownBy(() -> StateDeltaFormat.decode(text)).as(what).isInstanceOf(DamagedStateException.class)
                .isNotInstanceOf(NewerFormatException.class).hasMessageStartingWith("invalid state delta: ")
                .hasMessageContaining(message);
    }

    @Test
    void aNewerFormatIsRefusedAsNewer() {
        assertThatThrownBy(() -> StateDeltaFormat.decode(MINIMAL.replace("delta=1.0", "delta=2.0")))
                .isInstanceOf(NewerFormatException.class).hasMessageContaining("format 2.0 was written by a newer");
        assertThatThrownBy(() -> StateDeltaFormat.decode(MINIMAL.replace("delta=1.0", "delta=1.1") + "quota.count=1\n"))
                .isInstanceOf(NewerFormatException.class)
                .hasMessageContaining("format 1.1 has key 'quota.count', which this version does not know");
        assertThat(StateDeltaFormat.decode(MINIMAL.replace("delta=1.0", "delta=1.1")).version()).isEqualTo(4);
    }

    @Test
    void textThatIsNotADeltaIsRefused() {
        assertThatThrownBy(() -> StateDeltaFormat.decode("")).isInstanceOf(DamagedStateException.class)
                .hasMessageStartingWith("invalid state delta: it does not start with 'delta='");
        assertThatThrownBy(() -> StateDeltaFormat.decode(new byte[] {'d', 'e', 'l', 't', 'a', '=', (byte) 0xC3}))
                .isInstanceOf(DamagedStateException.class).hasMessage("invalid state delta: the state delta is not "
                        + "valid UTF-8");
        assertThatThrownBy(() -> StateDeltaFormat.decode(MINIMAL + "x".repeat(StoredStateFormat.MAX_LENGTH)))
                .isInstanceOf(DamagedStateException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> StateDeltaFormat.decode(new byte[StoredStateFormat.MAX_LENGTH + 1]))
                .isInstanceOf(DamagedStateException.class).hasMessageContaining("larger than");
        assertThatThrownBy(() -> StateDeltaFormat.decode(MINIMAL + "route.count=1\nroute.0.id=\\u00"))
                .isInstanceOf(DamagedStateException.class).hasMessageContaining("not in java.util.Properties format");
    }
}
