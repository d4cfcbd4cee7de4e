package io.github.maintenance.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.servlet.testing.Http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The demo's command line: defaults, accepted forms, and a usage error with status 2 for anything else. */
class DemoArgumentsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws InterruptedException {
        return DemoApp.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void defaultsToLoopbackOnPort8080() throws Exception {
        assertThat(DemoArguments.parse()).isEqualTo(new DemoApp.Options("127.0.0.1", 8080));
        assertThat(DemoApp.Options.defaults()).isEqualTo(DemoArguments.parse());
    }

    @Test
    void acceptsPortAndHostAsSeparateOrJoinedValues() throws Exception {
        assertThat(DemoArguments.parse("--http-port", "9090", "--host", "0.0.0.0"))
                .isEqualTo(new DemoApp.Options("0.0.0.0", 9090));
        assertThat(DemoArguments.parse("--host=::1", "--http-port=0")).isEqualTo(new DemoApp.Options("::1", 0));
    }

    @Test
    void refusesBadArgumentsWithMessagesNamingThem() {
        assertThatThrownBy(() -> DemoArguments.parse("--port", "1")).hasMessage("unknown argument '--port'");
        assertThatThrownBy(() -> DemoArguments.parse("--http-port")).hasMessage("--http-port needs a value");
        assertThatThrownBy(() -> DemoArguments.parse("--http-port", "http"))
                .hasMessage("--http-port must be a number from 0 to 65535, got 'http'");
        assertThatThrownBy(() -> DemoArguments.parse("--http-port=70000"))
                .hasMessage("--http-port must be a number from 0 to 65535, got 70000");
        assertThatThrownBy(() -> DemoArguments.parse("--http-port", "-1"))
                .hasMessage("--http-port must be a number from 0 to 65535, got -1");
        assertThatThrownBy(() -> DemoArguments.parse("--host", "a", "--host", "b")).hasMessage("--host given twice");
        assertThatThrownBy(() -> DemoArguments.parse("--host=")).hasMessage("--host needs an address, got an empty value");
        assertThatThrownBy(() -> DemoArguments.parse("8080")).hasMessage("unknown argument '8080'");
    }

