package io.github.maintenance.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

/** The optional {@code reason} field of every action, and where it ends up: on the change's cause. */
class ChangeFieldsReasonTest {

    private static Map<String, Object> action(String name) {
        Map<String, Object> f = new HashMap<>();
        f.put("action", name);
        switch (name) {
            case "enter", "exit", "cancel" -> f.put("target", "ALL");
            case "drain" -> {
                f.put("target", "ALL");
                f.put("seconds", 60);
            }
            case "schedule" -> {
                f.put("target", "ALL");
                f.put("start", "2027-01-10T02:00:00Z");
                f.put("end", "2027-01-10T03:00:00Z");
            }
            case "unschedule" -> f.put("id", "sch-0123456789ab");
            default -> throw new IllegalArgumentException(name);
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "exit", "drain", "cancel", "schedule", "unschedule"})
    void everyActionAcceptsAReasonAndPutsItOnTheCause(String name) {
        Map<String, Object> f = action(name);
        Change without = ChangeFields.parse(f, null);
        f.put("reason", "  DB migration INC-42 ");

        assertThat(ChangeFields.parse(f, null)).as("the reason does not change the change")
                .usingRecursiveComparison().isEqualTo(without);
        Cause c = ChangeFields.cause(f, Cause.of(Cause.Source.DASHBOARD, "alice"));
        assertThat(c).isEqualTo(new Cause(Cause.Source.DASHBOARD, "alice", "DB migration INC-42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "exit", "drain", "cancel", "schedule", "unschedule"})
    void everyActionRefusesABadReasonAndNamesTheField(String name) {
        Map<String, Object> f = action(name);
        f.put("reason", "two\nlines");
        assertThatThrownBy(() -> ChangeFields.parse(f, null)).isInstanceOf(MaintenanceException.class)
                .hasMessage("field 'reason' must not contain control characters (found U+000A at position 3)");
        f.put("reason", "x".repeat(501));
        assertThatThrownBy(() -> ChangeFields.parse(f, null)).isInstanceOf(MaintenanceException.class)
                .hasMessage("field 'reason' must be at most 500 characters, got 501");
        f.put("reason", 5);
        assertThatThrownBy(() -> ChangeFields.cause(f, Cause.api())).isInstanceOf(MaintenanceException.class)
                .hasMessage("field 'reason' must be a string, got the number 5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "exit", "drain", "cancel", "schedule", "unschedule"})
    void theAllowedListOfEveryActionNamesReason(String name) {
        Map<String, Object> f = action(name);
        f.put("bogus", "x");
        assertThatThrownBy(() -> ChangeFields.parse(f, null)).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("unknown field(s) [bogus]").hasMessageContaining(", reason");
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "unschedule"})
    void aMissingOrBlankReasonLeavesTheCauseAsItWas(String name) {
        Map<String, Object> f = action(name);
        Cause base = Cause.api("job");
        assertThat(ChangeFields.cause(f, base)).isSameAs(base);
        f.put("reason", "   ");
        assertThat(ChangeFields.cause(f, base)).isSameAs(base);
        f.put("reason", null);
        assertThat(ChangeFields.cause(f, base)).isSameAs(base);
    }
}
