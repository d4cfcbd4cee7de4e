package io.github.maintenance.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.registry.testing.Wire;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named registry tokens: the settings refuse bad names, repeated names and a secret given twice
 * without ever showing a secret; a session authenticated with a named token is recorded in the
 * audit trail under the token's name, one with an unnamed token as {@code service/instance}.
 */
@Timeout(60)
class NamedTokenTest {

    private RegistryFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private static String refusal(UnaryOperator<RegistryConfig.Builder> change) {
        return assertThatThrownBy(() -> change.apply(RegistryConfig.custom()).build())
                .isInstanceOf(MaintenanceException.class).actual().getMessage();
    }

    @Test
    void aNameIsGivenOnceAndEverySecretOnceAndTheErrorsNeverShowASecret() {
        assertThat(refusal(b -> b.token("ops", "first-secret-1").token("ops", "other-secret-2")))
                .isEqualTo("invalid value for 'token name': 'ops' (is given twice; names must be unique)");
        assertThat(refusal(b -> b.token("ops", "shared-secret-1").token("deploy", "shared-secret-1")))
                .isEqualTo("invalid value for 'named token': '(hidden)' ('deploy' has the same secret as 'ops';"
                        + " each name needs its own secret)");
        assertThat(refusal(b -> b.token("shared-secret-1").token("deploy", "shared-secret-1")))
                .isEqualTo("invalid value for 'named token': '(hidden)' ('deploy' has the same secret as an unnamed"
                        + " token; give each secret once)");
        assertThat(refusal(b -> b.token("ops", "bad\nsecret"))).isEqualTo("invalid value for 'named token':"
                + " '(hidden)' (the secret of 'ops': 1 to 1024 characters, no control characters)");
        assertThat(refusal(b -> b.token("ops", null))).contains("the secret of 'ops'");
        assertThat(refusal(b -> b.token("ops", "x".repeat(1025)))).doesNotContain("xxx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "pipe|name", "ünicode", "a/b", "x1234567890123456789012345678901234567890123456789012345678901234"})
    void aNameOutsideTheRuleIsRefused(String name) {
        assertThat(refusal(b -> b.token(name, "some-secret-1"))).startsWith("invalid value for 'token name'")
                .endsWith("(1 to 64 characters of A-Z a-z 0-9 . _ -)").doesNotContain("some-secret-1");
    }

    @Test
    void validNamesAreKeptInOrderAndNamedTokensAloneTurnAuthenticationOn() {
        String longest = "a".repeat(64);
        RegistryConfig c = RegistryConfig.custom().token("ops.team_1", "secret-a").token(longest, "secret-b")
                .token("deploy-bot", "secret-c").build();
        assertThat(c.tokenNames()).containsExactly("ops.team_1", longest, "deploy-bot");
        assertThat(c.tokens()).isEmpty();
        assertThat(c.auth().enabled()).isTrue();
        assertThat(c.toString()).contains("auth=3 token(s) named [ops.team_1, " + longest + ", deploy-bot]")
                .doesNotContain("secret-");
        assertThatThrownBy(() -> c.tokenNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNamedTokenIsMatchedBySecretNeverByName() {
        f = RegistryFixture.start(b -> b.token("ops", "ops-secret-1"));
        Wire wrong = f.connect();
        assertThat(wrong.call("REGISTER|deploy|i-1|80|{\"auth_token\":\"ops\"}")).isEqualTo("ERROR|unauthorized");
        assertThat(f.connect().call("REGISTER|deploy|i-1|80|null")).isEqualTo("ERROR|unauthorized");
        assertThat(f.registry.stats().authFailures()).isEqualTo(2);
        assertThat(f.controller.audit().size()).isZero();
    }

    @Test
    void aChangeOverANamedTokenIsRecordedUnderTheTokensName() {
        f = RegistryFixture.start(b -> b.token("legacy-secret-1").token("ops", "ops-secret-1")
                .token("deploy-bot", "bot-secret-1"));

        Wire ops = f.connect();
        String sid = ops.register("deploy", "i-1", "{\"auth_token\":\"ops-secret-1\"}");
        assertThat(ops.call("MAINT_ENTER|" + sid + "|ALL|")).isEqualTo("ACK");
        assertThat(ops.read()).isEqualTo("MAINT_OK|ALL");
        assertThat(ops.call("SESSION_INFO|" + sid)).doesNotContain("ops-secret-1").doesNotContain("auth_token");

        Wire bot = f.connect();
        String botSid = bot.register("deploy", "i-2", "{\"auth_token\":\"bot-secret-1\"}");
        assertThat(bot.call("DRAIN_START|" + botSid + "|30s")).startsWith("DRAIN_OK|");

        Wire legacy = f.connect();
        String legacySid = legacy.register("shop", "i-3", "{\"auth_token\":\"legacy-secret-1\"}");
        assertThat(legacy.call("DRAIN_CANCEL|" + legacySid)).isEqualTo("DRAIN_OK");

        List<AuditEntry> entries = f.controller.audit().list();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("cancel", "drain", "enter");
        assertThat(entries).extracting(AuditEntry::source).containsOnly(Cause.Source.REGISTRY);
        assertThat(entries).extracting(AuditEntry::actor).containsExactly("shop/i-3", "deploy-bot", "ops");
    }
}
