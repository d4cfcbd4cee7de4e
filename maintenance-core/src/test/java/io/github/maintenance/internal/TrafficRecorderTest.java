package io.github.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.stats.RouteTraffic;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TrafficRecorderTest {

    private static final long MS = 1_000_000L;

    @Test
    void everyLatencyFallsIntoABucketWhoseBoundsHoldIt() {
        int previous = 0;
        for (long micros = 0; micros < 5_000_000; micros = micros < 100 ? micros + 1 : micros + micros / 7) {
            int b = TrafficRecorder.bucket(micros);
            assertThat(b).isBetween(previous, TrafficRecorder.BUCKETS - 1);
            assertThat(TrafficRecorder.upperBound(b)).isGreaterThanOrEqualTo(micros);
            if (b > 0) {
                assertThat(TrafficRecorder.upperBound(b - 1)).isLessThan(micros);
            }
            previous = b;
        }
    }

    @Test
    void bucketsAreAtMostAQuarterWide() {
        for (int b = 9; b < TrafficRecorder.BUCKETS - 1; b++) {
            long lower = TrafficRecorder.upperBound(b - 1) + 1;
            long upper = TrafficRecorder.upperBound(b);
            assertThat((double) (upper - lower + 1) / lower).isLessThanOrEqualTo(0.25);
        }
    }

    @Test
    void hugeLatenciesGoIntoTheLastBucket() {
        assertThat(TrafficRecorder.bucket(Long.MAX_VALUE / 1000)).isEqualTo(TrafficRecorder.BUCKETS - 1);
    }

    @Test
    void countsStatusesErrorsAndLatencies() {
        TrafficRecorder t = new TrafficRecorder();
        for (int i = 1; i <= 100; i++) {
            t.record(200, null, false, i * MS, 0);
        }
        t.record(404, null, false, 1 * MS, 0);
        t.record(503, null, false, 1 * MS, 1_000);
        t.record(500, new IllegalStateException("boom"), true, 2 * MS, 2_000);

        RouteTraffic r = t.snapshot("api");

        assertThat(r.routeId()).isEqualTo("api");
        assertThat(r.requests()).isEqualTo(103);
        assertThat(r.errors()).isEqualTo(2);
        assertThat(r.exceptions()).isEqualTo(1);
        assertThat(r.errorRate()).isEqualTo(2 / 103.0);
        assertThat(r.statusCodes()).containsExactly(Map.entry(200, 100L), Map.entry(404, 1L), Map.entry(500, 1L),
                Map.entry(503, 1L));
        assertThat(r.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(r.lastErrorAt()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(r.avgLatencyMillis()).isCloseTo((5050 + 4) / 103.0, org.assertj.core.data.Offset.offset(1e-9));
        // 95 % of 103 requests = rank 98: the 95 ms request (4 fast ones come first); bucket bound within 25 %.
        assertThat(r.p95LatencyMillis()).isBetween(95.0, 95.0 * 1.25);
        assertThat(r.p99LatencyMillis()).isBetween(99.0, 100.0);
    }

    @Test
    void percentilesNeverExceedTheLargestLatencySeen() {
        TrafficRecorder t = new TrafficRecorder();
        t.record(200, null, false, 1_050_000, 0);

        RouteTraffic r = t.snapshot("r");

        assertThat(r.p99LatencyMillis()).isEqualTo(1.05);
        assertThat(r.p95LatencyMillis()).isEqualTo(1.05);
        assertThat(r.avgLatencyMillis()).isEqualTo(1.05);
    }

    @Test
    void unmeasuredRequestsCountButHaveNoLatency() {
        TrafficRecorder t = new TrafficRecorder();
        t.record(200, null, false, -1, 0);
        t.record(0, null, true, -1, 5);

        RouteTraffic r = t.snapshot("r");

        assertThat(r.requests()).isEqualTo(2);
        assertThat(r.avgLatencyMillis()).isZero();
        assertThat(r.p99LatencyMillis()).isZero();
        assertThat(r.statusCodes()).containsOnlyKeys(200);
        assertThat(r.lastError()).isEqualTo("exception");
    }

    @Test
    void anEmptyRecorderShowsNoTraffic() {
        assertThat(new TrafficRecorder().snapshot("r")).isEqualTo(RouteTraffic.none("r"));
        assertThat(RouteTraffic.none("r").errorRate()).isZero();
    }
}
