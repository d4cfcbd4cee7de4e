package io.github.maintenance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;

/** The reason on a {@link Cause}: optional, bounded, printable; the two-argument forms keep working. */
class CauseReasonTest {

    @Test
    void existingConstructorsAndFactoriesHaveNoReason() {
        assertThat(new Cause(Cause.Source.API, "job").reason()).isEmpty();
        assertThat(Cause.of(Cause.Source.REGISTRY, "s1").reason()).isEmpty();
        assertThat(Cause.api().reason()).isEmpty();
        assertThat(Cause.api("x")).isEqualTo(new Cause(Cause.Source.API, "x", null));
    }

    @Test
    void withReasonTrimsAndBlankMeansNone() {
        Cause c = Cause.api("bob").withReason("  planned upgrade  ");
        assertThat(c.reason()).isEqualTo("planned upgrade");
        assertThat(c.actor()).isEqualTo("bob");
        assertThat(c.source()).isEqualTo(Cause.Source.API);
        assertThat(c.withReason(" ").reason()).isEmpty();
        assertThat(c.withReason(null).reason()).isEmpty();
        assertThat(Cause.api().withReason("")).isSameAs(Cause.api());
        assertThat(c.toString()).as("log text unchanged").isEqualTo("API (bob)");
    }

    @Test
    void aReasonOfExactly500CharactersIsAcceptedAndOneMoreIsRefused() {
        assertThat(Cause.api().withReason("é".repeat(500)).reason()).hasSize(500);
        assertThatThrownBy(() -> Cause.api().withReason("a".repeat(501)))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("field 'reason' must be at most 500 characters, got 501");
    }

    @Test
    void controlCharactersAreRefusedWithTheirPosition() {
        for (String bad : new String[] {"a\u0000b", "a\tb", "a\u007fb", "a\u0085b", "a\u2028b"}) {
            assertThatThrownBy(() -> new Cause(Cause.Source.DASHBOARD, "", bad)).as(bad)
                    .isInstanceOf(MaintenanceException.class)
                    .hasMessageStartingWith("field 'reason' must not contain control characters (found U+")
                    .hasMessageEndingWith(" at position 1)");
        }
    }
}
