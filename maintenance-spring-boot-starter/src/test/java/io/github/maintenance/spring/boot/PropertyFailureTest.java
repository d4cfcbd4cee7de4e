package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.maintenance.spring.boot.testing.BootApp;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.ClassUtils;

/** A bad property stops the start with a message naming the property. */
@Timeout(60)
class PropertyFailureTest {

    @Test
    void statusCodeThatIsNoNumber() {
        assertThat(failure("maintenance.status-code=abc")).contains("maintenance.status-code").contains("abc");
    }

    @Test
    void statusCodeOutOfRange() {
        assertThat(failure("maintenance.status-code=42")).contains("maintenance.status-code").contains("42")
                .contains("200 to 599");
    }

    @Test
    void durationThatDoesNotParse() {
        assertThat(failure("maintenance.retry-after=soon")).contains("maintenance.retry-after");
    }

    @Test
    void stuckAfterOutOfRange() {
        assertThat(failure("maintenance.stuck-after=30s")).contains("maintenance.stuck-after")
                .contains("1 minute to 366 days");
    }

    @Test
    void clusterHeartbeatOutOfRange() {
        assertThat(failure("maintenance.cluster.heartbeat=500ms")).contains("InvalidConfigurationPropertyValueException: "
                + "Property maintenance.cluster.heartbeat with value 'PT0.5S' is invalid: invalid value for "
                + "'clusterHeartbeat': 'PT0.5S' (must be 1 second to 10 minutes)").doesNotContain("overwrite cause");
    }

    @Test
    void pageTemplateThatIsMissing() {
        assertThat(failure("maintenance.page.templates.brand=classpath:pages/missing.html"))
                .contains("maintenance.page.templates").contains("pages/missing.html");
        assertThat(failure("maintenance.page.templates.brand=a.html,b.html"))
                .contains("maintenance.page.templates.brand").contains("without ','");
    }

    @Test
    void routeWithoutId() {
        assertThat(failure("maintenance.routes[0].path=/api")).contains("maintenance.routes[0].id");
    }

    @Test
    void registryWithoutToken() {
        assertThat(failure("maintenance.registry.enabled=true", "maintenance.registry.port=0"))
                .contains("maintenance.registry.tokens");
    }

    @Test
    void dashboardWithoutToken() {
        assertThat(failure("maintenance.dashboard.enabled=true")).contains("maintenance.dashboard.tokens");
    }

    @Test
    void dashboardNamedTokensThatAreBad() {
        String commas = failure("maintenance.dashboard.enabled=true",
                "maintenance.dashboard.named-tokens.ops=first-part-secret,second-part-secret");
        assertThat(commas).contains("maintenance.dashboard.named-tokens.ops").contains("may not contain ','")
                .doesNotContain("part-secret");
        String twice = failure("maintenance.dashboard.enabled=true",
                "maintenance.dashboard.named-tokens.ops=same-secret-0123456789",
                "maintenance.dashboard.named-tokens.dev=same-secret-0123456789");
        assertThat(twice).contains("maintenance.dashboard.named-tokens")
                .containsPattern("the token of '(dev|ops)' is the same as the token of '(ops|dev)'")
                .doesNotContain("same-secret");
        String name = failure("maintenance.dashboard.enabled=true",
                "maintenance.dashboard.named-tokens." + "n".repeat(65) + "=a-secret-0123456789");
        assertThat(name).contains("maintenance.dashboard.named-tokens.nnnn").contains("1 to 64 characters")
                .doesNotContain("a-secret");
    }

    @Test
    void fileStoreWithoutPath() {
        assertThat(failure("maintenance.store.type=file")).contains("maintenance.store.file.path");
    }

    @Test
    void unknownStoreType() {
        assertThat(failure("maintenance.store.type=carrier-pigeon")).contains("maintenance.store.type");
    }

    @Test
    void redisStoreWithoutUrl() {
        String failure = failure("maintenance.store.type=redis");
        if (ClassUtils.isPresent("io.github.maintenance.redis.RedisStateStore", null)) {
            assertThat(failure).contains("maintenance.store.redis.url");
        } else {
            assertThat(failure).contains("maintenance.store.type").contains("maintenance-redis");
        }
    }

    @Test
    void readOnlyAllowThatIsNoMethodAndPath() {
        assertThat(failure("maintenance.read-only.allow=POST login")).contains("maintenance.read-only.allow")
                .contains("METHOD /path");
    }

    @Test
    void holdMaxRequestsOutOfRange() {
        assertThat(failure("maintenance.hold.max-requests=0")).contains("maintenance.hold.max-requests")
                .contains("1 to 100000");
    }

    @Test
    void holdTimeoutOutOfRange() {
        assertThat(failure("maintenance.hold.timeout=10m")).contains("maintenance.hold.timeout").contains("1s to 5m");
    }

    @Test
    void unknownRetryAfterFormat() {
        assertThat(failure("maintenance.retry-after-format=minutes")).contains("maintenance.retry-after-format");
    }

    @Test
    void exemptRobotsTxtThatIsNoBoolean() {
        assertThat(failure("maintenance.exempt-robots-txt=maybe")).contains("maintenance.exempt-robots-txt");
    }

    @Test
    void jdbcStoreWithoutDataSourceOrUrl() {
        String failure = failure("maintenance.store.type=jdbc");
        if (ClassUtils.isPresent("io.github.maintenance.jdbc.JdbcStateStore", null)) {
            assertThat(failure).contains("maintenance.store.jdbc.url").contains("DataSource");
        } else {
            assertThat(failure).contains("maintenance.store.type")
                    .contains("needs io.github.maintenance:maintenance-jdbc on the class path");
        }
    }

    @Test
    void jdbcStoreWithABadTablePrefix() {
        if (ClassUtils.isPresent("io.github.maintenance.jdbc.JdbcStateStore", null)) {
            assertThat(failure("maintenance.store.type=jdbc", "maintenance.store.jdbc.url=jdbc:h2:mem:unused",
                    "maintenance.store.jdbc.table-prefix=1bad")).contains("maintenance.store.jdbc.table-prefix")
                    .contains("letters, digits and underscores");
        }
    }

    /** The messages of the start failure and its causes, one per line. */
    private static String failure(String... properties) {
        Throwable t = catchThrowable(() -> BootApp.start(TestWebApp.class, properties).close());
        assertThat(t).as("the start should fail").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.add(c.getClass().getName() + ": " + c.getMessage());
        }
        return String.join("\n", messages);
    }
}
