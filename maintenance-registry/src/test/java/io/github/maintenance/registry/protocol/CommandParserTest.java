package io.github.maintenance.registry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Target;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.change.Change;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines become typed requests, checked for everything that does not need the server's state. */
class CommandParserTest {

    private final CommandParser parser = new CommandParser(UrlPolicy.allowHosts(Set.of("status.example.com")));

    private Request parse(String line) throws ProtocolException {
        return parser.parse(CommandLine.parse(line));
    }

    private String error(String line) {
        try {
            return "parsed as " + parse(line);
        } catch (ProtocolException e) {
            return e.reply();
        }
    }

    @Test
    void registerKeepsTheMetadataAndSeparatesTheToken() throws Exception {
        SessionRequest.Register r = (SessionRequest.Register) parse(
                "REGISTER|shop|i-1|8080|{\"auth_token\":\"s3cret\",\"zone\":\"eu|west\"}");

        assertThat(r.service()).isEqualTo("shop");
        assertThat(r.maintenancePort()).isEqualTo(8080);
        assertThat(r.authToken()).isEqualTo("s3cret");
        assertThat(r.metadataWithoutToken()).isEqualTo(Map.of("zone", "eu|west"));
        assertThat(((SessionRequest.Register) parse("REGISTER|s|i|80|null")).metadata()).isNull();
        assertThat(((SessionRequest.Register) parse("REGISTER|s|i|80")).metadata()).isEmpty();
    }

    @Test
    void routeCommandsCarryValidatedSpecsAndUpdatesKeepTheirFieldForTheRouteLookup() throws Exception {
        RouteRequest.Add add = (RouteRequest.Add) parse("ROUTE_ADD|s|a.com|/api|http://b:1|7");
        assertThat(add.route()).isEqualTo(new RouteSpec(List.of("a.com"), "/api", "http://b:1", 7));

        assertThat(parse("ROUTE_UPDATE|s|r9|colour|red")).as("route not found comes first, so the field waits")
                .isEqualTo(new RouteRequest.Update("r9", "colour", "red"));
        assertThatThrownBy(() -> add.route().with("colour", "red")).hasMessage("unknown field");
        assertThat(add.route().with("priority", "3").priority()).isEqualTo(3);
    }

    @Test
    void stagingCommandsNormaliseTheirValues() throws Exception {
        assertThat(parse("OPTIONS_SET|s|ALL|timeout|30")).isEqualTo(new ConfigRequest.SetOption("timeout", "30s"));
        assertThat(parse("OPTIONS_SET|s|ALL|http2|yes")).isEqualTo(new ConfigRequest.SetOption("http2", "false"));
        assertThat(parse("HEALTH_SET|s|r1|/h|30|5")).isEqualTo(new ConfigRequest.SetHealth("r1",
                new ConfigRequest.HealthCheck("/h", Duration.ofSeconds(30), Duration.ofSeconds(5))));
        ConfigRequest.SetBreaker breaker = (ConfigRequest.SetBreaker) parse("CIRCUIT_BREAKER_SET|s|r1|4|10s|2");
        assertThat(breaker.config().failureThreshold()).isEqualTo(4);
        assertThat(((ConfigRequest.Apply) parse("CONFIG_APPLY_PARTIAL|s| circuit ,routes")).scopes())
                .containsExactly(ConfigRequest.Scope.ROUTES, ConfigRequest.Scope.CIRCUIT);
        assertThat(((ConfigRequest.Apply) parse("CONFIG_APPLY|s")).scopes()).hasSize(6);
    }

