package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Decision;
import io.github.maintenance.Target;

import org.junit.jupiter.api.Test;

/** Each benchmark of {@link ModesBenchmark} does what its name says. */
class ModesBenchmarkTest {

    @Test
    void eachBenchmarkMeasuresItsCase() {
        ModesBenchmark.Controllers s = new ModesBenchmark.Controllers();
        s.setUp();
        try {
            ModesBenchmark b = new ModesBenchmark();
            assertThat(s.idle.snapshot().isIdle()).isTrue();
            assertThat(b.idle(s)).isSameAs(Decision.PASS);

            Decision tracked = b.inFlightTracked(s);
            assertThat(tracked.tracksInFlight()).isTrue();
            assertThat(tracked.route().id()).isEqualTo("svc-50");
            assertThat(s.tracked.inFlight(Target.all())).isZero();

            assertThat(b.readOnlyGetPasses(s)).isTrue();
            assertThat(b.readOnlyPostRejected(s)).isFalse();
            assertThat(s.readOnly.status("svc-50").readOnlyRejected()).isEqualTo(1);
        } finally {
            s.tearDown();
        }
    }
}
