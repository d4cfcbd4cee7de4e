package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.change.Change;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.Variant;
import io.github.maintenance.route.Route;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Named page templates chosen by a maintenance entry's {@code template} option, and the entry's
 * {@code refresh} option: the page is rendered with them; an unknown name is refused when entering
 * or scheduling, and the refusal changes nothing.
 */
class PageTemplatesTest {

    private static final PageTemplate BLUE = PageTemplate.of("<main class=blue>{{message}}</main>{{refresh_meta}}");
    private static final PageTemplate RED = PageTemplate.of("<main class=red>{{message}}|{{refresh_seconds}}</main>");

    private final MutableClock clock = MutableClock.atDefault();

    private MaintenanceConfig.Builder config() {
        return TestControllers.config(clock)
                .route(Route.builder("shop").path("/shop").build())
                .route(Route.builder("api").path("/api").build())
                .pageTemplate("blue", BLUE)
                .pageTemplate("red", RED);
    }

    private static MaintenanceRequest withOptions(WindowOptions options) {
        return MaintenanceRequest.builder().message("Back soon").options(options).build();
    }

    private static String html(Decision d) {
        return d.page().body(Variant.HTML);
    }

    @Test
    void eachEntryIsRenderedWithTheTemplateItNames() {
        try (MaintenanceController c = MaintenanceController.create(config().build())) {
            c.enter(Target.parse("shop"), withOptions(WindowOptions.builder().template("blue").build()), Cause.api("ops"));
            c.enter(Target.parse("api"), withOptions(WindowOptions.builder().template("red").build()), Cause.api("ops"));

            assertThat(html(c.decide("localhost", "/shop"))).isEqualTo("<main class=blue>Back soon</main>"
                    + "<meta http-equiv=\"refresh\" content=\"30\">");
            assertThat(html(c.decide("localhost", "/api"))).isEqualTo("<main class=red>Back soon|30</main>");

            c.enter(Target.parse("api"), withOptions(WindowOptions.DEFAULTS), Cause.api("ops"));
            assertThat(html(c.decide("localhost", "/api"))).as("the configured page again")
                    .startsWith("<!DOCTYPE html>").doesNotContain("class=red");
        }
    }

    @Test
    void theEntrysRefreshIsThePagesAndASentHeader() {
        try (MaintenanceController c = MaintenanceController.create(config().build())) {
            c.enter("api");
            assertThat(c.decide("localhost", "/api").page().refreshHeader()).as("pageRefreshHeader is off").isNull();

            c.enter(Target.parse("shop"), withOptions(WindowOptions.builder().template("blue")
                    .refresh(Duration.ofSeconds(7)).build()), Cause.api("ops"));

            Decision d = c.decide("localhost", "/shop");
            assertThat(d.page().refreshHeader()).isEqualTo("7");
            assertThat(html(d)).contains("<meta http-equiv=\"refresh\" content=\"7\">");
            assertThat(c.decide("localhost", "/api").page().refreshHeader()).isNull();
        }
    }

    @Test
    void anUnknownTemplateIsRefusedNamingTheKnownOnesAndChangesNothing() {
        try (MaintenanceController c = MaintenanceController.create(config().build())) {
            c.enter(Target.parse("shop"), withOptions(WindowOptions.builder().template("blue").build()), Cause.api("ops"));
            long version = c.snapshot().version();

            assertThatThrownBy(() -> c.enter(Target.parse("ALL"),
                    withOptions(WindowOptions.builder().template("green").build()), Cause.api("ops")))
                    .isInstanceOf(MaintenanceException.class)
                    .hasMessageContaining("'template'").hasMessageContaining("'green'")
                    .hasMessageContaining("known are [blue, red]");
            Instant start = clock.instant().plusSeconds(60);
            assertThatThrownBy(() -> c.apply(new Change.Schedule(Target.parse("api"), start, start.plusSeconds(60),
                    withOptions(WindowOptions.builder().template("green").build())), Cause.api("ops")))
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("known are [blue, red]");

            assertThat(c.snapshot().version()).isEqualTo(version);
            assertThat(c.status("api").inMaintenance()).isFalse();
            assertThat(c.schedules()).isEmpty();
            assertThat(html(c.decide("localhost", "/shop"))).contains("class=blue");
        }
    }

    @Test
    void withoutTemplatesEveryNameIsRefused() {
        try (MaintenanceController c = MaintenanceController.create(TestControllers.config(clock).build())) {
            assertThatThrownBy(() -> c.enter(Target.parse("ALL"),
                    withOptions(WindowOptions.builder().template("blue").build()), Cause.api("ops")))
                    .hasMessageContaining("no page templates are configured");
            assertThat(c.status("*").inMaintenance()).isFalse();
        }
    }

    @Test
    void aStoredEntryNamingATemplateThisInstanceLacksGetsTheConfiguredPage() {
        InMemoryStateStore store = new InMemoryStateStore();
        MaintenanceState m = new MaintenanceState(null, "Back soon", Duration.ofSeconds(60), clock.instant(), null,
                Cause.api("ops"), WindowOptions.builder().template("elsewhere").build());
        store.save(new StoredState(1, clock.instant(), Map.of("*", new RouteState(m, null)), List.of(),
                m, null, List.of(), Map.of()));
        try (MaintenanceController c = MaintenanceController.create(config().stateStore(store).build())) {
            Decision d = c.decide("localhost", "/other");
            assertThat(d.isBlocked()).isTrue();
            assertThat(html(d)).startsWith("<!DOCTYPE html>").contains("Back soon");
        }
    }

    @Test
    void templateNamesAndTheirNumberAreChecked() {
        assertThatThrownBy(() -> config().pageTemplate("../x", BLUE).build()).hasMessageContaining("'pageTemplates'")
                .hasMessageContaining("template name");
        assertThatThrownBy(() -> config().pageTemplate("gone", null).build()).hasMessageContaining("template is required");
        MaintenanceConfig.Builder many = config();
        for (int i = 0; i <= MaintenanceConfig.MAX_PAGE_TEMPLATES; i++) {
            many.pageTemplate("t" + i, BLUE);
        }
        assertThatThrownBy(many::build).hasMessageContaining("at most 64");
        MaintenanceConfig built = config().build();
        assertThat(built.pageTemplates()).containsOnlyKeys("blue", "red");
        assertThat(MaintenanceConfig.from(built).pageTemplates(Map.of()).build().pageTemplates()).isEmpty();
    }
}
