package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit {@code maintenance-standalone/systemd/maintenance-page.service} (checked by
 * {@code systemd-analyze verify} where it exists, and by its keys) and
 * {@code scripts/serve-maintenance.sh install-service}, run into a temporary directory with a stub
 * {@code systemctl} first on the {@code PATH}: nothing here needs systemd to be running.
 */
class SystemdUnitIT {

    private static final Path SCRIPT = Path.of(System.getProperty("serve.script", "../scripts/serve-maintenance.sh"));
    private static final Path UNIT = SCRIPT.toAbsolutePath().getParent().getParent()
            .resolve("maintenance-standalone/systemd/maintenance-page.service");

    @TempDir
    Path dir;
    private Path systemdDir;
    private Path stubs;
    private Path calls;

    /** What one run of the script did. */
    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void stubSystemctl() throws IOException {
        systemdDir = Files.createDirectories(dir.resolve("etc/systemd/system"));
        stubs = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("systemctl.calls");
        stub("exit 0");
    }

    /** A {@code systemctl} that records its arguments, then runs {@code rest}. */
    private void stub(String rest) throws IOException {
        Path systemctl = stubs.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n" + rest + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the script with bash, after {@code prefix} (a command that runs another, such as setpriv). */
    private Result script(Path script, List<String> prefix, Map<String, String> extraEnv, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return run(command, extraEnv);
    }

    private Result run(List<String> command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MAINTENANCE_") || k.equals("SYSTEMCTL"));
        env.put("MAINTENANCE_SYSTEMD_DIR", systemdDir.toString());
        env.put("PATH", stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.putAll(extraEnv);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> StandaloneJarIT.readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> StandaloneJarIT.readAll(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /**
     * What runs the script as root: nothing when the tests run as root (as in CI), else a user
     * namespace that maps this user to root ({@code unshare --map-root-user}), which is enough for
     * the script's check and its writes into the temporary directory.
     */
    private static List<String> asRoot() throws IOException {
        return root() ? List.of() : List.of("unshare", "--map-root-user");
    }

    /** The unit's settings: "Section.Key" to its values (a key may be given more than once). */
    private static Map<String, List<String>> settings(Path unit) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as("a key=value line: " + l).isPositive();
            keys.computeIfAbsent(section + "." + l.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(l.substring(eq + 1).strip());
        }
        return keys;
    }

    private static void assertRequiredKeys(Path unit) throws IOException {
        Map<String, List<String>> s = settings(unit);
        assertThat(s.get("Service.ExecStart")).singleElement().asString()
                .isEqualTo("/usr/bin/java $JAVA_OPTS -jar /opt/maintenance/maintenance-standalone.jar --port 80");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Service.EnvironmentFile", "-/etc/default/maintenance-page");
        expected.put("Service.AmbientCapabilities", "CAP_NET_BIND_SERVICE");
        expected.put("Service.CapabilityBoundingSet", "CAP_NET_BIND_SERVICE");
        expected.put("Service.DynamicUser", "yes");
        expected.put("Service.NoNewPrivileges", "yes");
        expected.put("Service.ProtectSystem", "strict");
        expected.put("Service.ProtectHome", "yes");
        expected.put("Service.PrivateTmp", "yes");
        expected.put("Service.PrivateDevices", "yes");
        expected.put("Service.ProtectKernelTunables", "yes");
        expected.put("Service.ProtectKernelModules", "yes");
        expected.put("Service.ProtectControlGroups", "yes");
        expected.put("Service.RestrictAddressFamilies", "AF_INET AF_INET6");
        expected.put("Service.LockPersonality", "yes");
        expected.put("Service.Restart", "on-failure");
        expected.put("Service.SuccessExitStatus", "143");
        expected.put("Service.RestartPreventExitStatus", "2");
        expected.put("Install.WantedBy", "multi-user.target");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(s.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
        assertThat(s).as("the JIT writes code it then runs").doesNotContainKey("Service.MemoryDenyWriteExecute");
        assertThat(s).as("no key set twice").allSatisfy((k, v) -> assertThat(v).hasSize(1));
    }

    @Test
    void theUnitHasEveryHardeningKey() throws IOException {
        assertRequiredKeys(UNIT);
        assertThat(Files.readString(UNIT)).contains("# No MemoryDenyWriteExecute=yes: the JVM's JIT compiler");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            // Without systemd-analyze the keys are checked by reading the file instead.
            assertRequiredKeys(UNIT);
            return;
        }
        Path copy = dir.resolve("maintenance-page.service");
        String text = Files.readString(UNIT, StandardCharsets.UTF_8);
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            // verify checks that ExecStart's program exists: use this JVM's where there is no /usr/bin/java.
            text = text.replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        Files.writeString(copy, text, StandardCharsets.UTF_8);

        Result r = run(List.of(analyze.toString(), "verify", copy.toString()), Map.of());

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).as("no warning either (an unknown key or bad value is only a warning)").isEmpty();
    }

    @Test
    void installServiceCopiesTheUnitAndReloadsSystemd() throws Exception {
        Result r = script(SCRIPT, asRoot(), Map.of(), "install-service");

        Path target = systemdDir.resolve("maintenance-page.service");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("serve-maintenance: installing " + target + "\n"
                + "serve-maintenance: running systemctl daemon-reload\n"
                + "serve-maintenance: installed; next: install -D -m 0644 ")
                .endsWith(" /opt/maintenance/maintenance-standalone.jar && systemctl start maintenance-page\n");
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo(Files.readString(UNIT));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(calls)).isEqualTo("daemon-reload\n");
        try (var files = Files.list(systemdDir)) {
            assertThat(files).as("no temporary file left").containsExactly(target);
        }
    }

    @Test
    void aFailedReloadPutsBackThePreviousUnit() throws Exception {
        Path target = systemdDir.resolve("maintenance-page.service");
        Files.writeString(target, "[Service]\nExecStart=/bin/true\n");
        stub("echo 'System has not been booted with systemd' >&2; exit 1");

        Result r = script(SCRIPT, asRoot(), Map.of(), "install-service");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("System has not been booted with systemd\n"
                + "serve-maintenance: systemctl daemon-reload failed; put back the previous " + target + "\n");
        assertThat(Files.readString(target)).isEqualTo("[Service]\nExecStart=/bin/true\n");
        try (var files = Files.list(systemdDir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedReloadRemovesANewUnitAgain() throws Exception {
        stub("exit 1");

        Result r = script(SCRIPT, asRoot(), Map.of(), "install-service");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("serve-maintenance: systemctl daemon-reload failed; removed "
                + systemdDir.resolve("maintenance-page.service") + " again\n");
        try (var files = Files.list(systemdDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void installServiceRefusesWithoutSystemctlOrAnOptionOrADirectory() throws Exception {
        Result none = script(SCRIPT, asRoot(), Map.of("SYSTEMCTL", "no-such-systemctl"), "install-service");
        Result option = script(SCRIPT, asRoot(), Map.of(), "install-service", "--now");
        Result noDir = script(SCRIPT, asRoot(), Map.of("MAINTENANCE_SYSTEMD_DIR", dir.resolve("nope").toString()),
                "install-service");

        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("serve-maintenance: no no-such-systemctl here: install-service is for "
                + "machines run by systemd; start, stop and status work without it\n");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("serve-maintenance: install-service takes no options\n");
        assertThat(noDir.status()).isEqualTo(1);
        assertThat(noDir.err()).isEqualTo("serve-maintenance: no directory " + dir.resolve("nope") + "\n");
        assertThat(calls).doesNotExist();
        try (var files = Files.list(systemdDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void installServiceRefusesAUserOtherThanRoot() throws Exception {
        // A copy of the script and the unit in a directory every user may read.
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path script = Files.createDirectories(tree.resolve("scripts")).resolve("serve-maintenance.sh");
        Files.copy(SCRIPT, script);
        Files.copy(UNIT, Files.createDirectories(tree.resolve("maintenance-standalone/systemd"))
                .resolve("maintenance-page.service"));
        for (Path p : List.of(dir, tree, script.getParent(), tree.resolve("maintenance-standalone"),
                tree.resolve("maintenance-standalone/systemd"), stubs)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        // As root, drop to nobody; otherwise this user is already not root.
        List<String> notRoot = root() ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
                : List.of();
        Result r = script(script, notRoot, Map.of(), "install-service");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("serve-maintenance: install-service needs root (it writes " + systemdDir
                + " and runs systemctl daemon-reload); try: sudo " + script + " install-service\n");
        assertThat(calls).doesNotExist();
        try (var files = Files.list(systemdDir)) {
            assertThat(files).isEmpty();
        }
    }
}
