package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What picocli gives every command: help, the version, global options anywhere, usage errors with status 2. */
class CommandLineUsageTest {

    private static final List<String> COMMANDS = List.of("status", "enter", "exit", "drain", "cancel-drain", "watch",
            "exec", "schedule", "schedules", "unschedule", "audit");

    private RegistryFixture f = RegistryFixture.start(MaintenanceConfig.custom()
            .route(Route.builder("admin").path("/admin").build()), b -> b);
    private final CtlRunner ctl = new CtlRunner(() -> f.port());

    @AfterEach
    void close() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "enter", "exit", "drain", "cancel-drain", "watch", "exec", "schedule",
        "schedules", "unschedule", "audit"})
    void everyCommandAnswersHelpWithItsUsageAndTheGlobalOptions(String command) {
        assertThat(ctl.raw(command, "--help")).isZero();
        String help = ctl.out();

        assertThat(help).contains("Usage: maintenancectl " + command + " ")
                .contains("--port=PORT").contains("--token=TOKEN").contains("--truststore=FILE")
                .contains("Exit status: 0 done, 1 registry unreachable or refused, 2 bad arguments;");
        assertThat(ctl.err()).isEmpty();
        ctl.reset();
        assertThat(ctl.raw("help", command)).isZero();
        assertThat(ctl.out()).as("'help COMMAND' prints the same").isEqualTo(help);
    }

    @Test
    void theTopLevelHelpListsEveryCommandOnce() {
        assertThat(ctl.raw("--help")).isZero();
        String help = ctl.out();
        ctl.reset();
        assertThat(ctl.raw("help")).isZero();

        assertThat(ctl.out()).isEqualTo(help);
        assertThat(help).startsWith("Usage: maintenancectl [-hV] [--tls] [--host=HOST] [--port=PORT]");
        for (String command : COMMANDS) {
            assertThat(help).containsPattern("(?m)^  " + command + " +\\S");
        }
    }

    @Test
    void versionIsTheProjectVersion() {
        String version = System.getProperty("maintenancectl.version");

        assertThat(ctl.raw("--version")).isZero();
        assertThat(ctl.out()).isEqualTo("maintenancectl " + version + "\n").doesNotContain("${");
        ctl.reset();
        assertThat(ctl.raw("status", "--version")).isZero();
        assertThat(ctl.out()).isEqualTo("maintenancectl " + version + "\n");
    }

    @Test
    void globalOptionsWorkAfterTheCommandToo() {
        f.close();
        f = RegistryFixture.start(MaintenanceConfig.custom().route(Route.builder("admin").path("/admin").build()),
                b -> b.token("s3cret"));
        String port = Integer.toString(f.port());

        assertThat(ctl.raw("enter", "--target", "/admin", "--port", port, "--token", "s3cret")).as(ctl.err()).isZero();
        assertThat(f.controller.status("admin").inMaintenance()).isTrue();
        assertThat(ctl.raw("--port", port, "exit", "--token=s3cret")).as("mixed").isZero();
        assertThat(f.controller.status("admin").inMaintenance()).isFalse();
        assertThat(ctl.raw("status", "--port", port, "--token", "wrong")).isEqualTo(MaintenanceCtl.EXIT_FAILED);
        assertThat(ctl.err()).contains("the registry refused the token (unauthorized)");
    }

    @Test
    void statusJsonIsOneJsonDocument() throws Exception {
        f.controller.enter("admin");
        f.controller.startDrain("ALL", Duration.ofSeconds(30));

        assertThat(ctl.run("status", "--json")).isZero();

        String out = ctl.out();
        assertThat(out).endsWith("}\n").hasLineCount(1);
        Map<String, Object> doc;
        try (JsonParser p = new JsonFactory().createParser(out)) {
            doc = JSON.std.mapFrom(p);
            assertThat(p.nextToken()).as("nothing after the document").isNull();
        }
        assertThat(doc).containsOnlyKeys("maintenance", "drain");
        assertThat(object(doc.get("maintenance"))).containsEntry("in_maintenance", List.of("admin"));
        assertThat(object(doc.get("drain"))).containsEntry("active", true).containsEntry("duration_seconds", 30);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        assertThat(ctl.raw()).isEqualTo(2);
        assertThat(ctl.err()).isEqualTo("maintenancectl: a command is required\nRun 'maintenancectl help' for usage.\n");
        for (String[] args : List.of(new String[] {"frob"}, new String[] {"enter", "--colour", "red"},
                new String[] {"drain"}, new String[] {"drain", "soon"}, new String[] {"exec", "--target", "ALL"},
                new String[] {"exec", "--"}, new String[] {"enter", "--until", "yesterday"},
                new String[] {"enter", "--target", ""}, new String[] {"--port", "0", "status"},
                new String[] {"--port", "x", "status"}, new String[] {"--bogus", "status"},
                new String[] {"status", "extra"}, new String[] {"enter", "--retry-after", "-5s"})) {
            ctl.reset();
            assertThat(ctl.raw(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(ctl.err()).as(String.join(" ", args)).startsWith("maintenancectl: ")
                    .containsPattern("Run 'maintenancectl( [a-z-]+ --help| help)' for usage.\n$");
        }
        ctl.reset();
        assertThat(ctl.raw("enter", "--colour", "red")).isEqualTo(2);
        assertThat(ctl.err()).isEqualTo("maintenancectl: Unknown options: '--colour', 'red'\n"
                + "Run 'maintenancectl enter --help' for usage.\n");
        ctl.reset();
        assertThat(ctl.raw("drain", "soon")).isEqualTo(2);
        assertThat(ctl.err()).startsWith("maintenancectl: drain needs a positive duration (30, 90s, 2m), got 'soon'\n");
        ctl.reset();
        assertThat(ctl.raw("enter", "--target", "")).isEqualTo(2);
        assertThat(ctl.err()).startsWith("maintenancectl: --target needs ALL, route ids, a /path or a domain: invalid"
                + " target '': target cannot be empty\n");
    }
}
