package io.github.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.breaker.CircuitState;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class CircuitBreakerStateMachineTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final List<String> transitions = new ArrayList<>();
    private final CircuitBreakerStateMachine breaker = new CircuitBreakerStateMachine(CircuitBreakerConfig.custom()
            .failureThreshold(3).failureWindow(Duration.ofSeconds(60)).openTimeout(Duration.ofSeconds(30))
            .successThreshold(2).build(),
            (from, to, s) -> transitions.add(from.wireName() + "->" + to.wireName()));

    private long now() {
        return clock.millis();
    }

    private CircuitState state() {
        return breaker.snapshot().state();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(now());
        }
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void startsClosedAndLetsRequestsThrough() {
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.allowRequest(now())).isTrue();
        breaker.onSuccess(now());
        assertThat(breaker.snapshot()).isEqualTo(new CircuitBreakerStateMachine.Snapshot(CircuitState.CLOSED, 0, 0, 0, 0));
        assertThat(transitions).isEmpty();
    }

    @Test
    void opensAfterThresholdFailuresWithinTheWindow() {
        breaker.onFailure(now());
        clock.advance(Duration.ofSeconds(20));
        breaker.onFailure(now());
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().failures()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(20));
        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().openedAt()).isEqualTo(now());
        assertThat(breaker.snapshot().lastFailure()).isEqualTo(now());
        assertThat(breaker.allowRequest(now())).isFalse();
        assertThat(transitions).containsExactly("closed->open");
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        breaker.onFailure(now());
        breaker.onFailure(now());
        clock.advance(Duration.ofSeconds(61));
        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().failures()).isEqualTo(1);

        breaker.onFailure(now());
        breaker.onFailure(now());
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aFailureExactlyAtTheWindowEdgeStillCounts() {
        breaker.onFailure(now());
        breaker.onFailure(now());
        clock.advance(Duration.ofSeconds(60));
        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aSuccessWhileClosedClearsTheFailures() {
        breaker.onFailure(now());
        breaker.onFailure(now());
        breaker.onSuccess(now());
        breaker.onFailure(now());
        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().failures()).isEqualTo(2);
    }

    @Test
    void staysOpenUntilTheTimeoutThenHalfOpens() {
        open();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.allowRequest(now())).isFalse();
        assertThat(state()).isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.allowRequest(now())).isTrue();
        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.allowRequest(now())).isTrue();
        assertThat(transitions).containsExactly("closed->open", "open->half-open");
    }

    @Test
    void halfOpenClosesAfterEnoughSuccesses() {
        open();
        clock.advance(Duration.ofSeconds(30));
        breaker.allowRequest(now());

        breaker.onSuccess(now());
        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.snapshot().successes()).isEqualTo(1);
        breaker.onSuccess(now());

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().failures()).isZero();
        assertThat(transitions).containsExactly("closed->open", "open->half-open", "half-open->closed");
    }

    @Test
    void anyFailureWhileHalfOpenReopens() {
        open();
        clock.advance(Duration.ofSeconds(30));
        breaker.allowRequest(now());
        breaker.onSuccess(now());

        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().openedAt()).isEqualTo(now());
        assertThat(breaker.allowRequest(now())).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.allowRequest(now())).isTrue();
        assertThat(transitions).containsExactly("closed->open", "open->half-open", "half-open->open",
                "open->half-open");
    }

    @Test
    void lateOutcomesWhileOpenDoNotExtendTheOpenPeriod() {
        open();
        long openedAt = breaker.snapshot().openedAt();
        clock.advance(Duration.ofSeconds(10));
        breaker.onSuccess(now());
        breaker.onFailure(now());

        assertThat(state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().openedAt()).isEqualTo(openedAt);
        clock.advance(Duration.ofSeconds(20));
        assertThat(breaker.allowRequest(now())).isTrue();
    }

    @Test
    void resetClosesAndClears() {
        open();

        breaker.reset();

        assertThat(breaker.snapshot()).isEqualTo(new CircuitBreakerStateMachine.Snapshot(CircuitState.CLOSED, 0, 0, 0, 0));
        assertThat(transitions).containsExactly("closed->open", "open->closed");
        breaker.reset();
        assertThat(transitions).hasSize(2);
    }
}
