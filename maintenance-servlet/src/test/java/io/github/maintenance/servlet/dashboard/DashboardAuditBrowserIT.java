package io.github.maintenance.servlet.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.HeadlessChromium;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's "Recent changes" in a real headless Chromium: changes made with named tokens, from
 * the page and from elsewhere, are listed with their actors and reasons (free text shown as text,
 * never as markup), the list follows new changes live, and "Download CSV" saves the trail fetched
 * with the page's token.
 */
class DashboardAuditBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ALICE = "alice-token-0123456789";
    private static final String BOB = "bob-token-0123456789";
    /** A reason that would create an element if the page wrote it as HTML. */
    private static final String MARKUP = "<img src=x id=injected onerror=\"document.title='pwned'\"> db & cache";

    private final ShiftableClock clock = new ShiftableClock();
    private DashboardFixture fx;
    private HeadlessChromium chromium;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @TempDir
    Path downloads;

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

    /** An action over HTTP with {@code token}. */
    private void act(String token, String json) {
        HttpResponse<String> r = fx.post("/api/dashboard/actions", json, "Authorization", "Bearer " + token,
                "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String reasonJson(String reason) {
        return reason.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void recentChangesShowTheTokenNamesAndReasonsAndTheCsvDownloads() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock),
                DashboardFixture.tokenSettings().token("alice", ALICE).token("bob", BOB).build());
        act(BOB, "{\"action\":\"enter\",\"target\":\"api\",\"reason\":\"" + reasonJson(MARKUP) + "\"}");

        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        chromium = HeadlessChromium.start(options, "1280,1000");
        WebDriver driver = chromium.driver();
        chromium.driver().executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        JavascriptExecutor js = (JavascriptExecutor) driver;

        driver.get(fx.dashboard("/").toString());
        driver.findElement(By.id("token")).sendKeys(ALICE);
        driver.findElement(By.id("token-save")).click();
        By entries = By.cssSelector("#audit li.entry");
        wait.until(ExpectedConditions.numberOfElementsToBe(entries, 1));
        WebElement first = driver.findElement(entries);
        assertThat(first.findElement(By.className("actor")).getText()).isEqualTo("bob");
        assertThat(first.findElement(By.className("source")).getText()).isEqualTo("· dashboard");
        assertThat(first.findElement(By.className("what")).getText()).isEqualTo("enter");
        assertThat(first.findElement(By.className("target")).getText()).isEqualTo("api");
        assertThat(first.findElement(By.className("reason")).getText()).isEqualTo("· “" + MARKUP + "”");
        assertThat(driver.findElements(By.id("injected"))).as("the reason is text, not markup").isEmpty();
        assertThat(driver.findElements(By.cssSelector("#audit img"))).isEmpty();
        assertThat(driver.getTitle()).isEqualTo("Maintenance dashboard");

        // A change from the page, made with alice's token.
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status",
                "healthy"));
        driver.findElement(By.cssSelector("article[data-route='admin'] button[data-action='enter']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enter-dialog")));
        driver.findElement(By.id("enter-confirm")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(entries, 2));
        assertThat(driver.findElement(entries).getText()).contains("alice").contains("enter").contains("admin");

        // Changes made elsewhere arrive through the event stream.
        js.executeScript("window.__sameDocument = 'yes'");
        act(BOB, "{\"action\":\"exit\",\"target\":\"ALL\",\"reason\":\"rollback done\"}");
        wait.until(ExpectedConditions.numberOfElementsToBe(entries, 3));
        List<String> rows = driver.findElements(entries).stream().map(WebElement::getText).toList();
        assertThat(rows.get(0)).contains("bob").contains("· dashboard").contains("exit").contains("ALL")
                .contains("“rollback done”");
        assertThat(rows.get(1)).contains("alice").doesNotContain("“");
        assertThat(rows.get(2)).contains("bob").contains(MARKUP);
        assertThat(js.executeScript("return window.__sameDocument")).as("no reload").isEqualTo("yes");
        assertThat(driver.getPageSource()).doesNotContain(ALICE).doesNotContain(BOB);

        driver.findElement(By.id("audit-csv")).click();
        Path csv = downloads.resolve("maintenance-audit.csv");
        wait.until(d -> Files.exists(csv) && size(csv) > 0);
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Audit trail saved as maintenance-audit.csv."));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("time,instance,source,actor,reason,action");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains(",DASHBOARD,bob,rollback done,exit,ALL,");
        assertThat(lines.get(2)).contains(",DASHBOARD,alice,,enter,admin,");
        assertThat(lines.get(3)).contains(",DASHBOARD,bob,\"<img src=x id=injected onerror=\"\"document.title='pwned'\"\"> "
                + "db & cache\",enter,api,");
    }

    @Test
    void withoutATokenTheListAndTheDownloadAreRefused() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock),
                DashboardFixture.tokenSettings().token("alice", ALICE).build());
        act(ALICE, "{\"action\":\"enter\",\"target\":\"api\",\"reason\":\"secret plans\"}");
        chromium = HeadlessChromium.start(new ChromeOptions(), "1280,1000");
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        driver.get(fx.dashboard("/").toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Enter the dashboard token"));
        driver.findElement(By.id("audit-csv")).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"),
                "Download CSV refused: a token is required: send 'Authorization: Bearer <token>'"));
        assertThat(driver.findElement(By.id("audit")).getText()).doesNotContain("secret plans").doesNotContain("alice");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
