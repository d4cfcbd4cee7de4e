package io.github.maintenance.spi;

import io.github.maintenance.Cause;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.route.Route;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random stored states over a small set of values, so that two of them share some and differ in others. */
final class RandomStates {

    static final Instant T = Instant.parse("2026-03-01T10:15:30Z");

    private final Random random;

    RandomStates(long seed) {
        this.random = new Random(seed);
    }

    /** A state at {@code version} with up to {@code maxRoutes} routes not serving, among ids r0 to r(maxRoutes-1). */
    StoredState next(long version, int maxRoutes) {
        Map<String, RouteState> routes = new HashMap<>();
        int n = maxRoutes == 0 ? 0 : random.nextInt(maxRoutes + 1);
        for (int i = 0; i < n; i++) {
            routes.put(routeId(random.nextInt(maxRoutes)), routeState());
        }
        if (random.nextInt(4) == 0) {
            routes.put(Route.CATCH_ALL_ID, routeState());
        }
        List<Route> adHoc = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (random.nextBoolean()) {
                adHoc.add(adHocRoute(i));
            }
        }
        if (random.nextInt(5) == 0) {
            java.util.Collections.shuffle(adHoc, random);
        }
        List<ScheduledWindow> schedules = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (random.nextInt(3) == 0) {
                schedules.add(window(i));
            }
        }
        Map<String, String> extensions = switch (random.nextInt(4)) {
            case 0 -> Map.of("quota.count", "1", "quota.0.target", "ALL");
            case 1 -> Map.of("quota.count", "0", "notes", "");
            default -> Map.of();
        };
        return new StoredState(version, T.plusSeconds(version), routes, adHoc,
                random.nextInt(3) == 0 ? maintenance() : null, random.nextInt(3) == 0 ? drain() : null, schedules,
                extensions);
    }

    static String routeId(int i) {
        return "r" + i;
    }

    RouteState routeState() {
        return switch (random.nextInt(3)) {
            case 0 -> new RouteState(maintenance(), null);
            case 1 -> new RouteState(null, drain());
            default -> new RouteState(maintenance(), drain());
        };
    }

    MaintenanceState maintenance() {
        Instant since = T.plusSeconds(random.nextInt(3) * 60L);
        return switch (random.nextInt(4)) {
            case 0 -> new MaintenanceState(null, null, Duration.ofSeconds(300), since, null, Cause.api());
            case 1 -> new MaintenanceState("http://127.0.0.1:8080/status", "Back at 11:00 | soon \u00e9",
                    Duration.ofSeconds(120), since, since.plusSeconds(3600), Cause.of(Cause.Source.REGISTRY, "svc-1"));
            case 2 -> new MaintenanceState(null, "read only", Duration.ofSeconds(60), since, null, Cause.api("ops"),
                    WindowOptions.builder().mode(MaintenanceMode.READ_ONLY).status(503).build(), since);
            default -> new MaintenanceState(null, null, Duration.ofSeconds(30), since, null,
                    Cause.of(Cause.Source.FLAG_FILE, "web-1:/srv/.maintenance"),
                    WindowOptions.DEFAULTS, since.minusSeconds(600));
        };
    }

    DrainState drain() {
        return new DrainState(T.plusSeconds(random.nextInt(3)), Duration.ofSeconds(30 + random.nextInt(3) * 30L),
                random.nextBoolean() ? DrainPolicy.linear() : DrainPolicy.standard(),
                random.nextBoolean() ? AfterDrain.ENTER_MAINTENANCE : AfterDrain.KEEP_REJECTING, Cause.api("deploy"));
    }

    Route adHocRoute(int i) {
        Route.Builder b = Route.builder("path:/a" + i).path("/a" + i);
        if (random.nextBoolean()) {
            b.domains(List.of("api.localhost")).priority(i).exemptPaths(List.of("/a" + i + "/health"))
                    .backend("http://127.0.0.1:8081");
        }
        return b.build();
    }

    ScheduledWindow window(int i) {
        return new ScheduledWindow("sch-00000000000" + i, i == 0 ? "ALL" : "/a" + i, T.plusSeconds(7200),
                T.plusSeconds(9000 + random.nextInt(2) * 60L), null, random.nextBoolean() ? "Upgrade" : null,
                Duration.ofSeconds(600), T, Cause.api("ops"), random.nextBoolean());
    }
}
