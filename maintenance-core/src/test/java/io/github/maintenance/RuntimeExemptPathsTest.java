package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.route.Route;
import io.github.maintenance.testing.MutableClock;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Path prefixes exempted at run time by a control plane (the registry's HEALTH_SET), and route owners. */
class RuntimeExemptPathsTest {

    private final MutableClock clock = MutableClock.atDefault();
    private final MaintenanceController controller = MaintenanceController.create(TestControllers.config(clock)
            .route(Route.builder("api").path("/api").build()).build());

    @AfterEach
    void close() {
        controller.close();
    }

    @Test
    void exemptPathsOfSeveralOwnersAreMergedSortedAndSegmentAware() {
        controller.setExemptPaths("registry:a", List.of("/healthz/", "/api/status"), Cause.api());
        controller.setExemptPaths("registry:b", List.of("/healthz"), Cause.api());

        assertThat(controller.exemptPaths()).containsExactly("/api/status", "/healthz");
        MaintenanceSnapshot s = controller.snapshot();
        assertThat(s.isExemptPath("/healthz")).isTrue();
        assertThat(s.isExemptPath("/healthz/live")).isTrue();
        assertThat(s.isExemptPath("/healthzz")).isFalse();
        assertThat(s.isExemptPath("/api/status")).isTrue();
        assertThat(s.isExemptPath("/api")).isFalse();
    }

    @Test
    void anEmptyCollectionRemovesOneOwnersPathsOnly() {
        controller.setExemptPaths("registry:a", List.of("/a"), Cause.api());
        controller.setExemptPaths("registry:b", List.of("/b"), Cause.api());

        controller.setExemptPaths("registry:a", List.of(), Cause.api());

        assertThat(controller.exemptPaths()).containsExactly("/b");
        assertThat(controller.snapshot().isExemptPath("/a")).isFalse();
        assertThat(controller.snapshot().isExemptPath("/b")).isTrue();
    }

    @Test
    void anInvalidPathChangesNothing() {
        controller.setExemptPaths("registry:a", List.of("/a"), Cause.api());
        long version = controller.snapshot().version();

        assertThatThrownBy(() -> controller.setExemptPaths("registry:a", List.of("/ok", "no-slash"), Cause.api()))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid route path 'no-slash': path must start with /");
        assertThatThrownBy(() -> controller.setExemptPaths("", List.of("/x"), Cause.api()))
                .isInstanceOf(MaintenanceException.class);

        assertThat(controller.exemptPaths()).containsExactly("/a");
        assertThat(controller.snapshot().version()).isEqualTo(version);
    }

    @Test
    void exemptPathsDoNotMakeAnIdleSnapshotBusy() {
        controller.setExemptPaths("registry:a", List.of("/health"), Cause.api());

        assertThat(controller.snapshot().isIdle()).isTrue();
    }

    @Test
    void aRouteOwnerIsKeptThroughReplacementAndShownByTheTable() {
        Route r = Route.builder("r1").path("/shop").owner("registry:web/i-1").build();
        controller.putRoute(r, Cause.api());
        controller.enter("r1");

        controller.putRoute(r.toBuilder().owner("controller").build(), Cause.api());

        Route listed = controller.routes().stream().filter(x -> x.id().equals("r1")).findFirst().orElseThrow();
        assertThat(listed.owner()).isEqualTo("controller");
        assertThat(controller.status("r1").inMaintenance()).as("replacing keeps the state").isTrue();
        assertThat(controller.routes().get(1).owner()).as("declared by the application").isNull();
    }
}
