package io.github.maintenance.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check exec makes before entering maintenance: is there something to run? */
class ExecutablesTest {

    @TempDir
    Path dir;

    private Path file(String name, String permissions) throws Exception {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        return p;
    }

    @Test
    void aNameWithASlashMustBeAnExecutableFile() throws Exception {
        Path script = file("deploy.sh", "rwxr-xr-x");
        Path data = file("notes.txt", "rw-r--r--");

        assertThat(Executables.problem(script.toString(), "")).isNull();
        assertThat(Executables.problem(dir.resolve("missing.sh").toString(), "")).isEqualTo("no such file");
        assertThat(Executables.problem(dir.toString() + "/", "")).as("a directory").isEqualTo("not an executable file");
        assertThat(Executables.problem(data.toString(), "")).as("no execute bit").isEqualTo("not an executable file");
    }

    @Test
    void aBareNameIsLookedUpInEveryDirectoryOfThePath() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.move(file("migrate", "rwxr-xr-x"), bin.resolve("migrate"));
        Files.createDirectory(dir.resolve("other"));
        String path = dir.resolve("other") + ":" + bin;

        assertThat(Executables.problem("migrate", path)).isNull();
        assertThat(Executables.problem("migrate", dir.resolve("other").toString())).isEqualTo("command not found on PATH");
        assertThat(Executables.problem("sh", null)).as("the launcher's default path").isNull();
        assertThat(Executables.problem("", path)).isEqualTo("the command is empty");
    }
}
