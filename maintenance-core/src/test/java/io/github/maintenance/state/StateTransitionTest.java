package io.github.maintenance.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.state.StateTransition.Event;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

class StateTransitionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MaintenanceState M = new MaintenanceState(null, null, Duration.ofSeconds(300), T0, null,
            Cause.api());
    private static final DrainState D = new DrainState(T0, Duration.ofMinutes(10), DrainPolicy.standard(),
            AfterDrain.KEEP_REJECTING, Cause.api());

    @Test
    void phaseFollowsPrecedenceMaintenanceOverDrainingOverServing() {
        assertThat(RouteState.SERVING.phase()).isEqualTo(Phase.SERVING);
        assertThat(RouteState.SERVING.withDrain(D).phase()).isEqualTo(Phase.DRAINING);
        assertThat(RouteState.SERVING.withMaintenance(M).phase()).isEqualTo(Phase.MAINTENANCE);
        assertThat(RouteState.SERVING.withDrain(D).withMaintenance(M).phase()).isEqualTo(Phase.MAINTENANCE);
    }

    @Test
    void leavingMaintenanceKeepsTheDrainUnderneath() {
        RouteState both = RouteState.SERVING.withDrain(D).withMaintenance(M);

        assertThat(both.inMaintenance()).isTrue();
        assertThat(both.draining()).isTrue();
        assertThat(both.withoutMaintenance().phase()).isEqualTo(Phase.DRAINING);
        assertThat(both.withoutMaintenance().drain()).isSameAs(D);
        assertThat(both.withoutDrain().phase()).isEqualTo(Phase.MAINTENANCE);
        assertThat(RouteState.SERVING.withMaintenance(M).withoutMaintenance()).isSameAs(RouteState.SERVING);
        assertThat(RouteState.SERVING.withDrain(D).withoutDrain()).isSameAs(RouteState.SERVING);
    }

    @Test
    void everyListedTransitionIsFoundByItsTriple() {
        for (StateTransition t : StateTransition.values()) {
            assertThat(StateTransition.of(t.event(), t.from(), t.to())).isSameAs(t);
            assertThat(t.changesPhase()).isEqualTo(t.from() != t.to());
        }
    }

    @Test
    void legalStepsAreChecked() {
        assertThat(StateTransition.check(Event.ENTER, RouteState.SERVING, RouteState.SERVING.withMaintenance(M)))
                .isEqualTo(StateTransition.ENTER_FROM_SERVING);
        assertThat(StateTransition.check(Event.EXIT, RouteState.SERVING.withDrain(D).withMaintenance(M),
                RouteState.SERVING.withDrain(D))).isEqualTo(StateTransition.EXIT_TO_DRAINING);
        assertThat(StateTransition.check(Event.DRAIN_OVER, RouteState.SERVING.withDrain(D),
                RouteState.SERVING.withMaintenance(M))).isEqualTo(StateTransition.DRAIN_COMPLETE);
        assertThat(StateTransition.check(Event.EXIT, RouteState.SERVING, RouteState.SERVING))
                .isEqualTo(StateTransition.EXIT_WHILE_SERVING);
    }

    @Test
    void illegalStepsThrowNamingEventAndPhase() {
        assertThatThrownBy(() -> StateTransition.of(Event.DRAIN_OVER, Phase.SERVING, Phase.MAINTENANCE))
                .isInstanceOfSatisfying(IllegalStateTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(Phase.SERVING);
                    assertThat(e.event()).isEqualTo(Event.DRAIN_OVER);
                })
                .hasMessage("illegal state transition: DRAIN_OVER in phase SERVING");
        assertThatThrownBy(() -> StateTransition.of(Event.EXPIRE, Phase.SERVING, Phase.SERVING))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> StateTransition.of(Event.ENTER, Phase.SERVING, Phase.DRAINING))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> StateTransition.of(Event.CANCEL_DRAIN, Phase.DRAINING, Phase.DRAINING))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> StateTransition.check(Event.EXIT, RouteState.SERVING.withMaintenance(M),
                RouteState.SERVING.withMaintenance(M))).isInstanceOf(IllegalStateTransitionException.class);
    }

    @Test
    void noEventLeavesMaintenanceForDrainingExceptExitAndExpire() {
        for (StateTransition t : StateTransition.values()) {
            if (t.from() == Phase.MAINTENANCE && t.to() != Phase.MAINTENANCE) {
                assertThat(t.event()).isIn(Event.EXIT, Event.EXPIRE);
            }
        }
    }

    @Test
    void drainStateProgressAndRemaining() {
        long start = T0.toEpochMilli();

        assertThat(D.progress(start - 1000)).isZero();
        assertThat(D.progress(start + Duration.ofMinutes(5).toMillis())).isEqualTo(0.5);
        assertThat(D.progress(start + Duration.ofMinutes(20).toMillis())).isEqualTo(1.0);
        assertThat(D.remaining(T0.plusSeconds(540))).isEqualTo(Duration.ofSeconds(60));
        assertThat(D.remaining(T0.plusSeconds(900))).isEqualTo(Duration.ZERO);
        assertThat(D.isOver(start + Duration.ofMinutes(10).toMillis() - 1)).isFalse();
        assertThat(D.isOver(start + Duration.ofMinutes(10).toMillis())).isTrue();
        assertThat(D.end()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void aDrainMustLastSomeTime() {
        assertThatThrownBy(() -> new DrainState(T0, Duration.ZERO, DrainPolicy.linear(), AfterDrain.KEEP_REJECTING,
                Cause.api())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void maintenanceExpiresAtItsEnd() {
        MaintenanceState timed = new MaintenanceState(null, null, Duration.ofSeconds(1), T0, T0.plusSeconds(60),
                Cause.api());

        assertThat(timed.isExpired(T0.plusSeconds(59))).isFalse();
        assertThat(timed.isExpired(T0.plusSeconds(60))).isTrue();
        assertThat(timed.isExpired(T0.plusSeconds(60).toEpochMilli())).isTrue();
        assertThat(M.isExpired(Instant.MAX)).isFalse();
    }

    @Test
    void drainPoliciesByName() {
        assertThat(DrainPolicy.named("standard")).isSameAs(DrainPolicy.standard());
        assertThat(DrainPolicy.named(" seed ")).isSameAs(DrainPolicy.standard());
        assertThat(DrainPolicy.named("linear")).isSameAs(DrainPolicy.linear());
        assertThat(DrainPolicy.standard()).hasToString("standard");
        assertThatThrownBy(() -> DrainPolicy.named("cubic"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("unknown drain policy 'cubic' (expected standard or linear)");
        assertThatThrownBy(() -> DrainPolicy.named(null)).isInstanceOf(MaintenanceException.class);
    }

    @Test
    void builtInPoliciesFollowTheirFormulas() {
        assertThat(DrainPolicy.standard().rejectProbability(0.0)).isZero();
        assertThat(DrainPolicy.standard().rejectProbability(0.5)).isZero();
        assertThat(DrainPolicy.standard().rejectProbability(0.51)).isEqualTo(0.51);
        assertThat(DrainPolicy.standard().rejectProbability(0.75)).isEqualTo(0.75);
        assertThat(DrainPolicy.linear().rejectProbability(0.1)).isEqualTo(0.1);
        assertThat(DrainPolicy.linear().rejectProbability(0.0)).isZero();
    }
}
