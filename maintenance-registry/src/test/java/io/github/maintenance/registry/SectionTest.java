package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The staging rules every section of a session's configuration follows. */
class SectionTest {

    private final Section<String> section = new Section<>();

    @Test
    void putStagesAValueThatApplyPutsInForce() {
        section.put("a", "1");

        assertThat(section.diff()).isEqualTo(1);
        assertThat(section.active()).isEmpty();
        assertThat(section.current("a")).isEqualTo("1");

        section.apply();
        assertThat(section.active()).containsEntry("a", "1");
        assertThat(section.diff()).isZero();
        assertThat(section.hasStaged()).isFalse();
    }

    @Test
    void removingAStagedOnlyKeyUnstagesItAndRemovingOneInForceStagesItsRemoval() {
        section.put("staged", "1");
        section.remove("staged");
        section.remove("unknown");
        assertThat(section.diff()).isZero();

        section.put("live", "1");
        section.apply();
        section.remove("live");
        assertThat(section.diff()).isEqualTo(1);
        assertThat(section.removals()).containsExactly("live");
        assertThat(section.active()).as("until applied").containsKey("live");

        section.apply();
        assertThat(section.active()).isEmpty();
    }

    @Test
    void aPutAfterARemovalWinsAndRollbackForgetsBoth() {
        section.put("k", "old");
        section.apply();
        section.remove("k");
        section.put("k", "new");

        assertThat(section.removals()).isEmpty();
        assertThat(section.current("k")).isEqualTo("new");
        assertThat(section.diff()).isEqualTo(1);

        section.rollback();
        assertThat(section.current("k")).isEqualTo("old");
        assertThat(section.hasStaged()).isFalse();
    }

    @Test
    void dropRemovesAKeyInForceAndStaged() {
        section.put("k", "1");
        section.apply();
        section.put("k", "2");

        section.drop("k");

        assertThat(section.contains("k")).isFalse();
        assertThat(section.diff()).isZero();
    }
}
