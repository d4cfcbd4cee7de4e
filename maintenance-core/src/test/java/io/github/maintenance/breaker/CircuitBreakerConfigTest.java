package io.github.maintenance.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class CircuitBreakerConfigTest {

    @Test
    void defaultsAreTheSeeds() {
        CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();

        assertThat(c.failureThreshold()).isEqualTo(5);
        assertThat(c.failureWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.openTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.successThreshold()).isEqualTo(2);
        assertThat(c).hasToString("failures=5,window=1m,open=30s,successes=2");
    }

    @Test
    void aFullSpecParses() {
        CircuitBreakerConfig c = CircuitBreakerConfig.parse(" failures = 3 , window=10s,open=PT1M,successes=4");

        assertThat(c.failureThreshold()).isEqualTo(3);
        assertThat(c.failureWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.openTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.successThreshold()).isEqualTo(4);
    }

    @Test
    void missingKeysTakeTheDefaults() {
        CircuitBreakerConfig c = CircuitBreakerConfig.parse("open=5s");

        assertThat(c).isEqualTo(CircuitBreakerConfig.from(CircuitBreakerConfig.ofDefaults())
                .openTimeout(Duration.ofSeconds(5)).build());
        assertThat(CircuitBreakerConfig.parse("")).isEqualTo(CircuitBreakerConfig.ofDefaults());
    }

    @Test
    void toStringParsesBackToAnEqualConfig() {
        CircuitBreakerConfig c = CircuitBreakerConfig.custom().failureThreshold(9).failureWindow(Duration.ofMinutes(90))
                .openTimeout(Duration.ofMillis(1500)).successThreshold(1).build();

        assertThat(CircuitBreakerConfig.parse(c.toString())).isEqualTo(c).hasSameHashCodeAs(c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "failures                 ; expected key=value pairs, got 'failures'",
        "failures=x               ; failures must be an integer",
        "successes=2.5            ; successes must be an integer",
        "failures=1,failures=2    ; key 'failures' given twice",
        "retries=3                ; unknown key 'retries' (expected failures, window, open, successes)",
    })
    void badSpecsAreRefusedNamingTheSpecAndTheRule(String spec, String rule) {
        assertThatThrownBy(() -> CircuitBreakerConfig.parse(spec))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'circuitBreaker': '" + spec + "' (" + rule + ")");
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> CircuitBreakerConfig.parse("failures=0"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'failureThreshold': '0' (must be at least 1)");
        assertThatThrownBy(() -> CircuitBreakerConfig.parse("successes=-1"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'successThreshold': '-1' (must be at least 1)");
        assertThatThrownBy(() -> CircuitBreakerConfig.parse("open=0s"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'openTimeout': 'PT0S' (must be positive)");
        assertThatThrownBy(() -> CircuitBreakerConfig.parse("window=soon"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid duration 'soon'");
        assertThatThrownBy(() -> CircuitBreakerConfig.custom().failureWindow(null).build())
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid value for 'failureWindow': 'null' (must be positive)");
    }

    @Test
    void wireNamesOfStates() {
        assertThat(CircuitState.CLOSED.wireName()).isEqualTo("closed");
        assertThat(CircuitState.OPEN.wireName()).isEqualTo("open");
        assertThat(CircuitState.HALF_OPEN.wireName()).isEqualTo("half-open");
    }
}
