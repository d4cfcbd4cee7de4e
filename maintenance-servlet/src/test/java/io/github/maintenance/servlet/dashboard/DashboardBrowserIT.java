package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.Target;
import io.github.maintenance.breaker.CircuitBreakerConfig;
import io.github.maintenance.schedule.ScheduledWindow;
import io.github.maintenance.servlet.testing.HeadlessChromium;
import io.github.maintenance.servlet.testing.Http;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.store.FileStateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real headless Chromium (Debian's {@code /usr/bin/chromium} driven
 * through {@code /usr/bin/chromedriver}; both paths given, so Selenium Manager never runs and
 * nothing is downloaded): the user enters the token, puts {@code /admin} into maintenance from the
 * page, the application answers 503 there and the page shows the new state without reloading,
 * changes made elsewhere arrive through the event stream, and the user exits again; then the user
 * schedules a maintenance window from the page's form (local times in the browser's time zone,
 * sent in UTC), sees it listed and cancels it. Screenshots at desktop and phone width go to
 * {@code target/screenshots/}.
 */
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The browser's time zone (west of UTC, with a half-hour offset), so that a wrong conversion shows. */
    private static final ZoneId BROWSER_ZONE = ZoneId.of("America/St_Johns");

    private final ShiftableClock clock = new ShiftableClock();
    private DashboardFixture fx;
    private HeadlessChromium chromium;
    private WebDriver driver;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

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
        chromium.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER_ZONE.getId()));
        chromium.driver().executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", "en-GB"));
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

    /** A window announced for tomorrow, scheduled elsewhere (the registry). */
    private ScheduledWindow announceUpgrade() {
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return fx.controller.schedule(Target.parse("api"), start, start.plus(Duration.ofMinutes(90)),
                MaintenanceRequest.builder().message("Search index upgrade").pageUrl("https://status.example.com/")
                        .build(), Cause.of(Cause.Source.REGISTRY, "deploy-bot"));
    }

    @Test
    void enterAndExitMaintenanceFromThePageWhileTheAppAnswersAndThePageFollowsLive() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).detailedStatistics(true)
                        .circuitBreaker("admin", CircuitBreakerConfig.ofDefaults()),
                DashboardFixture.tokenSettings().build());
        makeHistory();
        ScheduledWindow upgrade = announceUpgrade();
        startBrowser();
        // The page rebuilds a route's card when the route changes: a card found while polling may go stale.
        WebDriverWait wait = waitFor(driver);
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
        By upgradeItem = By.cssSelector("li[data-schedule='" + upgrade.id() + "']");
        assertThat(driver.findElement(upgradeItem).getAttribute("data-phase")).isEqualTo("announced");
        assertThat(driver.findElement(upgradeItem).getText()).containsIgnoringCase("announced")
                .contains("Search index upgrade").contains("page https://status.example.com/")
                .contains("by registry (deploy-bot)");
        assertThat(driver.findElement(By.id("store")).getText()).isEqualTo("store ok");
        assertThat(driver.findElement(By.id("store-line")).getText())
                .isEqualTo("State store: InMemoryStateStore · available · ok");

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

        scheduleAndCancelFromThePage(wait, js, upgrade);
    }

    /** The user schedules a window on /admin for tomorrow 14:30–15:45 in the browser's time zone, then cancels it. */
    private void scheduleAndCancelFromThePage(WebDriverWait wait, JavascriptExecutor js, ScheduledWindow upgrade) {
        assertThat(driver.findElement(By.id("sched-zone")).getText()).isEqualTo(BROWSER_ZONE.getId());
        LocalDateTime localStart = LocalDate.now(BROWSER_ZONE).plusDays(1).atTime(14, 30);
        LocalDateTime localEnd = localStart.plusMinutes(75);
        DateTimeFormatter input = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        // A datetime-local input is typed field by field in a locale-dependent order; set its value as the picker would.
        String setTimes = "arguments[0].value = arguments[1]; arguments[2].value = arguments[3];";
        WebElement target = driver.findElement(By.id("sched-target"));
        WebElement start = driver.findElement(By.id("sched-start"));
        WebElement end = driver.findElement(By.id("sched-end"));

        js.executeScript(setTimes, start, localEnd.format(input), end, localStart.format(input));
        driver.findElement(By.id("sched-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Schedule a window: the end must be after the start."));
        target.clear();
        target.sendKeys("nope");
        js.executeScript(setTimes, start, localStart.format(input), end, localEnd.format(input));
        driver.findElement(By.id("sched-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Schedule a window on nope refused: route not found: nope"));
        assertThat(fx.controller.schedules()).hasSize(1);

        target.clear();
        target.sendKeys("/admin");
        driver.findElement(By.id("sched-message")).sendKeys("Index rebuild");
        driver.findElement(By.id("sched-submit")).click();

        wait.until(d -> fx.controller.schedules().size() == 2);
        ScheduledWindow mine = fx.controller.schedules().stream().filter(w -> !w.id().equals(upgrade.id()))
                .findFirst().orElseThrow();
        assertThat(mine.target()).isEqualTo("/admin");
        assertThat(mine.start()).isEqualTo(localStart.atZone(BROWSER_ZONE).toInstant());
        assertThat(mine.end()).isEqualTo(localEnd.atZone(BROWSER_ZONE).toInstant());
        assertThat(mine.message()).isEqualTo("Index rebuild");
        assertThat(mine.cause().source()).isEqualTo(Cause.Source.DASHBOARD);
        By item = By.cssSelector("li[data-schedule='" + mine.id() + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(item));
        assertThat(driver.findElement(item).getAttribute("data-phase")).isEqualTo("announced");
        assertThat(driver.findElement(item).getText()).contains("/admin").contains("14:30").contains("15:45")
                .contains("1 h 15 min").contains("“Index rebuild”").contains("starts in").contains("by dashboard (");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "schedule created"));
        assertThat(Http.send(Http.request(fx.uri("/admin")).GET()).headers()
                .firstValue("X-Maintenance-Scheduled")).isPresent();

        driver.findElement(By.cssSelector("li[data-schedule='" + mine.id() + "'] button[data-unschedule]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(item, 0));
        assertThat(fx.controller.schedules()).extracting(ScheduledWindow::id).containsExactly(upgrade.id());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "schedule cancelled"));

        fx.controller.cancelSchedule(upgrade.id(), Cause.api("ops"));
        wait.until(ExpectedConditions.textToBe(By.id("schedules"), "No maintenance window scheduled."));
        assertThat(js.executeScript("return window.__sameDocument")).isEqualTo("yes");
    }

    @Test
    void anUnavailableStateStoreIsShownAtOnce(@TempDir Path dir) throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        Path file = dir.resolve("state.properties");
        Files.writeString(file, "not a state file\n");
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).stateStore(FileStateStore.open(file)),
                DashboardFixture.tokenSettings().build());
        startBrowser();
        // The page rebuilds a route's card when the route changes: a card found while polling may go stale.
        WebDriverWait wait = waitFor(driver);

        driver.get(fx.dashboard("/").toString());
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("token-save")).click();

        wait.until(ExpectedConditions.textToBe(By.id("store"), "store unavailable"));
        String line = driver.findElement(By.id("store-line")).getText();
        assertThat(line).startsWith("State store: file " + file.toRealPath() + " · unavailable since ")
                .contains(": the state file " + file.toRealPath() + " is damaged: ")
                .endsWith("This instance serves its last known state; changes made now hold on this instance only "
                        + "until the store is back.");
        assertThat(driver.findElement(By.id("store")).getAttribute("class")).contains("down");
        screenshot("dashboard-store-unavailable.png", 1280);
    }

    @Test
    void aRouteInMaintenanceLongerThanStuckAfterShowsABadge() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock), DashboardFixture.tokenSettings().build());
        clock.shift(Duration.ofHours(-25));
        fx.controller.enter("admin");
        clock.shift(Duration.ZERO);
        fx.controller.enter("api");
        startBrowser();
        WebDriverWait wait = waitFor(driver);

        driver.get(fx.dashboard("/").toString());
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("token-save")).click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-route='admin'] .badge.stuck"),
                "in maintenance for > 24 h"));
        assertThat(driver.findElement(By.cssSelector("[data-route='admin'] .badge.stuck")).getAttribute("title"))
                .startsWith("In maintenance since ").contains("search engines start dropping pages");
        assertThat(driver.findElements(By.cssSelector("[data-route='api'] .badge.stuck"))).isEmpty();
    }

    @Test
    void enterReadOnlyWithASecretThroughTheFormAndSeeTheBadge() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock), DashboardFixture.tokenSettings().build());
        startBrowser();
        WebDriverWait wait = waitFor(driver);
        driver.get(fx.dashboard("/").toString());
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status",
                "healthy"));

        driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='enter']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enter-dialog")));
        assertThat(driver.findElement(By.id("enter-secret")).getAttribute("type")).isEqualTo("password");
        assertThat(driver.findElement(By.id("enter-hold")).isDisplayed()).as("hold time only in hold mode").isFalse();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("enter-mode"))).selectByValue("read-only");
        driver.findElement(By.id("enter-status")).sendKeys("429");
        driver.findElement(By.id("enter-refresh")).sendKeys("30s");
        driver.findElement(By.id("enter-secret")).sendKeys("let-me-in-42");
        driver.findElement(By.id("enter-confirm")).click();

        By badge = By.cssSelector("article[data-route='admin'] .badge[data-mode='read-only']");
        wait.until(ExpectedConditions.presenceOfElementLocated(badge));
        assertThat(fx.controller.status("admin").maintenanceMode())
                .isEqualTo(io.github.maintenance.state.MaintenanceMode.READ_ONLY);
        assertThat(fx.controller.status("admin").maintenanceOptions().status()).isEqualTo(429);
        assertThat(fx.controller.status("admin").maintenanceOptions().isBypassSecret("let-me-in-42")).isTrue();
        assertThat(fx.appStatus("/admin")).isEqualTo(200);
        assertThat(Http.post(fx.uri("/admin"), "x").statusCode()).isEqualTo(429);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article[data-route='admin']"),
                "Read-only rejected 1"));
        String card = driver.findElement(By.cssSelector("article[data-route='admin']")).getText();
        assertThat(card).containsIgnoringCase("read-only").contains("status 429").contains("refresh 30 s")
                .contains("bypass secret set");
        assertThat(driver.getPageSource()).doesNotContain("let-me-in-42");

        driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='enter']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enter-dialog")));
        assertThat(driver.findElement(By.id("enter-secret")).getAttribute("value")).as("never echoed back").isEmpty();
        assertThat(driver.findElement(By.id("enter-mode")).getAttribute("value")).isEqualTo("full");
        driver.findElement(By.id("enter-cancel")).click();
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

    private static WebDriverWait waitFor(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
