package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The edit distance behind "the closest declared route". */
class RouteListingTest {

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(RouteListing.distance("/admin", "/admin")).isZero();
        assertThat(RouteListing.distance("/admn", "/admin")).isEqualTo(1);
        assertThat(RouteListing.distance("/adnim", "/admin")).isEqualTo(2);
        assertThat(RouteListing.distance("", "/api")).isEqualTo(4);
        assertThat(RouteListing.distance("kitten", "sitting")).isEqualTo(3);
    }
}
