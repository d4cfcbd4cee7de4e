package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.access.ForwardedHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsDenyEverything() {
        DashboardSettings s = DashboardSettings.custom().build();

        assertThat(s.hasTokens()).isFalse();
        assertThat(s.allowLoopback()).isFalse();
        assertThat(s.maxStreams()).isEqualTo(32);
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.streamTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.title()).isEqualTo("Maintenance dashboard");
        assertThat(s.controllerAttribute()).isEqualTo(MaintenanceFilter.CONTEXT_ATTRIBUTE);
        assertThat(s.trustedProxies().isEmpty()).isTrue();
        assertThat(s.forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
    }

    @Test
    void initParametersMapOntoTheBuilder() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# rotated monthly\n\n  file-token-aaaaaaaaaaaa  \nfile-token-bbbbbbbbbbbb\n");
        DashboardSettings s = DashboardSettings.fromInitParameters(Map.of(
                "token", "one-token-0123456789, two-token-0123456789",
                "tokenFile", file.toString(),
                "allowLoopback", "true",
                "maxStreams", "5",
                "heartbeat", "5s",
                "streamTimeout", "0",
                "title", "  Shop maintenance ",
                "controllerAttribute", "shop.controller",
                "trustedProxies", "127.0.0.1, ::1",
                "forwardedHeader", "Forwarded"));

        assertThat(s.tokenCount()).isEqualTo(4);
        assertThat(s.allowLoopback()).isTrue();
        assertThat(s.maxStreams()).isEqualTo(5);
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.streamTimeout()).isZero();
        assertThat(s.title()).isEqualTo("Shop maintenance");
        assertThat(s.controllerAttribute()).isEqualTo("shop.controller");
        assertThat(s.trustedProxies().contains("::1")).isTrue();
        assertThat(s.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
        assertThat(s.toString()).isEqualTo("tokens=4 (not shown), allowLoopback=true, trustedProxies=[127.0.0.1/32, "
                + "0:0:0:0:0:0:0:1/128], forwardedHeader=Forwarded, maxStreams=5, heartbeat=5s, "
                + "streamTimeout=never, title=Shop maintenance").doesNotContain("token-0123456789");
    }

    @Test
    void badInitParametersAreRefusedWithTheParameterNamed() {
        assertRefused(Map.of("tokens", "x"), "unknown dashboard init-parameter(s) [tokens]; known are [allowLoopback, "
                + "controllerAttribute, forwardedHeader, heartbeat, maxStreams, namedTokens, streamTimeout, title, token, "
                + "tokenFile, trustedProxies]");
        assertRefused(Map.of("token", " "), "invalid value for 'token': '' (empty; give a token or leave the parameter out)");
        assertRefused(Map.of("token", "a,,b"), "invalid value for 'token': '' (a token cannot be empty)");
        assertRefused(Map.of("token", "has space"), "invalid value for 'token': a token may contain only visible ASCII "
                + "characters other than ',' (found a bad character at position 3)");
        assertRefused(Map.of("token", "caf\u00e9-token"), "invalid value for 'token': a token may contain only visible "
                + "ASCII characters other than ',' (found a bad character at position 3)");
        assertRefused(Map.of("token", "x".repeat(1025)), "invalid value for 'token': a token of 1025 characters (at most 1024)");
        assertRefused(Map.of("allowLoopback", "yes"), "invalid value for 'allowLoopback': 'yes' (expected true or false)");
        assertRefused(Map.of("maxStreams", "many"), "invalid value for 'maxStreams': 'many' (expected a whole number from 1 to 10000)");
        assertRefused(Map.of("maxStreams", "0"), "invalid value for 'maxStreams': '0' (must be 1 to 10000)");
        assertRefused(Map.of("heartbeat", "500ms"), "invalid value for 'heartbeat': '500ms' (must be 1s to 5m)");
        assertRefused(Map.of("heartbeat", "often"), "invalid value for 'heartbeat': 'often' (expected a duration such as 15s, 5m or 30)");
        assertRefused(Map.of("streamTimeout", "100ms"), "invalid value for 'streamTimeout': '100ms' (must be 0 (never) or at least 1s)");
        assertRefused(Map.of("title", " "), "invalid value for 'title': '' (must be 1 to 200 characters)");
        assertRefused(Map.of("controllerAttribute", " "), "invalid value for 'controllerAttribute': '' (must not be empty)");
        assertRefused(Map.of("trustedProxies", "127.0.0.1, localhost"), "invalid value for 'trustedProxies': [localhost] "
                + "(expected IPv4 or IPv6 addresses or CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32)");
        assertRefused(Map.of("forwardedHeader", "X-Real-IP"),
                "invalid value for 'forwardedHeader': 'X-Real-IP' (expected X-Forwarded-For, Forwarded or none)");
    }

    @Test
    void aTokenFileMustExistAndHoldATokenAndBadTokensAreNeverEchoed() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> DashboardSettings.fromInitParameters(Map.of("tokenFile", missing.toString())))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageStartingWith("invalid value for 'tokenFile': '" + missing + "' (cannot be read: java.nio.file.NoSuchFileException");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "# nothing yet\n\n");
        assertRefused(Map.of("tokenFile", empty.toString()), "invalid value for 'tokenFile': '" + empty + "' (contains no token)");
        Path bad = dir.resolve("bad");
        Files.write(bad, "secret-part one\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DashboardSettings.custom().tokenFile(bad))
                .hasMessage("invalid value for 'tokenFile " + bad + "': a token may contain only visible ASCII characters "
                        + "other than ',' (found a bad character at position 11)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-part"));
    }

    @Test
    void builderValuesAreValidatedToo() {
        assertThatThrownBy(() -> DashboardSettings.custom().token(null)).hasMessage(
                "invalid value for 'token': '' (a token cannot be empty)");
        assertThatThrownBy(() -> DashboardSettings.custom().heartbeat(null).build()).hasMessage(
                "invalid value for 'heartbeat': 'null' (must be 1s to 5m)");
        assertThatThrownBy(() -> DashboardSettings.custom().streamTimeout(Duration.ofSeconds(-1)).build()).hasMessage(
                "invalid value for 'streamTimeout': 'PT-1S' (must be 0 (never) or at least 1s)");
        assertThatThrownBy(() -> DashboardSettings.custom().title("t".repeat(201)).build())
                .hasMessageStartingWith("invalid value for 'title': 'ttt");
        assertThat(DashboardSettings.custom().token("dup-token-0123456789").token("dup-token-0123456789").build()
                .tokenCount()).isEqualTo(1);
    }

    @Test
    void namedTokensAreNamePairsSplitAtTheFirstEquals() {
        DashboardSettings s = DashboardSettings.fromInitParameters(Map.of(
                "token", "plain-token-0123456789",
                "namedTokens", " alice = alice-token-0123456789 , ci.bot_2-x=ci=token=with=equals"));

        assertThat(s.tokenCount()).isEqualTo(3);
        assertThat(s.tokenNames()).containsExactly("alice", "ci.bot_2-x");
        assertThat(s.tokens()).extracting(DashboardTokens.Token::name).containsExactly("", "alice",
                "ci.bot_2-x");
        assertThat(s.tokens().get(2).length()).isEqualTo("ci=token=with=equals".length());
        assertThat(s.toString()).startsWith("tokens=3 (not shown; named: alice, ci.bot_2-x), allowLoopback=false")
                .doesNotContain("0123456789").doesNotContain("equals");

        DashboardSettings built = DashboardSettings.custom().token("ops", "ops-token-0123456789")
                .token("other-token-0123456789").token("other-token-0123456789").build();
        assertThat(built.tokenCount()).isEqualTo(2);
        assertThat(built.tokenNames()).containsExactly("ops");
        assertThat(built.shortestToken()).isEqualTo("ops-token-0123456789".length());
    }

    @Test
    void badNamedTokensAreRefusedWithoutShowingASecret() {
        String secret = "s3cret-value-0123456789";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(" ", "invalid value for 'namedTokens': '' (empty; give name=token pairs or leave the parameter out)");
        cases.put("alice=" + secret + ",,bob=b-" + secret, "invalid value for 'namedTokens': entry 2: empty; expected name=token");
        cases.put(secret, "invalid value for 'namedTokens': entry 1: no '='; expected name=token");
        cases.put("=" + secret, "invalid value for 'namedTokens': entry 1: a token name cannot be empty");
        cases.put("al ice=" + secret, "invalid value for 'namedTokens': entry 1: a token name may contain only A-Z, "
                + "a-z, 0-9, '.', '_' and '-' (found a bad character at position 2)");
        cases.put("alïce=" + secret, "invalid value for 'namedTokens': entry 1: a token name may contain only A-Z, "
                + "a-z, 0-9, '.', '_' and '-' (found a bad character at position 2)");
        cases.put("a".repeat(65) + "=" + secret, "invalid value for 'namedTokens': entry 1: a token name of 65 characters "
                + "(at most 64)");
        cases.put("alice=", "invalid value for 'namedTokens': entry 1: a token cannot be empty");
        cases.put("alice=" + secret + ",bob=" + secret.replace('-', ' '), "invalid value for 'namedTokens': entry 2: a "
                + "token may contain only visible ASCII characters other than ',' (found a bad character at position 6)");
        cases.put("alice=" + "x".repeat(1025), "invalid value for 'namedTokens': entry 1: a token of 1025 characters "
                + "(at most 1024)");
        cases.put("alice=" + secret + ",alice=b-" + secret, "invalid value for 'namedTokens': entry 2: the name 'alice' "
                + "is given twice");
        cases.put("alice=" + secret + ",bob=" + secret, "invalid value for 'namedTokens': entry 2: the token of 'bob' "
                + "is the same as the token of 'alice'");
        cases.forEach((value, message) -> assertThatThrownBy(() -> DashboardSettings.fromInitParameters(
                Map.of("namedTokens", value))).as(value).isInstanceOf(MaintenanceException.class).hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("value-0123")));

        assertRefused(Map.of("token", secret, "namedTokens", "carol=" + secret), "invalid value for 'namedTokens': "
                + "entry 1: the token of 'carol' is also configured without a name");
        assertThatThrownBy(() -> DashboardSettings.custom().token("carol", secret).token(secret))
                .hasMessage("invalid value for 'token': a token is also configured with the name 'carol'");
        assertThatThrownBy(() -> DashboardSettings.custom().token("carol", secret).token("dave", secret))
                .hasMessage("invalid value for 'namedTokens': the token of 'dave' is the same as the token of 'carol'");
        assertThatThrownBy(() -> DashboardSettings.custom().token(null, secret))
                .hasMessage("invalid value for 'namedTokens': a token name cannot be empty");
        assertThatThrownBy(() -> DashboardSettings.custom().token("carol", null))
                .hasMessage("invalid value for 'namedTokens': a token cannot be empty");
    }

    private static void assertRefused(Map<String, String> params, String message) {
        assertThatThrownBy(() -> DashboardSettings.fromInitParameters(params))
                .isInstanceOf(MaintenanceException.class).hasMessage(message);
    }
}
