package io.github.maintenance.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks for a program a test starts itself (a browser, a server). When it is missing the test
 * fails under {@code CI=true} (CI must run every test) and is skipped otherwise, with a line on
 * standard error saying so:
 *
 * <pre>{@code
 * if (!ExternalProgram.present("chromium", CHROMIUM, "apt-get install chromium")) {
 *     return;
 * }
 * }</pre>
 */
public final class ExternalProgram {

    private ExternalProgram() {
    }

    /** Whether {@code CI=true} is set. */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Whether every path is an executable file.
     *
     * @param name    what is checked, for the messages
     * @param install how to install it, for the messages
     * @throws AssertionError under {@code CI=true} when one is missing
     */
    public static boolean present(String name, String install, Path... paths) {
        for (Path p : paths) {
            if (!Files.isExecutable(p)) {
                String message = name + " is not installed (" + p + " is missing); " + install;
                if (underCi()) {
                    throw new AssertionError(message + ". CI=true: every test must run.");
                }
                System.err.println("SKIPPED (not under CI): " + message);
                return false;
            }
        }
        return true;
    }
}
