package io.github.maintenance.standalone;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need a program this machine may lack (Chromium, its driver): under {@code CI=true} a
 * missing program fails the test; elsewhere the test returns early and says why.
 */
final class ExternalPrograms {

    private ExternalPrograms() {
    }

    /** Whether every program is there; fails under CI when one is missing. */
    static boolean available(String... programs) {
        for (String p : programs) {
            if (!Files.isExecutable(Path.of(p))) {
                String message = p + " is not installed (apt-get install chromium chromium-driver)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message + "; it is required when CI=true");
                }
                System.err.println("Skipping: " + message);
                return false;
            }
        }
        return true;
    }
}