    @Test
    void badArgumentsExitWithStatus2AndUsageOnStandardError() throws Exception {
        int status = run("--http-port", "eighty");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("maintenance-demo: --http-port must be a number from 0 to 65535, got 'eighty'\n")
                .contains("Usage: java -jar maintenance-demo.jar [--http-port PORT] [--host ADDRESS]");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsUsageAndExitsWith0() throws Exception {
        int status = run("--help");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(DemoArguments.USAGE)
                .contains("default 127.0.0.1 (this machine only)");
        assertThat(err.size()).isZero();
    }

    @Test
    void registryPortAndTokenOptions() throws Exception {
        assertThat(DemoArguments.parse().registryPort()).isEqualTo(7000);
        assertThat(DemoArguments.parse().token()).isNull();
        assertThat(DemoArguments.parse("--registry-port", "7100", "--token=s3cret"))
                .isEqualTo(new DemoApp.Options("127.0.0.1", 8080, 7100, "s3cret"));
        assertThatThrownBy(() -> DemoArguments.parse("--registry-port", "x"))
                .hasMessage("--registry-port must be a number from 0 to 65535, got 'x'");
        assertThatThrownBy(() -> DemoArguments.parse("--registry-port=65536"))
                .hasMessage("--registry-port must be a number from 0 to 65535, got 65536");
        assertThatThrownBy(() -> DemoArguments.parse("--token")).hasMessage("--token needs a value");
        assertThatThrownBy(() -> DemoArguments.parse("--token=")).hasMessage("--token needs a value, got an empty one");
        assertThatThrownBy(() -> DemoArguments.parse("--token", "a", "--token", "b")).hasMessage("--token given twice");
    }

    @Test
    void aRegistryPortInUseExitsWithStatus1AndSaysWhy() throws Exception {
        try (DemoApp first = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null))) {
            int status = run("--http-port", "0", "--registry-port", Integer.toString(first.registryPort()));

            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("maintenance-demo: cannot start the registry on 127.0.0.1:" + first.registryPort() + ": ");
            assertThat(Http.get(first.uri("/health")).statusCode()).as("the first demo keeps serving").isEqualTo(200);
        }
    }

    @Test
    void aPortInUseExitsWithStatus1AndSaysWhy() throws Exception {
        try (DemoApp first = DemoApp.start(new DemoApp.Options("127.0.0.1", 0, 0, null))) {
            int status = run("--http-port", Integer.toString(first.port()), "--registry-port", "0");

            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("maintenance-demo: cannot listen on 127.0.0.1:" + first.port() + ": ");
            assertThat(Http.get(first.uri("/health")).statusCode()).as("the first demo keeps serving").isEqualTo(200);
        }
    }

    @Test
    void acceptsAStateDirectoryAndARedisUri() throws Exception {
        assertThat(DemoArguments.parse("--state-dir", "/var/lib/demo", "--redis", "redis://10.0.0.5:6379"))
                .isEqualTo(new DemoApp.Options("127.0.0.1", 8080).withStateDir(java.nio.file.Path.of("/var/lib/demo"))
                        .withRedis("redis://10.0.0.5:6379"));
        assertThat(DemoArguments.parse("--state-dir=state", "--redis=rediss://cache:6380/2").redis())
                .isEqualTo("rediss://cache:6380/2");
        assertThat(DemoArguments.parse().stateDir()).isNull();
        assertThat(DemoArguments.parse().redis()).isNull();
    }

    @Test
    void acceptsAJdbcUrlWithUserAndPassword() throws Exception {
        DemoApp.Options o = DemoArguments.parse("--jdbc", "jdbc:postgresql://127.0.0.1:5432/app", "--jdbc-user=ops",
                "--jdbc-password", "s3cret", "--state-dir", "state");
        assertThat(o).isEqualTo(new DemoApp.Options("127.0.0.1", 8080).withStateDir(java.nio.file.Path.of("state"))
                .withJdbc(new DemoApp.Jdbc("jdbc:postgresql://127.0.0.1:5432/app", "ops", "s3cret")));
        assertThat(o.jdbc().toString()).doesNotContain("s3cret");
        assertThat(DemoArguments.parse("--jdbc=jdbc:h2:mem:demo").jdbc())
                .isEqualTo(new DemoApp.Jdbc("jdbc:h2:mem:demo", null, null));
        assertThat(DemoArguments.parse().jdbc()).isNull();
    }

    @Test
    void refusesBadJdbcOptionsWithMessagesNamingThem() {
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc", "postgresql://127.0.0.1/app")).hasMessage(
                "--jdbc must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/app, got 'postgresql://127.0.0.1/app'");
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc-user", "ops")).hasMessage("--jdbc-user needs --jdbc URL");
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc-password", "x"))
                .hasMessage("--jdbc-password needs --jdbc URL");
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc", "jdbc:h2:mem:a", "--jdbc-user=")).hasMessage(
                "--jdbc-user needs a value, got an empty one");
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc", "jdbc:h2:mem:a", "--redis", "redis://127.0.0.1:6379"))
                .hasMessage("--redis and --jdbc cannot be used together: choose one shared store");
        assertThatThrownBy(() -> DemoArguments.parse("--jdbc")).hasMessage("--jdbc needs a value");
    }

    @Test
    void refusesBadStateOptionsWithMessagesNamingThem() {
        assertThatThrownBy(() -> DemoArguments.parse("--state-dir")).hasMessage("--state-dir needs a value");
        assertThatThrownBy(() -> DemoArguments.parse("--state-dir=")).hasMessage(
                "--state-dir needs a directory, got an empty value");
        assertThatThrownBy(() -> DemoArguments.parse("--state-dir", "a", "--state-dir", "b"))
                .hasMessage("--state-dir given twice");
        assertThatThrownBy(() -> DemoArguments.parse("--redis", "localhost:6379")).hasMessage(
                "--redis must be a URI such as redis://127.0.0.1:6379, got 'localhost:6379'");
        assertThatThrownBy(() -> DemoArguments.parse("--redis", "http://localhost:6379")).hasMessage(
                "--redis must be a URI such as redis://127.0.0.1:6379, got 'http://localhost:6379'");
        assertThatThrownBy(() -> DemoArguments.parse("--redis=redis://a:1", "--redis=redis://b:1"))
                .hasMessage("--redis given twice");
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedExitsWithStatus1AndSaysWhy(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");

        int status = run("--http-port", "0", "--registry-port", "0", "--state-dir", file.resolve("sub").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("maintenance-demo: invalid value for 'stateFile': '"
                + file.resolve("sub").resolve("maintenance-state.properties") + "' (its directory cannot be created");
    }
}
