package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;
import io.github.maintenance.route.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers out of every range, in every numeric field of the change, drain, schedule, route and
 * configuration commands: each is refused with the protocol's error for that field (never
 * {@code internal error}) and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberOverflowTest {

    /** As JSON numbers: the largest and smallest long, beyond them, a fraction, beyond a double, 400 digits. */
    private static final List<String> JSON_NUMBERS = List.of("9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-99999999999999999999999", "1.5", "-0.5", "1e309", "-1e309", "1E-400",
            "9".repeat(400), "-" + "9".repeat(400));
    /** As wire text fields: the same and duration-shaped variants. */
    private static final List<String> TEXT_NUMBERS = List.of("9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-99999999999999999999999", "1.5", "1e309", "9".repeat(400), "-" + "9".repeat(400),
            "9223372036854775807h", "99999999999999999999ms", "PT9223372036854775807S", "P99999999999999999999D",
            "NaN", "Infinity");

    private RegistryFixture f;
    private Wire w;
    private String sid;

    @BeforeAll
    void start() {
        f = RegistryFixture.start(MaintenanceConfig.custom().route(Route.builder("site").path("/").build()),
                b -> b);
        w = f.connect();
        sid = w.register("fuzz", "numbers");
        assertThat(w.call("ROUTE_ADD|" + sid + "|*|/api|http://127.0.0.1:1|0")).isEqualTo("ROUTE_OK|r1");
        assertThat(w.call("CONFIG_APPLY|" + sid)).isEqualTo("OK");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    static Stream<Arguments> lines() {
        List<Arguments> out = new ArrayList<>();
        for (String n : JSON_NUMBERS) {
            for (String key : List.of("duration", "retry_after")) {
                out.add(Arguments.of("MAINT_ENTER_EX|S|ALL|{\"" + key + "\":" + n + "}", "invalid duration"));
                out.add(Arguments.of("MAINT_ENTER_EX|S|r1|{\"" + key + "\":\"" + n + "\"}", "invalid duration"));
            }
            out.add(Arguments.of("MAINT_ENTER_EX|S|ALL|{\"until\":" + n + "}", "invalid json"));
            out.add(Arguments.of("MAINT_SCHEDULE_EX|S|ALL|{\"start\":\"2030-01-01T00:00:00Z\","
                    + "\"end\":\"2030-01-01T01:00:00Z\",\"retry_after\":" + n + "}", "invalid duration"));
            out.add(Arguments.of("MAINT_SCHEDULE_EX|S|ALL|{\"start\":" + n + ",\"end\":" + n + "}", "invalid json"));
            out.add(Arguments.of("ROUTE_ADD_BULK|S|[{\"domains\":[\"*\"],\"path\":\"/x\","
                    + "\"backend_url\":\"http://127.0.0.1:1\",\"priority\":" + n + "}]", "invalid priority"));
        }
        for (String n : TEXT_NUMBERS) {
            out.add(Arguments.of("DRAIN_START|S|" + n, "invalid duration"));
            out.add(Arguments.of("MAINT_SCHEDULE|S|ALL|" + n + "|" + n + "|", "invalid time"));
            out.add(Arguments.of("ROUTE_ADD|S|*|/y|http://127.0.0.1:1|" + n, "invalid priority"));
            out.add(Arguments.of("ROUTE_UPDATE|S|r1|priority|" + n, "invalid priority"));
            out.add(Arguments.of("HEALTH_SET|S|r1|/health|" + n + "|1s", "invalid duration"));
            out.add(Arguments.of("HEALTH_SET|S|r1|/health|1s|" + n, "invalid duration"));
            out.add(Arguments.of("RATELIMIT_SET|S|r1|" + n + "|1s", "invalid number"));
            out.add(Arguments.of("RATELIMIT_SET|S|r1|10|" + n, "invalid duration"));
            out.add(Arguments.of("CIRCUIT_BREAKER_SET|S|r1|" + n + "|1s|1", "invalid number"));
            out.add(Arguments.of("CIRCUIT_BREAKER_SET|S|r1|5|" + n + "|1", "invalid duration"));
            out.add(Arguments.of("CIRCUIT_BREAKER_SET|S|r1|5|1s|" + n, "invalid number"));
            out.add(Arguments.of("OPTIONS_SET|S|ALL|timeout|" + n, "invalid duration"));
        }
        // The core's words for a time out of its range name the field: "field 'end' must be between the years …".
        for (String time : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2030-01-01T00:00:00+99:00")) {
            out.add(Arguments.of("MAINT_ENTER_EX|S|ALL|{\"until\":\"" + time + "\"}", ""));
            out.add(Arguments.of("MAINT_SCHEDULE|S|ALL|2030-01-01T00:00:00Z|" + time + "|", ""));
            out.add(Arguments.of("MAINT_SCHEDULE|S|ALL|" + time + "|2030-01-01T00:00:00Z|", ""));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("lines")
    void aNumberOutOfRangeIsRefusedByNameAndChangesNothing(String line, String error) {
        long version = f.controller.snapshot().version();
        String diff = w.call("CONFIG_DIFF|" + sid);
        String routes = w.call("ROUTE_LIST|" + sid);

        String reply = w.call(line.replace("|S|", "|" + sid + "|"));

        assertThat(reply).as(line).startsWith("ERROR|" + error).isNotEqualTo("ERROR|internal error");
        assertThat(f.controller.snapshot().version()).as("the controller's state").isEqualTo(version);
        assertThat(f.controller.schedules()).isEmpty();
        assertThat(w.call("CONFIG_DIFF|" + sid)).as("nothing staged").isEqualTo(diff);
        assertThat(w.call("ROUTE_LIST|" + sid)).isEqualTo(routes);
        assertThat(w.call("PING")).isEqualTo("PONG");
    }
}
