package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;
import io.github.maintenance.route.Route;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Pages rendered for a maintenance are reused for as long as a state with the same page input
 * (message, Retry-After, end, template, refresh) is in force, also when that state comes back from
 * the store as a new object, as it does on every instance that adopts a change made elsewhere;
 * a change of any page input renders the page anew.
 */
class AdoptedPageReuseTest {

    private static final PageTemplate BLUE = PageTemplate.of(
            "<main class=blue>{{message}}|{{retry_after}}|{{until_iso}}|{{refresh_seconds}}</main>");

    private final MutableClock clock = MutableClock.atDefault();
    private final HandDeliveredStore writerStore = new HandDeliveredStore(null);
    private final HandDeliveredStore readerStore = new HandDeliveredStore(null);
    private MaintenanceController writer;
    private MaintenanceController reader;

    private MaintenanceConfig config(String name, HandDeliveredStore store) {
        return TestControllers.config(clock).instanceName(name).stateStore(store)
                .route(Route.builder("api").path("/api").build())
                .route(Route.builder("web").path("/web").build())
                .route(Route.builder("shop").path("/shop").build())
                .pageTemplate("blue", BLUE)
                .build();
    }

    @BeforeEach
    void start() {
        writer = MaintenanceController.create(config("writer", writerStore));
        reader = MaintenanceController.create(config("reader", readerStore));
    }

    @AfterEach
    void close() {
        writer.close();
        reader.close();
    }

    /** Hands the writer's last saved state to the reader, decoded from its stored text as a store does. */
    private void sync() {
        List<StoredState> saved = writerStore.saved();
        StoredState last = saved.get(saved.size() - 1);
        readerStore.deliver(StoredStateFormat.decode(StoredStateFormat.encode(last)));
        assertThat(reader.snapshot().version()).isEqualTo(last.version());
    }

    private RenderedPage page(MaintenanceController c, String path) {
        Decision d = c.decide("localhost", path);
        assertThat(d.action()).isEqualTo(Decision.Action.MAINTENANCE);
        return d.page();
    }

    private static MaintenanceRequest request(String message, WindowOptions options) {
        return MaintenanceRequest.builder().message(message).options(options).build();
    }

    @Test
    void anAdoptedStateEqualInPageInputKeepsTheRenderedPage() {
        writer.enter(Target.of("api"), request("Database upgrade", WindowOptions.DEFAULTS), Cause.api("ops"));
        sync();
        RenderedPage api = page(reader, "/api");
        assertThat(api.body(Variant.HTML)).contains("Database upgrade");

        clock.advance(Duration.ofSeconds(5));
        writer.enter(Target.of("web"), request("Database upgrade", WindowOptions.DEFAULTS), Cause.api("someone else"));
        sync();
        assertThat(page(reader, "/api")).as("the decoded copy of the unchanged state").isSameAs(api);
        assertThat(page(reader, "/web")).as("another route, entered later by someone else, same page input")
                .isSameAs(api);

        writer.exit(Target.of("web"), Cause.api("ops"));
        sync();
        assertThat(page(reader, "/api")).isSameAs(api);
        assertThat(reader.decide("localhost", "/web").action()).isEqualTo(Decision.Action.PASS);
    }

    @Test
    void theWritersOwnSnapshotsReuseThePageOfAnUnchangedRoute() {
        writer.enter(Target.of("api"), request("Database upgrade", WindowOptions.DEFAULTS), Cause.api("ops"));
        RenderedPage api = page(writer, "/api");

        writer.enter(Target.of("web"), request("Other work", WindowOptions.DEFAULTS), Cause.api("ops"));

        assertThat(page(writer, "/api")).isSameAs(api);
        assertThat(page(writer, "/web")).isNotSameAs(api);
        assertThat(page(writer, "/web").body(Variant.HTML)).contains("Other work");
    }

    @Test
    void aChangedPageInputRendersThePageAnew() {
        WindowOptions blue = WindowOptions.builder().template("blue").build();
        writer.enter(Target.of("api"), request("Upgrade", blue), Cause.api("ops"));
        writer.enter(Target.of("shop"), request("Upgrade", blue), Cause.api("ops"));
        sync();
        RenderedPage shop = page(reader, "/shop");
        RenderedPage before = page(reader, "/api");
        assertThat(before.body(Variant.HTML)).isEqualTo("<main class=blue>Upgrade|300||30</main>");

        writer.enter(Target.of("api"), request("Longer upgrade", blue), Cause.api("ops"));
        sync();
        RenderedPage message = page(reader, "/api");
        assertThat(message).isNotSameAs(before);
        assertThat(message.body(Variant.HTML)).isEqualTo("<main class=blue>Longer upgrade|300||30</main>");

        Instant until = clock.instant().plus(Duration.ofHours(2));
        writer.enter(Target.of("api"), MaintenanceRequest.builder().message("Longer upgrade").until(until)
                .options(blue).build(), Cause.api("ops"));
        sync();
        RenderedPage end = page(reader, "/api");
        assertThat(end).isNotSameAs(message);
        assertThat(end.body(Variant.HTML)).isEqualTo("<main class=blue>Longer upgrade|300|" + until + "|30</main>");

        writer.enter(Target.of("api"), MaintenanceRequest.builder().message("Longer upgrade").until(until)
                .options(WindowOptions.builder().template("blue").refresh(Duration.ofSeconds(90)).build()).build(),
                Cause.api("ops"));
        sync();
        RenderedPage refresh = page(reader, "/api");
        assertThat(refresh).isNotSameAs(end);
        assertThat(refresh.body(Variant.HTML)).isEqualTo("<main class=blue>Longer upgrade|300|" + until + "|90</main>");
        assertThat(refresh.refreshHeader()).isEqualTo("90");

        writer.enter(Target.of("api"), MaintenanceRequest.builder().message("Longer upgrade").until(until)
                .options(WindowOptions.builder().refresh(Duration.ofSeconds(90)).build()).build(), Cause.api("ops"));
        sync();
        RenderedPage template = page(reader, "/api");
        assertThat(template).isNotSameAs(refresh);
        assertThat(template.body(Variant.HTML)).startsWith("<!DOCTYPE html>").contains("Longer upgrade");

        assertThat(page(reader, "/shop")).as("the route whose page input did not change").isSameAs(shop);
    }

    @Test
    void aWindowLeftAndEnteredAgainFindsItsPageWithoutRenderingIt() {
        writer.enter(Target.of("api"), request("Deploy", WindowOptions.DEFAULTS), Cause.api("ops"));
        RenderedPage first = page(writer, "/api");
        sync();
        RenderedPage adopted = page(reader, "/api");

        writer.exit(Target.of("api"), Cause.api("ops"));
        sync();
        assertThat(writer.decide("localhost", "/api").action()).isEqualTo(Decision.Action.PASS);
        clock.advance(Duration.ofMinutes(10));
        writer.enter(Target.of("api"), request("Deploy", WindowOptions.DEFAULTS), Cause.api("ops"));
        sync();

        assertThat(page(writer, "/api")).as("the writer's page of the same window, entered again").isSameAs(first);
        assertThat(page(reader, "/api")).as("the reader's, adopted again").isSameAs(adopted);

        writer.enter(Target.of("api"), request("Another deploy", WindowOptions.DEFAULTS), Cause.api("ops"));
        assertThat(page(writer, "/api")).isNotSameAs(first);
        assertThat(page(writer, "/api").body(Variant.HTML)).contains("Another deploy");
    }
}
