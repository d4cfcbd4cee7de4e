package io.github.maintenance.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceException.Kind;
import io.github.maintenance.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The shared field vocabulary parses into the same change records, and refuses bad input by kind. */
class ChangeFieldsTest {

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void enterTakesPageMessageRetryAfterAndAnEnd() {
        Change c = ChangeFields.parse(fields("action", "enter", "target", "/admin", "url", "https://status.example.com/",
                "message", "Back at noon", "duration", "30m", "retryAfter", 120), null);

        Change.Enter e = (Change.Enter) c;
        assertThat(e.target()).isEqualTo(Target.of("/admin"));
        assertThat(e.request().pageUrl()).isEqualTo("https://status.example.com/");
        assertThat(e.request().message()).isEqualTo("Back at noon");
        assertThat(e.request().duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(e.request().retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void everyActionParsesIntoItsRecord() {
        assertThat(ChangeFields.parse(fields("action", "exit"), "ALL")).isEqualTo(new Change.Exit(Target.all()));
        assertThat(ChangeFields.parse(fields("action", "drain", "target", "api", "seconds", 90), null))
                .isEqualTo(new Change.StartDrain(Target.of("api"), Duration.ofSeconds(90), null, null));
        assertThat(ChangeFields.parse(fields("action", "drain", "seconds", 45L), "ALL"))
                .isEqualTo(new Change.StartDrain(Target.all(), Duration.ofSeconds(45), null, null));
        assertThat(ChangeFields.parse(fields("action", "cancel", "target", "ALL"), null))
                .isEqualTo(new Change.CancelDrain(Target.all()));
        Change.Schedule s = (Change.Schedule) ChangeFields.parse(fields("action", "schedule", "target", "ALL",
                "start", "2027-01-10T02:00:00Z", "end", "2027-01-10T04:00:00+01:00"), null);
        assertThat(s.start()).isEqualTo(Instant.parse("2027-01-10T02:00:00Z"));
        assertThat(s.end()).isEqualTo(Instant.parse("2027-01-10T03:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no action|INVALID_VALUE",
        "unknown action|INVALID_VALUE",
        "unknown field|INVALID_VALUE",
        "missing target|INVALID_VALUE",
        "bad target|INVALID_TARGET",
        "duration too large as text|INVALID_DURATION",
        "duration too large as a number|INVALID_DURATION",
        "duration zero|INVALID_DURATION",
        "duration of the wrong type|INVALID_DURATION",
        "seconds too large|INVALID_DURATION",
        "seconds of the wrong type|INVALID_DURATION",
        "until in year 10000|INVALID_TIME",
        "until without offset|INVALID_TIME",
        "schedule end before start|INVALID_TIME",
        "message not a string|INVALID_VALUE",
        "unschedule without id|INVALID_VALUE"})
    void badInputIsRefusedWithItsKind(String name, Kind kind) {
        Map<String, Object> f = switch (name) {
            case "no action" -> fields("target", "ALL");
            case "unknown action" -> fields("action", "reboot");
            case "unknown field" -> fields("action", "exit", "target", "ALL", "force", true);
            case "missing target" -> fields("action", "exit");
            case "bad target" -> fields("action", "exit", "target", "a b");
            case "duration too large as text" -> fields("action", "enter", "target", "ALL", "duration",
                    "9223372036854775807");
            case "duration too large as a number" -> fields("action", "enter", "target", "ALL", "duration",
                    new BigInteger("9223372036854775807"));
            case "duration zero" -> fields("action", "enter", "target", "ALL", "duration", "0s");
            case "duration of the wrong type" -> fields("action", "enter", "target", "ALL", "duration", true);
            case "seconds too large" -> fields("action", "drain", "target", "ALL", "seconds", 86_401);
            case "seconds of the wrong type" -> fields("action", "drain", "target", "ALL", "seconds", "ten");
            case "until in year 10000" -> fields("action", "enter", "target", "ALL", "until", "+10000-01-01T00:00:00Z");
            case "until without offset" -> fields("action", "enter", "target", "ALL", "until", "2027-01-01T00:00:00");
            case "schedule end before start" -> fields("action", "schedule", "target", "ALL",
                    "start", "2027-01-10T03:00:00Z", "end", "2027-01-10T02:00:00Z");
            case "message not a string" -> fields("action", "enter", "target", "ALL", "message", 5);
            case "unschedule without id" -> fields("action", "unschedule");
            default -> throw new IllegalArgumentException(name);
        };
        assertThatThrownBy(() -> ChangeFields.parse(f, null))
                .isInstanceOfSatisfying(MaintenanceException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
