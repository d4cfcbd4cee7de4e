package io.github.maintenance.jdbc;

import static io.github.maintenance.testing.AbstractStateStoreContractTest.largeState;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.spi.StateDelta;
import io.github.maintenance.spi.StateDeltaFormat;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** The notification payloads: their forms, their size, what a damaged one gives, and what the previous release reads. */
class StateNoticeTest {

    private static final String KEY = "shop";

    private static String deltaPayload(StoredState from, StoredState to) {
        return StateNotice.withDelta(StateDelta.between(from, to), KEY);
    }

    /** How the previous release read a payload: the version of {@code VERSION KEY} for its key, else -1. */
    private static long previousRelease(String payload, String key) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        if (space <= 0 || !payload.substring(space + 1).equals(key)) {
            return -1;
        }
        try {
            return Long.parseLong(payload.substring(0, space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void theDeltaPayloadIsVersionKeyAndTheDeltaTextAndReadsBackToTheSameChange() {
        StoredState v1 = largeState(1, 100);
        StoredState v2 = States.oneRouteChanged(v1, 2);

        String payload = deltaPayload(v1, v2);
        StateNotice notice = StateNotice.parse(payload, KEY);

        assertThat(payload).startsWith("2 shop delta=1.0\n");
        assertThat(payload.substring("2 shop ".length())).isEqualTo(StateDeltaFormat.encode(StateDelta.between(v1, v2)));
        assertThat(notice.version()).isEqualTo(2);
        assertThat(notice.delta().applyTo(v1)).isEqualTo(v2);
    }

    @Test
    void thePlainPayloadIsVersionAndKey() {
        assertThat(StateNotice.plain(42, KEY)).isEqualTo("42 shop");
        assertThat(StateNotice.parse("42 shop", KEY)).isEqualTo(StateNotice.of(42));
    }

    @Test
    void theDeltaOfAOneRouteChangeHasTheSameSizeWhateverTheSizeOfTheState() {
        int[] sizes = new int[3];
        int[] routes = {10, 1_000, 10_000};
        for (int i = 0; i < routes.length; i++) {
            StoredState before = largeState(20_000, routes[i]);
            sizes[i] = deltaPayload(before, States.oneRouteChanged(before, 20_001))
                    .getBytes(StandardCharsets.UTF_8).length;
        }
        StoredState big = largeState(20_000, 10_000);

        assertThat(sizes[1]).isEqualTo(sizes[0]);
        assertThat(sizes[2]).isEqualTo(sizes[0]).isLessThan(400);
        assertThat(StoredStateFormat.encode(big).length()).isGreaterThan(1_000 * sizes[2]);
    }

    @Test
    void aDeltaThatReachesPostgresqlsLimitIsNotSent() {
        StoredState v1 = largeState(1, 200);

        assertThat(deltaPayload(v1, States.allRoutesChanged(v1, 2))).isNull();
        assertThat(deltaPayload(v1, States.oneRouteChanged(v1, 2))).hasSizeLessThan(StateNotice.MAX_PAYLOAD_BYTES);
    }

    @Test
    void payloadsOfOtherKeysAreIgnored() {
        StoredState v1 = largeState(1, 10);
        String other = StateNotice.withDelta(StateDelta.between(v1, States.oneRouteChanged(v1, 2)), "shop-2");

        assertThat(StateNotice.parse("7 shop-2", KEY)).isNull();
        assertThat(StateNotice.parse("7 sho", KEY)).isNull();
        assertThat(StateNotice.parse(other, KEY)).isNull();
        assertThat(StateNotice.parse("7", KEY)).isNull();
        assertThat(StateNotice.parse("", KEY)).isNull();
        assertThat(StateNotice.parse(null, KEY)).isNull();
    }

    @Test
    void aDamagedPayloadForThisKeyAsksForTheRow() {
        StoredState v1 = largeState(1, 10);
        String delta = deltaPayload(v1, States.oneRouteChanged(v1, 2));
        StateNotice resync = StateNotice.of(StateNotice.UNKNOWN);

        assertThat(StateNotice.parse("x2 shop", KEY)).isEqualTo(resync);
        assertThat(StateNotice.parse("-2 shop", KEY)).isEqualTo(resync);
        assertThat(StateNotice.parse("2 shop delta=1.0\nbase_version=1", KEY)).isEqualTo(resync);
        assertThat(StateNotice.parse("2 shop something else", KEY)).isEqualTo(resync);
        assertThat(StateNotice.parse("3" + delta.substring(1), KEY)).as("announces another version than its delta")
                .isEqualTo(resync);
        assertThat(StateNotice.parse(delta.replace("removed.count=1", "removed.count=2"), KEY)).isEqualTo(resync);
        assertThat(StateNotice.parse(delta.replace("delta=1.0", "delta=2.0"), KEY)).as("a newer format")
                .isEqualTo(resync);
    }

    @Test
    void thePreviousReleaseReadsThePlainPayloadAndIgnoresTheDeltaOne() {
        StoredState v1 = largeState(1, 10);

        assertThat(previousRelease(deltaPayload(v1, States.oneRouteChanged(v1, 2)), KEY)).isEqualTo(-1);
        assertThat(previousRelease(StateNotice.plain(2, KEY), KEY)).isEqualTo(2);
    }
}
