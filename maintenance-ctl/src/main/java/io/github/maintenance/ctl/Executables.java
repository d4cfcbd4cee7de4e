package io.github.maintenance.ctl;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether {@code exec} can run a command, checked before maintenance is entered: a name with a
 * {@code /} must be an executable file (relative to the working directory); a bare name must be
 * an executable file in a directory of {@code $PATH}, as the process launcher looks it up.
 */
final class Executables {

    /** Where the launcher looks when {@code $PATH} is unset. */
    private static final String DEFAULT_PATH = "/usr/bin:/bin";

    private Executables() {
    }

    /** Why {@code program} cannot be run, or {@code null} when it can (as far as can be told). */
    static String problem(String program) {
        return problem(program, System.getenv("PATH"));
    }

    static String problem(String program, String searchPath) {
        if (program.isEmpty()) {
            return "the command is empty";
        }
        if (File.separatorChar != '/') {
            return null; // elsewhere (PATHEXT, drive letters) the launcher alone decides
        }
        try {
            if (program.indexOf('/') >= 0) {
                Path p = Path.of(program);
                if (!Files.exists(p)) {
                    return "no such file";
                }
                return runnable(p) ? null : "not an executable file";
            }
            for (String dir : (searchPath == null ? DEFAULT_PATH : searchPath).split(File.pathSeparator, -1)) {
                if (runnable(Path.of(dir.isEmpty() ? "." : dir, program))) {
                    return null;
                }
            }
        } catch (InvalidPathException e) {
            return "not a valid file name";
        }
        return "command not found on PATH";
    }

    private static boolean runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
