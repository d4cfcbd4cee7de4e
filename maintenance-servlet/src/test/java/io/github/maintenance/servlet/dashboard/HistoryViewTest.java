package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.list;
import static io.github.maintenance.servlet.dashboard.DashboardFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.stats.MaintenanceWindow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HistoryViewTest {

    private static final Instant NOW = Instant.parse("2026-03-30T10:30:00Z");

    private static MaintenanceWindow window(String route, String start, String end) {
        return new MaintenanceWindow(route, Instant.parse(start), Instant.parse(end), 3, Cause.api(), Cause.api(), null);
    }

    private static HistoryView.Query query(HistoryView.Bucket bucket, int count, String zone) {
        return new HistoryView.Query(bucket, count, ZoneId.of(zone), 50);
    }

    @Test
    void overlappingWindowsCountOncePerStartAndTheirUnionGivesTheDuration() {
        List<MaintenanceWindow> past = List.of(
                window("a", "2026-03-30T08:00:00Z", "2026-03-30T08:30:00Z"),
                window("b", "2026-03-30T08:00:00Z", "2026-03-30T08:45:00Z"),
                window("c", "2026-03-30T08:40:00Z", "2026-03-30T09:20:00Z"));

        Map<String, Object> h = HistoryView.build(past, List.of(), query(HistoryView.Bucket.HOUR, 3, "UTC"), NOW);

        List<Object> buckets = list(h.get("buckets"));
        assertThat(map(buckets.get(0))).containsEntry("start", "2026-03-30T08:00:00Z").containsEntry("count", 2)
                .containsEntry("duration_ms", 60L * 60_000);
        assertThat(map(buckets.get(1))).containsEntry("count", 0).containsEntry("duration_ms", 20L * 60_000);
        assertThat(map(buckets.get(2))).containsEntry("start", "2026-03-30T10:00:00Z").containsEntry("count", 0)
                .containsEntry("duration_ms", 0L);
        assertThat(list(h.get("windows"))).extracting(w -> map(w).get("route_id")).containsExactly("c", "b", "a");
    }

    @Test
    void anOpenWindowLastsUntilNow() {
        Map<String, Object> h = HistoryView.build(List.of(),
                List.of(new HistoryView.Open("*", Instant.parse("2026-03-29T23:00:00Z"), 7, null, "http://p/")),
                query(HistoryView.Bucket.DAY, 2, "UTC"), NOW);

        List<Object> buckets = list(h.get("buckets"));
        assertThat(map(buckets.get(0))).containsEntry("start", "2026-03-29T00:00:00Z").containsEntry("count", 1)
                .containsEntry("duration_ms", 3_600_000L);
        assertThat(map(buckets.get(1))).containsEntry("count", 0).containsEntry("duration_ms", 37_800_000L);
        assertThat(map(list(h.get("windows")).get(0))).containsEntry("ongoing", true).containsEntry("end", null)
                .containsEntry("hits", 7L).containsEntry("page_url", "http://p/").containsEntry("cause", null);
    }

    @Test
    void dayBucketsFollowTheZonesCalendarAcrossADaylightSavingChange() {
        Map<String, Object> h = HistoryView.build(List.of(), List.of(), query(HistoryView.Bucket.DAY, 3, "Europe/Berlin"),
                NOW);

        assertThat(list(h.get("buckets"))).extracting(b -> map(b).get("start"), b -> map(b).get("end")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z"));
        assertThat(h).containsEntry("zone", "Europe/Berlin").containsEntry("bucket", "day");
    }

    @Test
    void theWindowListIsLimitedButTheTotalIsGiven() {
        List<MaintenanceWindow> past = List.of(window("a", "2026-03-30T08:00:00Z", "2026-03-30T08:01:00Z"),
                window("b", "2026-03-30T09:00:00Z", "2026-03-30T09:01:00Z"));

        Map<String, Object> h = HistoryView.build(past, List.of(),
                new HistoryView.Query(HistoryView.Bucket.HOUR, 24, ZoneId.of("UTC"), 1), NOW);

        assertThat(h).containsEntry("windows_total", 2);
        assertThat(list(h.get("windows"))).extracting(w -> map(w).get("route_id")).containsExactly("b");
        assertThat(list(h.get("buckets"))).hasSize(24);
    }

    @Test
    void queriesDefaultToTheLast24HoursInUtc() {
        HistoryView.Query q = HistoryView.Query.parse(Map.of());
        assertThat(q).isEqualTo(new HistoryView.Query(HistoryView.Bucket.HOUR, 24, ZoneId.of("UTC"), 50));
        assertThat(HistoryView.Query.parse(Map.of("bucket", new String[] {"day"})).count()).isEqualTo(14);
        assertThatThrownBy(() -> HistoryView.Query.parse(Map.of("count", new String[] {"2x"})))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'count': '2x' (expected a whole number from 1 to 744)");
    }

    @Test
    void unionMergesOverlappingAndTouchingIntervalsAndDropsEmptyOnes() {
        assertThat(HistoryView.union(List.of(new long[] {5, 10}, new long[] {0, 5}, new long[] {12, 12},
                new long[] {8, 11}, new long[] {20, 30}))).containsExactly(new long[] {0, 11}, new long[] {20, 30});
    }
}
