package io.github.maintenance.spi;

import io.github.maintenance.Cause;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.stats.Totals;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text forms of reports and audit entries the Redis and JDBC stores keep: round trip and bad input. */
class InstanceReportFormatTest {

    private static final Instant T = Instant.parse("2027-01-10T02:00:00.123456789Z");
    private static final Totals TOTALS = new Totals(Integer.MAX_VALUE, 1, 2, 3, Long.MAX_VALUE, 5, 6, 7, 8, 9, 10,
            Long.MIN_VALUE);
    private static final InstanceReport REPORT = new InstanceReport("n\u00e9ud = #1:\\", T, T.minusSeconds(60), 42,
            true, TOTALS);

    @Test
    void aReportRoundTripsExactlyAndEqualReportsHaveEqualTexts() {
        String text = InstanceReportFormat.encode(REPORT);
        assertThat(InstanceReportFormat.decode(text)).isEqualTo(REPORT);
        assertThat(text).doesNotStartWith("#").contains("format=1.0").contains("applied_version=42");
        assertThat(InstanceReportFormat.encode(InstanceReportFormat.decode(text))).isEqualTo(text);
    }

    @Test
    void damagedReportsAreRefusedNamingWhatIsWrong() {
        String good = InstanceReportFormat.encode(REPORT);
        assertThatThrownBy(() -> InstanceReportFormat.decode(good.replace("format=1.0", "format=2.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> InstanceReportFormat.decode(good.replace("store_available=true", "store_available=yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store_available");
        assertThatThrownBy(() -> InstanceReportFormat.decode(good.replace("applied_version=42", "applied_version=-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appliedVersion");
        assertThatThrownBy(() -> InstanceReportFormat.decode(good.replace("totals.routes=2147483647",
                "totals.routes=2147483648"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totals.routes");
        assertThatThrownBy(() -> InstanceReportFormat.decode(good.replaceAll("heartbeat=.*", "heartbeat=soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> InstanceReportFormat.decode("format=1.0\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> InstanceReportFormat.decode("x".repeat(InstanceReportFormat.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
        assertThatThrownBy(() -> InstanceReportFormat.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAuditEntryRoundTripsAsOneLine() {
        AuditEntry e = new AuditEntry(T, "node-1", Cause.Source.API, "ops", "a \"quote\", a \\ and é ✓", "enter",
                "ALL", List.of("api"), Map.of("api", "serving"), Map.of("api", "maintenance(full)"), "", 3);
        String text = AuditEntryFormat.encode(e);
        assertThat(text).doesNotContain("\n");
        assertThat(AuditEntryFormat.decode(text)).isEqualTo(e);
        assertThatThrownBy(() -> AuditEntryFormat.decode("{\"time\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEntryFormat.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