    @Test
    void maintenanceDrainAndScheduleCommandsBecomeTheCoresChanges() throws Exception {
        MaintRequest.Enter enter = (MaintRequest.Enter) parse("MAINT_ENTER|s| /admin ,r1|https://status.example.com/p");
        assertThat(enter.target()).as("echoed as received").isEqualTo(" /admin ,r1");
        assertThat(enter.change().target()).isEqualTo(Target.of("/admin", "r1"));
        assertThat(enter.change().request().pageUrl()).isEqualTo("https://status.example.com/p");
        assertThat(enter.pageUri()).isEqualTo(URI.create("https://status.example.com/p"));
        assertThat(((MaintRequest.Enter) parse("MAINT_ENTER|s|ALL|")).pageUri()).isNull();

        MaintRequest.Enter ex = (MaintRequest.Enter) parse(
                "MAINT_ENTER_EX|s|ALL|{\"message\":\"Back soon\",\"duration\":\"30m\",\"retry_after\":120}");
        assertThat(ex.change().request().duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(ex.change().request().retryAfter()).isEqualTo(Duration.ofMinutes(2));

        DrainRequest.Start drain = (DrainRequest.Start) parse("DRAIN_START|s|30");
        assertThat(drain.change()).isEqualTo(new Change.StartDrain(Target.all(), Duration.ofSeconds(30), null, null));

        ScheduleRequest.Create window = (ScheduleRequest.Create) parse(
                "MAINT_SCHEDULE|s|admin|2027-01-10T02:00:00Z|2027-01-10T04:00:00+01:00|");
        assertThat(window.change().end()).as("offsets honoured").isEqualTo(Instant.parse("2027-01-10T03:00:00Z"));
        assertThat(parse("MAINT_UNSCHEDULE|s| sch-1 ")).isEqualTo(new ScheduleRequest.Cancel(new Change.Unschedule("sch-1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        "DRAIN_START|s|0 ; ERROR|invalid duration",
        "DRAIN_START|s|25h ; ERROR|invalid duration",
        "DRAIN_START|s|soon ; ERROR|invalid duration",
        "MAINT_ENTER|s|ALL|https://elsewhere.example.net/ ; ERROR|invalid maintenance page url",
        "MAINT_ENTER|s|ALL|not a url ; ERROR|invalid maintenance page url",
        "MAINT_ENTER|s||; ERROR|invalid target '': target cannot be empty",
        "MAINT_ENTER_EX|s|ALL|{\"retry_after\":0} ; ERROR|invalid duration",
        "MAINT_ENTER_EX|s|ALL|{\"until\":\"+10000-01-01T00:00:00Z\"} ; "
                + "ERROR|field 'until' must be between the years 1970 and 9999, got '+10000-01-01T00:00:00Z'",
        "MAINT_SCHEDULE|s|ALL|2027-01-10T02:00:00Z|2027-01-10T01:00:00Z| ; "
                + "ERROR|field 'end' (2027-01-10T01:00:00Z) must be after field 'start' (2027-01-10T02:00:00Z)",
        "MAINT_UNSCHEDULE|s| ; ERROR|a schedule id is required",
        "HEALTH_SET|s|r1|h|10s|2s ; ERROR|invalid path",
        "RATELIMIT_SET|s|r1|0|1s ; ERROR|invalid number",
        "CONFIG_APPLY_PARTIAL|s|routes,bogus ; ERROR|unknown scope: bogus",
        "SUBSCRIBE|s|weather ; ERROR|unknown event type",
        "REGISTER|s|i|99999 ; ERROR|invalid maintenance port",
        "MAINT_EXIT|s ; ERROR|invalid format",
        "NOPE|s ; ERROR|unknown command: NOPE"
    })
    void malformedFieldsAreRefusedWithTheProtocolsText(String line, String expected) {
        assertThat(error(line)).isEqualTo(expected);
    }

    @Test
    void aBackendTestUrlThePolicyRefusesIsCarriedAsUnusableNotAnError() throws Exception {
        assertThat(parse("BACKEND_TEST|s|http://127.0.0.1/")).isEqualTo(new StatsRequest.BackendTest(null));
        assertThat(parse("BACKEND_TEST|s|https://status.example.com?x=1"))
                .isEqualTo(new StatsRequest.BackendTest(URI.create("https://status.example.com/?x=1")));
    }
}
