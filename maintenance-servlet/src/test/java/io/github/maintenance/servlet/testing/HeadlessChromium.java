package io.github.maintenance.servlet.testing;

import io.github.maintenance.testing.ExternalProgram;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its own chromedriver with a fresh profile directory
 * that {@link #close()} deletes. The browser and the driver are given by path, so Selenium Manager
 * never runs and nothing is downloaded; the flags keep Chromium off the network.
 *
 * <pre>{@code
 * if (!HeadlessChromium.available()) {
 *     return;                                   // fails instead under CI=true
 * }
 * try (HeadlessChromium chromium = HeadlessChromium.start(new ChromeOptions(), "1280,800")) {
 *     chromium.driver().get(url);
 *     chromium.screenshot(Path.of("target/screenshots/page.png"));
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Debian's {@code chromium} package. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's {@code chromium-driver} package. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Whether Chromium and its driver are installed; under {@code CI=true} a missing one fails the
     * test (see {@link ExternalProgram#present}).
     */
    public static boolean available() {
        return ExternalProgram.present("Chromium and its driver", "apt-get install chromium chromium-driver",
                CHROMIUM, CHROMEDRIVER);
    }

    /**
     * Starts a browser with {@code options} (experimental options and preferences the test set
     * are kept) and a window of {@code windowSize} ({@code "1280,800"}).
     */
    public static HeadlessChromium start(ChromeOptions options, String windowSize) throws IOException {
        Path profile = Files.createTempDirectory("maintenance-chromium-");
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + windowSize, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a screenshot of the window as {@code target} (its directory is created). */
    public Path screenshot(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Quits the browser and its driver, then deletes the profile directory. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + dir, e);
        }
    }
}
