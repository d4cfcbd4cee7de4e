package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class DurationsTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1h30m      ; PT1H30M",
        "90m        ; PT1H30M",
        "1.5h       ; PT1H30M",
        "10s        ; PT10S",
        "250ms      ; PT0.25S",
        "1m30s500ms ; PT1M30.5S",
        "2d         ; PT48H",
        "1500us     ; PT0.0015S",
        "1500µs     ; PT0.0015S",
        "42ns       ; PT0.000000042S",
        "0s         ; PT0S",
        "PT5M       ; PT5M",
        "pt5m       ; PT5M",
        "P1DT2H     ; PT26H",
        "300        ; PT5M",
        "0          ; PT0S",
        "' 45s '    ; PT45S",
    })
    void parsesGoIsoAndBareSeconds(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "soon       ; invalid duration 'soon': expected a number at position 0",
        "5x         ; invalid duration '5x': unknown unit 'x'",
        "1h30       ; invalid duration '1h30': missing unit (use ms, s, m, h or d)",
        "-5s        ; invalid duration '-5s': expected a number at position 0",
        "PT-5M      ; invalid duration 'PT-5M': must not be negative",
        "P5X        ; invalid duration 'P5X': not an ISO-8601 duration",
        "1h 30m     ; invalid duration '1h 30m': unknown unit 'h '",
        ".s         ; invalid duration '.s': expected a number at position 0",
        "''         ; invalid duration '': a duration is required",
        "99999999999999999999 ; invalid duration '99999999999999999999': out of range",
        "999999999h ; invalid duration '999999999h': out of range",
    })
    void refusesGarbageNamingValueAndRule(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage(message);
    }

    @Test
    void refusesNullAndOverlongInput() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid duration 'null': a duration is required");
        assertThatThrownBy(() -> Durations.parse("1s".repeat(40)))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("': too long");
    }

    @Test
    void formatsInTheShortSyntax() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(3661).plusMillis(5))).isEqualTo("1h1m1s5ms");
        assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("48h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void formattedValuesParseBack() {
        for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(59), Duration.ofMinutes(61),
            Duration.ofHours(25).plusSeconds(7).plusMillis(999), Duration.ofDays(400)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }
}
