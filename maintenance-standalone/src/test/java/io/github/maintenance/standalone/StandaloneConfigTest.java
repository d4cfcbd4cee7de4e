package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageText;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StandaloneConfigTest {

    private static final ClassLoader LOADER = StandaloneConfigTest.class.getClassLoader();

    private static StandaloneConfig parse(Map<String, String> env, String... args) throws Exception {
        return StandaloneConfig.parse(env, args, LOADER);
    }

    @Test
    void theDefaultsServeEveryInterfaceOnPort8080() throws Exception {
        StandaloneConfig c = parse(Map.of());

        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.until()).isNull();
        assertThat(c.threads()).isEqualTo(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxConnections()).isEqualTo(2000);
        assertThat(c.page()).isEqualTo(PageSettings.ofDefaults());
        assertThat(c.stopWhenHealthy()).as("serves until SIGTERM").isNull();
    }

    @Test
    void stopWhenHealthyFromTheEnvironmentOrFlags() throws Exception {
        StandaloneConfig defaults = parse(Map.of("MAINTENANCE_STOP_WHEN_HEALTHY", "http://127.0.0.1:8080/health"));
        StandaloneConfig env = parse(Map.of("MAINTENANCE_STOP_WHEN_HEALTHY", "https://127.0.0.1:8443/actuator/health",
                "MAINTENANCE_HEALTH_INTERVAL", "5s", "MAINTENANCE_HEALTH_TIMEOUT", "500ms",
                "MAINTENANCE_HEALTH_SUCCESSES", "3"));
        StandaloneConfig flags = parse(Map.of("MAINTENANCE_HEALTH_SUCCESSES", "3"),
                "--stop-when-healthy=HTTP://[::1]:9000/ready?deep=1", "--health-interval", "1m",
                "--health-timeout=PT10S", "--health-successes", "1");

        assertThat(defaults.stopWhenHealthy()).isEqualTo(HealthCheck.of(URI.create("http://127.0.0.1:8080/health")));
        assertThat(env.stopWhenHealthy()).isEqualTo(new HealthCheck(URI.create("https://127.0.0.1:8443/actuator/health"),
                Duration.ofSeconds(5), Duration.ofMillis(500), 3));
        assertThat(flags.stopWhenHealthy()).isEqualTo(new HealthCheck(URI.create("HTTP://[::1]:9000/ready?deep=1"),
                Duration.ofMinutes(1), Duration.ofSeconds(10), 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--stop-when-healthy=ftp://127.0.0.1/health | --stop-when-healthy: expected an http:// or https:// URL, got 'ftp://127.0.0.1/health'",
        "--stop-when-healthy=/health                | --stop-when-healthy: expected an http:// or https:// URL, got '/health'",
        "--stop-when-healthy=http:/health           | --stop-when-healthy: the URL needs a host, got 'http:/health'",
        "--stop-when-healthy=http://a:b@127.0.0.1/  | --stop-when-healthy: user information (user:password@) is not supported, got 'http://a:b@127.0.0.1/'",
        "--stop-when-healthy=http://127.0.0.1/a b   | --stop-when-healthy: not a URL (Illegal character in path), got 'http://127.0.0.1/a b'",
        "--health-interval=1s                       | --health-interval: only used with --stop-when-healthy (or MAINTENANCE_STOP_WHEN_HEALTHY), got '1s'",
        "--health-timeout=1s                        | --health-timeout: only used with --stop-when-healthy (or MAINTENANCE_STOP_WHEN_HEALTHY), got '1s'",
        "--health-successes=2                       | --health-successes: only used with --stop-when-healthy (or MAINTENANCE_STOP_WHEN_HEALTHY), got '2'",
    })
    void badStopWhenHealthyFlagsAreRefused(String flag, String message) {
        assertThatThrownBy(() -> parse(Map.of(), flag))
                .isInstanceOf(StandaloneConfig.UsageException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "MAINTENANCE_HEALTH_INTERVAL  | 50ms  | MAINTENANCE_HEALTH_INTERVAL: 100ms to 1h, got '50ms'",
        "MAINTENANCE_HEALTH_INTERVAL  | 2h    | MAINTENANCE_HEALTH_INTERVAL: 100ms to 1h, got '2h'",
        "MAINTENANCE_HEALTH_INTERVAL  | often | MAINTENANCE_HEALTH_INTERVAL: expected a duration such as 30s, 5m or 300, got 'often'",
        "MAINTENANCE_HEALTH_TIMEOUT   | 0     | MAINTENANCE_HEALTH_TIMEOUT: 100ms to 1m, got '0'",
        "MAINTENANCE_HEALTH_TIMEOUT   | 61s   | MAINTENANCE_HEALTH_TIMEOUT: 100ms to 1m, got '61s'",
        "MAINTENANCE_HEALTH_SUCCESSES | 0     | MAINTENANCE_HEALTH_SUCCESSES: expected a number from 1 to 100, got '0'",
        "MAINTENANCE_HEALTH_SUCCESSES | two   | MAINTENANCE_HEALTH_SUCCESSES: expected a number from 1 to 100, got 'two'",
    })
    void badHealthVariablesAreNamedWithTheirValueAndRule(String name, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of("MAINTENANCE_STOP_WHEN_HEALTHY", "http://127.0.0.1:8080/health",
                name, value)))
                .isInstanceOf(StandaloneConfig.UsageException.class).hasMessage(message);
    }

    @Test
    void environmentVariablesConfigureEverything(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("page.html");
        Files.writeString(template, "<h1>{{title}}</h1>", StandardCharsets.UTF_8);
        Path texts = dir.resolve("texts.properties");
        Files.writeString(texts, "pl.title=Przerwa\n", StandardCharsets.UTF_8);

        StandaloneConfig c = parse(Map.ofEntries(
                Map.entry("MAINTENANCE_PORT", "9090"),
                Map.entry("MAINTENANCE_HOST", "127.0.0.1"),
                Map.entry("MAINTENANCE_TITLE", "ACME is upgrading"),
                Map.entry("MAINTENANCE_MESSAGE", "Back at 14:00 UTC"),
                Map.entry("MAINTENANCE_MESSAGES", "Step 1|Step 2"),
                Map.entry("MAINTENANCE_ROTATE_INTERVAL", "4s"),
                Map.entry("MAINTENANCE_RETRY_AFTER", "2m"),
                Map.entry("MAINTENANCE_UNTIL", "2026-05-01T16:00:00+02:00"),
                Map.entry("MAINTENANCE_TEMPLATE", template.toString()),
                Map.entry("MAINTENANCE_TEXTS", texts.toString()),
                Map.entry("MAINTENANCE_REFRESH", "1m"),
                Map.entry("MAINTENANCE_REFRESH_HEADER", "true"),
                Map.entry("MAINTENANCE_STATUS", "500"),
                Map.entry("MAINTENANCE_THREADS", "3"),
                Map.entry("MAINTENANCE_REQUEST_TIMEOUT", "5s"),
                Map.entry("MAINTENANCE_IDLE_TIMEOUT", "500ms"),
                Map.entry("MAINTENANCE_HANDSHAKE_TIMEOUT", "3s"),
                Map.entry("MAINTENANCE_MAX_CONNECTIONS", "10000"),
                Map.entry("UNRELATED", "x")));

        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.status()).isEqualTo(500);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.until()).isEqualTo(Instant.parse("2026-05-01T14:00:00Z"));
        assertThat(c.threads()).isEqualTo(3);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.maxConnections()).isEqualTo(10_000);
        PageSettings p = c.page();
        assertThat(p.title()).isEqualTo("ACME is upgrading");
        assertThat(p.message()).isEqualTo("Back at 14:00 UTC");
        assertThat(p.extraMessages()).containsExactly("Step 1", "Step 2");
        assertThat(p.rotateInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.refresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.refreshHeader()).isTrue();
        assertThat(p.texts().get("pl", PageText.TITLE)).isEqualTo("Przerwa");
        assertThat(p.languages()).containsExactly("en", "de", "fr", "es", "it", "nl", "pl");
    }

    @Test
    void flagsWinOverTheEnvironmentInBothSpellings() throws Exception {
        StandaloneConfig c = parse(Map.of("MAINTENANCE_PORT", "9090", "MAINTENANCE_TITLE", "from env"),
                "--port", "7070", "--title=from flag", "--languages", "de,en", "--template", "classpath:io/github/maintenance/page/maintenance.html");

        assertThat(c.port()).isEqualTo(7070);
        assertThat(c.page().title()).isEqualTo("from flag");
        assertThat(c.page().languages()).containsExactly("de", "en");
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThatThrownBy(() -> parse(Map.of(), "--port", "1", "--help"))
                .isInstanceOf(StandaloneConfig.HelpRequested.class);
        assertThatThrownBy(() -> parse(Map.of(), "-h")).isInstanceOf(StandaloneConfig.HelpRequested.class);
    }

    @Test
    void theUsageListsEveryFlagWithItsVariable() {
        for (StandaloneConfig.Option o : StandaloneConfig.Option.values()) {
            assertThat(StandaloneConfig.USAGE).contains(o.flag()).contains(o.env());
        }
        assertThat(StandaloneConfig.USAGE).startsWith("Usage: java -jar maintenance-standalone.jar [OPTIONS]");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "MAINTENANCE_PORT         | http     | MAINTENANCE_PORT: expected a number from 0 to 65535, got 'http'",
        "MAINTENANCE_PORT         | 70000    | MAINTENANCE_PORT: expected a number from 0 to 65535, got '70000'",
        "MAINTENANCE_STATUS       | 99       | MAINTENANCE_STATUS: expected a number from 200 to 599, got '99'",
        "MAINTENANCE_THREADS      | 0        | MAINTENANCE_THREADS: expected a number from 1 to 256, got '0'",
        "MAINTENANCE_RETRY_AFTER  | soon     | MAINTENANCE_RETRY_AFTER: expected a duration such as 30s, 5m or 300, got 'soon'",
        "MAINTENANCE_RETRY_AFTER  | 0        | MAINTENANCE_RETRY_AFTER: at least 1 second, got '0'",
        "MAINTENANCE_REQUEST_TIMEOUT | 10ms  | MAINTENANCE_REQUEST_TIMEOUT: 1s to 1h, got '10ms'",
        "MAINTENANCE_IDLE_TIMEOUT | 50ms     | MAINTENANCE_IDLE_TIMEOUT: 100ms to 1h, got '50ms'",
        "MAINTENANCE_IDLE_TIMEOUT | 2h       | MAINTENANCE_IDLE_TIMEOUT: 100ms to 1h, got '2h'",
        "MAINTENANCE_HANDSHAKE_TIMEOUT | 2m  | MAINTENANCE_HANDSHAKE_TIMEOUT: 100ms to 1m, got '2m'",
        "MAINTENANCE_HANDSHAKE_TIMEOUT | slow | MAINTENANCE_HANDSHAKE_TIMEOUT: expected a duration such as 30s, 5m or 300, got 'slow'",
        "MAINTENANCE_MAX_CONNECTIONS | 0     | MAINTENANCE_MAX_CONNECTIONS: expected a number from 1 to 100000, got '0'",
        "MAINTENANCE_MAX_CONNECTIONS | many  | MAINTENANCE_MAX_CONNECTIONS: expected a number from 1 to 100000, got 'many'",
        "MAINTENANCE_UNTIL        | tomorrow | MAINTENANCE_UNTIL: expected an ISO-8601 time with offset, such as 2026-05-01T14:00:00Z, got 'tomorrow'",
        "MAINTENANCE_REFRESH_HEADER | yes    | MAINTENANCE_REFRESH_HEADER: expected true or false, got 'yes'",
        "MAINTENANCE_LANGUAGES    | en,xx    | MAINTENANCE_LANGUAGES: invalid value for 'pageLanguages': 'xx' (no texts for this language;",
        "MAINTENANCE_TEMPLATE     | /no/such.html | MAINTENANCE_TEMPLATE: cannot read page template /no/such.html",
        "MAINTENANCE_TEMPLATE     | classpath:nope.html | MAINTENANCE_TEMPLATE: page template not found on the class path: nope.html",
        "MAINTENANCE_TEXTS        | /no/texts.properties | MAINTENANCE_TEXTS: cannot read page texts /no/texts.properties",
        "MAINTENANCE_ROTATE_INTERVAL | 100ms | MAINTENANCE_ROTATE_INTERVAL: invalid value for 'pageRotateInterval': 'PT0.1S' (1s to 1h)",
    })
    void aBadVariableIsNamedWithItsValueAndRule(String name, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of(name, value)))
                .isInstanceOf(StandaloneConfig.UsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> parse(Map.of(), "--port")).hasMessage("--port needs a value (PORT)");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "1", "--port=2")).hasMessage("--port given twice");
        assertThatThrownBy(() -> parse(Map.of(), "--colour", "red")).hasMessage("unknown argument '--colour'");
        assertThatThrownBy(() -> parse(Map.of("MAINTENANCE_PORT", "1"), "--port", "x"))
                .hasMessage("--port: expected a number from 0 to 65535, got 'x'");
        assertThatThrownBy(() -> parse(Map.of(), "--title", " "))
                .hasMessage("--title: invalid value for 'pageTitle': '' (1 to 200 characters)");
        assertThatThrownBy(() -> parse(Map.of(), "--host=")).hasMessage("--host: an address is required, got ''");
        assertThatThrownBy(() -> parse(Map.of(), "--max-connections", "100001"))
                .hasMessage("--max-connections: expected a number from 1 to 100000, got '100001'");
        assertThatThrownBy(() -> parse(Map.of(), "--idle-timeout=0")).hasMessage("--idle-timeout: 100ms to 1h, got '0'");
    }

    @Test
    void blankVariablesCountAsUnset() throws Exception {
        assertThat(parse(Map.of("MAINTENANCE_PORT", "  ", "MAINTENANCE_TITLE", "")).port()).isEqualTo(8080);
    }

    @Test
    void messagesAreSplitOnBars() throws Exception {
        assertThat(parse(Map.of(), "--messages", " a | | b |").page().extraMessages()).isEqualTo(List.of("a", "b"));
    }
}
