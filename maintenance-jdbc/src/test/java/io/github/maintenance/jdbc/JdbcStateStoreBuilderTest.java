package io.github.maintenance.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Bad settings are refused with the name of the value; the DDL resource matches the code's. */
class JdbcStateStoreBuilderTest {

    private static final String H2 = "jdbc:h2:mem:builder";

    @Test
    void aUrlThatIsNotJdbcIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> JdbcStateStore.builder("postgresql://u:secret@127.0.0.1/db", null, null))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("jdbc")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> JdbcStateStore.builder((String) null, null, null))
                .isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> JdbcStateStore.builder((javax.sql.DataSource) null))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("dataSource");
    }

    @Test
    void theTablePrefixMustBeAnIdentifier() {
        for (String bad : new String[] {"", "1abc", "a-b", "x; DROP TABLE t", "a".repeat(41), "é"}) {
            assertThatThrownBy(() -> JdbcStateStore.builder(H2, null, null).tablePrefix(bad).build())
                    .as(bad).isInstanceOf(MaintenanceException.class).hasMessageContaining("tablePrefix");
        }
        assertThatThrownBy(() -> JdbcStateStore.ddl("bad prefix")).isInstanceOf(MaintenanceException.class);
    }

    @Test
    void keyAndDurationsAreChecked() {
        assertThatThrownBy(() -> JdbcStateStore.builder(H2, null, null).key("a b").build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> JdbcStateStore.builder(H2, null, null).pollInterval(Duration.ofMillis(1)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> JdbcStateStore.builder(H2, null, null).timeout(Duration.ofMillis(500)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> JdbcStateStore.builder(H2, null, null)
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("maxBackoff");
    }

    @Test
    void passwordsInTheUrlAreNotShown() {
        assertThat(ConnectionSource.redact("jdbc:postgresql://db:5432/app?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=u&password=***&ssl=true");
        assertThat(ConnectionSource.redact("jdbc:mysql://u:secret@db/app")).isEqualTo("jdbc:mysql://***@db/app");
    }

    @Test
    void theSchemaResourceHoldsTheDdlOfTheDefaultPrefix() throws Exception {
        String resource;
        try (var in = JdbcStateStore.class.getResourceAsStream("schema.sql")) {
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String statement : JdbcStateStore.ddlStatements(JdbcStateStore.DEFAULT_TABLE_PREFIX)) {
            assertThat(resource).contains(statement + ";");
        }
        assertThat(JdbcStateStore.ddlStatements(JdbcStateStore.DEFAULT_TABLE_PREFIX)).hasSize(3);
    }
}
