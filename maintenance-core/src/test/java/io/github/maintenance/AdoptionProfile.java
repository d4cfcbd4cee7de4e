package io.github.maintenance;

import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times how long a controller takes to adopt a state another instance saved: {@code routes}
 * declared routes, all but one in maintenance, and {@code changes} stored states that each toggle
 * one route, decoded from their stored text as a store's watcher does. Not a test; run by hand:
 * {@code java -cp ... io.github.maintenance.AdoptionProfile 10000 200 5}.
 */
public final class AdoptionProfile {

    private AdoptionProfile() {
    }

    /**
     * Runs the measurement.
     *
     * @param args number of routes, number of changes, rounds (the first ones warm up)
     */
    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        MutableClock clock = MutableClock.atDefault();
        HandDeliveredStore writerStore = new HandDeliveredStore(null);
        List<String> ids = new ArrayList<>();
        MaintenanceConfig.Builder wc = TestControllers.config(clock).instanceName("writer").stateStore(writerStore);
        for (int i = 0; i < routes; i++) {
            ids.add("r" + i);
            wc.route(Route.builder("r" + i).path("/r" + i).build());
        }
        List<StoredState> stored = new ArrayList<>();
        StoredState start;
        try (MaintenanceController w = MaintenanceController.create(wc.build())) {
            for (int from = 1; from < routes; from += 32) {
                w.enter(Target.of(ids.subList(from, Math.min(routes, from + 32)).toArray(String[]::new)),
                        MaintenanceRequest.builder().message("Upgrade").build(), Cause.api());
            }
            start = writerStore.saved().get(writerStore.saved().size() - 1);
            for (int j = 0; j < changes * rounds; j++) {
                clock.advance(Duration.ofSeconds(1));
                String id = ids.get(1 + (j / 2) % (routes - 1));
                if (j % 2 == 0) {
                    w.exit(Target.of(id), Cause.api());
                } else {
                    w.enter(Target.of(id), MaintenanceRequest.builder().message("Upgrade").build(), Cause.api());
                }
            }
            List<StoredState> all = writerStore.saved();
            for (StoredState s : all.subList(all.size() - changes * rounds, all.size())) {
                stored.add(StoredStateFormat.decode(StoredStateFormat.encode(s)));
            }
        }
        HandDeliveredStore readerStore = new HandDeliveredStore(StoredStateFormat.decode(StoredStateFormat.encode(start)));
        MaintenanceConfig.Builder rc = TestControllers.config(clock).instanceName("reader").stateStore(readerStore);
        ids.forEach(id -> rc.route(Route.builder(id).path("/" + id).build()));
        try (MaintenanceController r = MaintenanceController.create(rc.build())) {
            for (int round = 0; round < rounds; round++) {
                long[] nanos = new long[changes];
                for (int j = 0; j < changes; j++) {
                    StoredState s = stored.get(round * changes + j);
                    long t0 = System.nanoTime();
                    readerStore.deliver(s);
                    nanos[j] = System.nanoTime() - t0;
                    if (r.snapshot().version() != s.version()) {
                        throw new IllegalStateException("version " + s.version() + " not adopted");
                    }
                }
                Arrays.sort(nanos);
                System.out.printf("routes=%d round=%d p50=%.3f ms p90=%.3f ms max=%.3f ms%n", routes, round,
                        nanos[changes / 2] / 1e6, nanos[changes * 9 / 10] / 1e6, nanos[changes - 1] / 1e6);
            }
        }
    }
}
