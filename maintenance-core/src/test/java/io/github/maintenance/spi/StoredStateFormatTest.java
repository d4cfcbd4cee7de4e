package io.github.maintenance.spi;

import io.github.maintenance.Cause;
import io.github.maintenance.route.Route;
import io.github.maintenance.testing.AbstractStateStoreContractTest;
import io.github.maintenance.state.AfterDrain;
import io.github.maintenance.state.DrainPolicy;
import io.github.maintenance.state.DrainState;
import io.github.maintenance.state.MaintenanceState;
import io.github.maintenance.state.RouteState;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Properties text form shared by the file and Redis stores: round trip, layout, versions, bad input. */
class StoredStateFormatTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30Z");

    private static final String MINIMAL = """
            format=1.0
            version=3
            saved_at=2026-03-01T10:15:30Z
            """;

    @Test
    void everyFieldRoundTrips() {
        StoredState s = AbstractStateStoreContractTest.sampleState(42);

        assertThat(StoredStateFormat.decode(StoredStateFormat.encode(s))).isEqualTo(s);
        assertThat(StoredStateFormat.decode(StoredStateFormat.encodeBytes(s))).isEqualTo(s);
    }

    @Test
    void anEmptyStateRoundTrips() {
        StoredState s = StoredState.empty(T);

        assertThat(StoredStateFormat.decode(StoredStateFormat.encode(s))).isEqualTo(s);
    }

    @Test
    void writesStableKeysInAFixedOrder() {
        MaintenanceState m = new MaintenanceState(null, "Back soon", Duration.ofMinutes(5), T, T.plusSeconds(600),
                Cause.of(Cause.Source.FLAG_FILE, "web-1:/srv/.maintenance"));
        StoredState s = new StoredState(7, T, Map.of("*", new RouteState(m, null)), List.of(), m, null);

        assertThat(StoredStateFormat.encode(s)).isEqualTo("""
                # Maintenance state (io.github.maintenance), format 1.3. Written by the library: change it through the controller.
                format=1.3
                version=7
                saved_at=2026-03-01T10\\:15\\:30Z
                all.maintenance.since=2026-03-01T10\\:15\\:30Z
                all.maintenance.until=2026-03-01T10\\:25\\:30Z
                all.maintenance.message=Back soon
                all.maintenance.retry_after=PT5M
                all.maintenance.cause=FLAG_FILE
                all.maintenance.actor=web-1\\:/srv/.maintenance
                route.count=1
                route.0.id=*
                route.0.maintenance.since=2026-03-01T10\\:15\\:30Z
                route.0.maintenance.until=2026-03-01T10\\:25\\:30Z
                route.0.maintenance.message=Back soon
                route.0.maintenance.retry_after=PT5M
                route.0.maintenance.cause=FLAG_FILE
                route.0.maintenance.actor=web-1\\:/srv/.maintenance
                adhoc.count=0
                schedule.count=0
                """);
        assertThat(StoredStateFormat.encode(s)).isEqualTo(StoredStateFormat.encode(StoredStateFormat.decode(
                StoredStateFormat.encode(s))));
    }

    @Test
    void messagesWithSeparatorsNewlinesBackslashesAndNonAsciiSurviveAndTheTextStaysAscii() {
        String tricky = " leading space = colon: # hash ! bang \\ backslash\nsecond line\ttab, café 東京 \u2028";
        MaintenanceState m = new MaintenanceState("https://status.example.com/a?b=c&d=e#f", tricky,
                Duration.ofSeconds(90), T, null, Cause.api("ops = \"me\"\nfake.key=1"));
        StoredState s = new StoredState(1, T, Map.of("path:/a", new RouteState(m, null)),
                List.of(), null, null);

        String text = StoredStateFormat.encode(s);

        assertThat(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c <= 0x7e))).isTrue();
        assertThat(text).doesNotContain("\nfake.key");
        StoredState back = StoredStateFormat.decode(text);
        assertThat(back.routeStates().get("path:/a").maintenance().message()).isEqualTo(tricky);
        assertThat(back).isEqualTo(s);
    }

    @Test
    void adHocRoutesKeepDomainsPriorityExemptPathsAndBackend() {
        Route r = Route.builder("domain:api.example.com").domains("api.example.com", "*.api.example.com")
                .path("/v1").priority(-3).exemptPaths("/v1/health", "/v1/static").backend("http://10.0.0.1:8080")
                .build();
        DrainState d = new DrainState(T, Duration.ofSeconds(30), DrainPolicy.standard(), AfterDrain.KEEP_REJECTING,
                Cause.api());
        StoredState s = new StoredState(9, T, Map.of(r.id(), new RouteState(null, d)), List.of(r), null, null);

        assertThat(StoredStateFormat.decode(StoredStateFormat.encode(s))).isEqualTo(s);
    }

    @Test
    void aCustomDrainPolicyIsStoredAsCustomAndReadBackAsTheStandardOne() {
        DrainPolicy custom = progress -> progress * progress;
        DrainState d = new DrainState(T, Duration.ofSeconds(30), custom, AfterDrain.ENTER_MAINTENANCE, Cause.api());
        StoredState s = new StoredState(2, T, Map.of("*", new RouteState(null, d)), List.of(), null, d);

        String text = StoredStateFormat.encode(s);

        assertThat(text).contains("all.drain.policy=custom\n");
        DrainState back = StoredStateFormat.decode(text).allDrain();
        assertThat(back.policy()).isSameAs(DrainPolicy.standard());
        assertThat(back.afterDrain()).isEqualTo(AfterDrain.ENTER_MAINTENANCE);
    }

    @Test
    void unknownTopLevelSectionsAreKeptVerbatimAndWrittenBack() {
        String text = MINIMAL + """
                quota.count=1
                quota.0.limit=2026
                quota.0.target=ALL
                """;

        StoredState s = StoredStateFormat.decode(text);

        assertThat(s.extensions()).containsExactly(Map.entry("quota.0.limit", "2026"),
                Map.entry("quota.0.target", "ALL"), Map.entry("quota.count", "1"));
        StoredState next = s.withVersion(4);
        assertThat(StoredStateFormat.encode(next)).endsWith("""
                schedule.count=0
                quota.0.limit=2026
                quota.0.target=ALL
                quota.count=1
                """);
        assertThat(StoredStateFormat.decode(StoredStateFormat.encode(next))).isEqualTo(next);
    }

    @Test
    void scheduledWindowsRoundTripWithEveryField() {
        StoredState s = AbstractStateStoreContractTest.sampleState(8);

        String text = StoredStateFormat.encode(s);

        assertThat(text).contains("schedule.count=2\n", "schedule.0.id=sch-00000000002b\n",
                "schedule.0.started=true\n", "schedule.1.target=/admin,api.example.com\n",
                "schedule.1.retry_after=PT10M\n");
        assertThat(StoredStateFormat.decode(text).schedules()).isEqualTo(s.schedules());
    }

    @Test
    void damagedScheduledWindowsAreRefusedNamingTheKey() {
        String window = MINIMAL + """
                schedule.count=1
                schedule.0.id=sch-1
                schedule.0.target=ALL
                schedule.0.start=2026-04-01T02\\:00\\:00Z
                schedule.0.end=2026-04-01T03\\:00\\:00Z
                schedule.0.created_at=2026-03-01T02\\:00\\:00Z
                schedule.0.started=false
                schedule.0.cause=API
                """;
        assertThat(StoredStateFormat.decode(window).schedules()).singleElement()
                .satisfies(w -> assertThat(w.target()).isEqualTo("ALL"));

        assertThatThrownBy(() -> StoredStateFormat.decode(window.replace("03\\:00\\:00Z", "01\\:00\\:00Z")))
                .hasMessage("invalid stored state: key 'schedule.0.end' = '2026-04-01T01:00:00Z': must be after the "
                        + "start 2026-04-01T02:00:00Z");
        assertThatThrownBy(() -> StoredStateFormat.decode(window.replace("started=false", "started=maybe")))
                .hasMessage("invalid stored state: key 'schedule.0.started' = 'maybe': expected true or false");
        assertThatThrownBy(() -> StoredStateFormat.decode(window.replace("target=ALL", "target=,")))
                .hasMessageStartingWith("invalid stored state: key 'schedule.0.target' = ',': ");
        assertThatThrownBy(() -> StoredStateFormat.decode(window.replace("schedule.0.cause=API\n", "")))
                .hasMessage("invalid stored state: missing key 'schedule.0.cause'");
        assertThatThrownBy(() -> StoredStateFormat.decode(window.replace("schedule.count=1", "schedule.count=2")))
                .hasMessage("invalid stored state: missing key 'schedule.1.id'");
    }

    @Test
    void unknownFieldsInKnownSectionsAreIgnoredFromANewerMinorVersionAndRefusedOtherwise() {
        String newer = MINIMAL.replace("format=1.0", "format=1.4") + """
                all.maintenance.since=2026-03-01T10\\:15\\:30Z
                all.maintenance.retry_after=PT5M
                all.maintenance.cause=API
                all.maintenance.locale=fr
                """;
        assertThat(StoredStateFormat.decode(newer).allMaintenance().message()).isNull();

        String same = newer.replace("format=1.4", "format=1.0");
        assertThatThrownBy(() -> StoredStateFormat.decode(same)).isInstanceOf(StateStoreException.class)
                .hasMessage("invalid stored state: key 'all.maintenance.locale' = 'fr': unknown key in format 1.0");
    }

    @Test
    void aNewerMajorFormatIsRefusedWithAMessageSayingSo() {
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL.replace("format=1.0", "format=2.0")))
                .isInstanceOf(StateStoreException.class)
                .hasMessage("invalid stored state: format 2.0 was written by a newer version of the library; "
                        + "this version reads 1.x");
    }

    @Test
    void aCauseFromANewerVersionIsReadAsPeer() {
        String text = MINIMAL + """
                all.maintenance.since=2026-03-01T10\\:15\\:30Z
                all.maintenance.retry_after=PT5M
                all.maintenance.cause=A_FUTURE_SOURCE
                all.maintenance.actor=console
                """;

        assertThat(StoredStateFormat.decode(text).allMaintenance().cause())
                .isEqualTo(Cause.of(Cause.Source.PEER, "console"));
    }

    @Test
    void damagedTextIsRefusedNamingTheKeyAndTheRule() {
        assertThatThrownBy(() -> StoredStateFormat.decode("")).hasMessage("invalid stored state: missing key 'format'");
        assertThatThrownBy(() -> StoredStateFormat.decode("format=one")).hasMessage(
                "invalid stored state: key 'format' = 'one': expected MAJOR.MINOR such as 1.3");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL.replace("version=3", "version=x3"))).hasMessage(
                "invalid stored state: key 'version' = 'x3': expected an integer");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL.replace("version=3", "version=-3"))).hasMessage(
                "invalid stored state: key 'version' = '-3': must not be negative");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL.replace("2026-03-01T10:15:30Z", "yesterday")))
                .hasMessage("invalid stored state: key 'saved_at' = 'yesterday': expected an ISO-8601 instant such as "
                        + "2026-03-01T10:15:30Z");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "route.count=1\nroute.0.id=api\n")).hasMessage(
                "invalid stored state: route.0 (api) has neither maintenance nor drain keys");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "route.count=1\nroute.0.id=api\n"
                + "route.0.maintenance.since=2026-03-01T10:15:30Z\nroute.0.maintenance.cause=API\n"))
                .hasMessage("invalid stored state: missing key 'route.0.maintenance.retry_after'");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "route.count=1\nroute.0.id=bad id\n"))
                .hasMessageStartingWith("invalid stored state: key 'route.0.id' = 'bad id': invalid route id");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "route.count=99999\n")).hasMessage(
                "invalid stored state: key 'route.count' = '99999': must be 0 to 10000");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "route.count=0\nroute.1.id=api\n")).hasMessage(
                "invalid stored state: key 'route.1.id' = 'api': unknown key in format 1.0");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "all.drain.start=2026-03-01T10:15:30Z\n"
                + "all.drain.duration=PT0S\n")).hasMessage(
                "invalid stored state: key 'all.drain.duration' = 'PT0S': must be positive");
        assertThatThrownBy(() -> StoredStateFormat.decode(MINIMAL + "adhoc.count=1\nadhoc.0.id=x\nadhoc.0.path=api\n"))
                .hasMessage("invalid stored state: adhoc.0.*: invalid route path 'api': path must start with /");
        assertThatThrownBy(() -> StoredStateFormat.decode("format=1.0\\u00zz")).hasMessageStartingWith(
                "invalid stored state: not in java.util.Properties format");
        assertThatThrownBy(() -> StoredStateFormat.decode(new byte[] {'f', (byte) 0xC3, '=', '1'}))
                .hasMessage("invalid stored state: the stored state is not valid UTF-8");
        assertThatThrownBy(() -> StoredStateFormat.decode(new byte[StoredStateFormat.MAX_LENGTH + 1]))
                .hasMessage("invalid stored state: the stored state is larger than 4194304 bytes");
    }

    @Test
    void theEncodedFormIsPlainUtf8Properties() throws Exception {
        StoredState s = AbstractStateStoreContractTest.sampleState(5);
        java.util.Properties p = new java.util.Properties();
        p.load(new java.io.ByteArrayInputStream(StoredStateFormat.encodeBytes(s)));

        assertThat(p.getProperty("format")).isEqualTo("1.3");
        assertThat(p.getProperty("version")).isEqualTo("5");
        assertThat(p.getProperty("route.count")).isEqualTo("3");
        assertThat(new String(StoredStateFormat.encodeBytes(s), StandardCharsets.US_ASCII))
                .isEqualTo(StoredStateFormat.encode(s));
    }

    @Test
    void aVersionThatNoSaveCouldMovePastIsDamaged() {
        assertThatThrownBy(() -> StoredStateFormat.decode("format=1.0\nversion=" + Long.MAX_VALUE
                + "\nsaved_at=2026-01-01T00:00:00Z\n"))
                .isInstanceOf(DamagedStateException.class)
                .hasMessage("invalid stored state: key 'version' = '9223372036854775807': must be below "
                        + "9223372036854775807 so that the next save can move past it");
    }

    @Test
    void fileContentQuotedInAnErrorIsEscaped() {
        assertThatThrownBy(() -> StoredStateFormat.decode("format=1.0\nversion=1\\u2028\\u001b[2J\\nINFO x\n"))
                .isInstanceOf(DamagedStateException.class)
                .hasMessage("invalid stored state: key 'version' = '1\\u2028\\u001b[2J\\nINFO x': expected an integer");
    }
}
