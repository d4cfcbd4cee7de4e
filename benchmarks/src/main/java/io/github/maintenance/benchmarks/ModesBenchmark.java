package io.github.maintenance.benchmarks;

import io.github.maintenance.Decision;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceMode;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the decision with the features of the maintenance modes, against the idle decision in
 * the same run. 100 routes on {@code /svc-i}; requests to {@code /svc-50/orders/42}.
 * <ul>
 *   <li>{@link #idle}: none of the features in use: the snapshot is idle, one volatile read;</li>
 *   <li>{@link #inFlightTracked}: in-flight tracking on, nothing blocked: the route match plus
 *       {@code inFlightStarted()}/{@code inFlightEnded()} (two {@code LongAdder} updates and one
 *       volatile read of the idle signal), as the filter does around the application;</li>
 *   <li>{@link #readOnlyGetPasses} and {@link #readOnlyPostRejected}: route {@code svc-50} in
 *       read-only maintenance: the match, the mode check and the method check; the POST is
 *       counted as rejected, as the filter does before writing the response.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModesBenchmark {

    static final String HOST = "www.example.com";
    static final String PATH = "/svc-50/orders/42";

    /** One controller per feature. */
    @State(Scope.Benchmark)
    public static class Controllers {
        MaintenanceController idle;
        MaintenanceController tracked;
        MaintenanceController readOnly;

        @Setup(Level.Trial)
        public void setUp() {
            idle = MaintenanceController.create(config(false));
            tracked = MaintenanceController.create(config(true));
            readOnly = MaintenanceController.create(config(false));
            readOnly.enter("svc-50", MaintenanceRequest.builder()
                    .options(WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).build()).build());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            idle.close();
            tracked.close();
            readOnly.close();
        }
    }

    @Benchmark
    public Decision idle(Controllers s) {
        return s.idle.snapshot().decide(HOST, PATH);
    }

    @Benchmark
    public Decision inFlightTracked(Controllers s) {
        Decision d = s.tracked.snapshot().decide(HOST, PATH);
        if (d.tracksInFlight()) {
            d.inFlightStarted();
            d.inFlightEnded();
        }
        return d;
    }

    @Benchmark
    public boolean readOnlyGetPasses(Controllers s) {
        return readOnly(s, "GET");
    }

    @Benchmark
    public boolean readOnlyPostRejected(Controllers s) {
        return readOnly(s, "POST");
    }

    /** Whether the request passes; a refused one is counted as the filter counts it. */
    static boolean readOnly(Controllers s, String method) {
        Decision d = s.readOnly.snapshot().decide(HOST, PATH);
        if (d.action() == Decision.Action.MAINTENANCE && d.mode() == MaintenanceMode.READ_ONLY) {
            if (safe(method)) {
                return true;
            }
            d.recordReadOnlyRejected();
            return false;
        }
        return !d.isBlocked();
    }

    /** The safe methods a read-only maintenance lets through. */
    static boolean safe(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    static MaintenanceConfig config(boolean trackInFlight) {
        List<Route> list = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            list.add(Route.builder("svc-" + i).path("/svc-" + i).build());
        }
        return MaintenanceConfig.custom().routes(list).trackInFlight(trackInFlight).tickInterval(Duration.ZERO)
                .eventExecutor(Runnable::run).build();
    }
}
