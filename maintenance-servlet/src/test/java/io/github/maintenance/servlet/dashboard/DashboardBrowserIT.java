package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.servlet.testing.HeadlessChromium;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real headless Chromium (Debian's {@code /usr/bin/chromium} driven
 * through {@code /usr/bin/chromedriver}; both paths given, so Selenium Manager never runs and
 * nothing is downloaded): the user enters the token, puts {@code /admin} into maintenance from the
 * page, the application answers 503 there and the page shows the new state without reloading,
 * changes made elsewhere arrive through the event stream, and the user exits again. Screenshots at
 * desktop and phone width go to {@code target/screenshots/}.
 */
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ShiftableClock clock = new ShiftableClock();
    private DashboardFixture fx;
    private HeadlessChromium chromium;
    private WebDriver driver;

    @AfterEach
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (fx != null) {
                fx.close();
            }
        }
    }

    private void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(new ChromeOptions(), "1280,1000");
        driver = chromium.driver();
    }

    /** A little history and traffic, so that the page has something to show. */
    private void makeHistory() {
        clock.shift(Duration.ofHours(-5));
        fx.controller.enter("ALL");
        clock.shift(Duration.ofHours(-5).plusMinutes(25));
        fx.controller.exit("ALL");
        clock.shift(Duration.ofHours(-2));
        fx.controller.enter(Target.parse("api"), MaintenanceRequest.builder().message("Reindexing").build(),
                Cause.api("deploy"));
        clock.shift(Duration.ofHours(-2).plusMinutes(40));
        fx.controller.exit("api");
        clock.shift(Duration.ZERO);
        for (int i = 0; i < 5; i++) {
            fx.appStatus("/admin/users");
            fx.appStatus("/");
        }
        fx.appStatus("/admin/fail");
    }

    @Test
    void enterAndExitMaintenanceFromThePageWhileTheAppAnswersAndThePageFollowsLive() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(DashboardFixture.config(clock).detailedStatistics(true)
                        .circuitBreaker("admin", CircuitBreakerConfig.ofDefaults()),
                DashboardFixture.tokenSettings().build());
        makeHistory();
        startBrowser();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;

        driver.get(fx.dashboard("/").toString());
        assertThat(driver.getTitle()).isEqualTo("Maintenance dashboard");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Enter the dashboard token"));
        assertThat(driver.findElements(By.cssSelector("[data-route='admin']"))).isEmpty();

        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status",
                "healthy"));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        assertThat((String) js.executeScript("return sessionStorage.getItem('maintenance-dashboard-token')")).isEqualTo(TOKEN);
        assertThat(driver.getCurrentUrl()).doesNotContain(TOKEN);
        js.executeScript("window.__sameDocument = 'yes'");

        driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='enter']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enter-dialog")));
        driver.findElement(By.id("enter-message")).sendKeys("Back at noon");
        driver.findElement(By.id("enter-confirm")).click();

        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status",
                "maintenance"));
        assertThat(fx.appStatus("/admin")).isEqualTo(503);
        assertThat(fx.appStatus("/")).isEqualTo(200);
        assertThat(fx.controller.snapshot().state("admin").maintenance().cause().source())
                .isEqualTo(Cause.Source.DASHBOARD);
        assertThat(driver.findElement(By.cssSelector("article[data-route='admin']")).getText()).contains("Back at noon")
                .contains("In maintenance since");
        assertThat(js.executeScript("return window.__sameDocument")).as("no reload").isEqualTo("yes");

        fx.controller.startDrain("api", Duration.ofMinutes(10));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='api']"), "data-status", "draining"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "drain started"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article[data-route='api'] .remaining"),
                "left"));
        assertThat(js.executeScript("return window.__sameDocument")).isEqualTo("yes");
        screenshot("dashboard-desktop.png", 1280);
        screenshot("dashboard-phone.png", 390);
        assertThat((Boolean) js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no horizontal scrolling at phone width").isTrue();
        driver.manage().window().setSize(new Dimension(1280, 1000));

        driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='exit']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status", "healthy"));
        assertThat(fx.appStatus("/admin")).isEqualTo(200);
        assertThat(driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='exit']")).isEnabled())
                .isFalse();
        assertThat(js.executeScript("return window.__sameDocument")).isEqualTo("yes");
    }

    /** Resizes the window to {@code width} and a height that fits the whole page, and saves a screenshot. */
    private void screenshot(String name, int width) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.manage().window().setSize(new Dimension(width, 1000));
        new WebDriverWait(driver, WAIT).until(d -> ((Number) js.executeScript("return window.innerWidth")).intValue() <= width);
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 4000)));
        new WebDriverWait(driver, WAIT).until(d -> ((Number) js.executeScript(
                "return document.getElementById('chart').viewBox.baseVal.width")).intValue() < width - 20);
        Path shot = chromium.screenshot(Path.of("target", "screenshots", name));
        assertThat(Files.size(shot)).isPositive();
    }
}
