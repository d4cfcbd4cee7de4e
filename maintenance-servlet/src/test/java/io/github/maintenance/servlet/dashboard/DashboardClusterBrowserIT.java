package io.github.maintenance.servlet.dashboard;

import static io.github.maintenance.servlet.dashboard.DashboardFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.cluster.InstanceReport;
import io.github.maintenance.servlet.testing.HeadlessChromium;
import io.github.maintenance.servlet.testing.JettyServerExtension;
import io.github.maintenance.stats.Totals;
import io.github.maintenance.store.FileStateStore;
import io.github.maintenance.store.InMemoryStateStore;
import io.github.maintenance.testing.Awaits;
import io.github.maintenance.testing.MutableClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's cluster panel in a real headless Chromium: three controllers share one in-memory
 * store; the panel lists them, marks this instance, shows the cluster's totals next to this
 * instance's, and badges an instance that lags (its report, published straight to the store, still
 * names the old state version a heartbeat after the change) until it reports the current version.
 * Without cluster reports (a file store) the panel stays hidden; reports that cannot be read are
 * said so.
 */
class DashboardClusterBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Longer than any test: the heartbeats after the first are never due, the test publishes by hand. */
    private static final Duration HEARTBEAT = Duration.ofMinutes(10);

    private final MutableClock clock = MutableClock.atDefault();
    private final List<MaintenanceController> peers = new ArrayList<>();
    private DashboardFixture fx;
    private HeadlessChromium chromium;

    @RegisterExtension
    final JettyServerExtension jetty = JettyServerExtension.onDemand();

    @AfterEach
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            peers.forEach(MaintenanceController::close);
            if (fx != null) {
                fx.close();
            }
        }
    }

    private WebDriver openDashboard() throws Exception {
        chromium = HeadlessChromium.start(new ChromeOptions(), "1280,1000");
        WebDriver driver = chromium.driver();
        driver.get(fx.dashboard("/").toString());
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("token-save")).click();
        return driver;
    }

    private static InstanceReport report(String name, Instant at, long version) {
        return new InstanceReport(name, at, Instant.parse("2026-01-01T00:00:00Z"), version, true,
                new Totals(3, 1, 0, 0, 4, 0, 0, 0, 0, 0, 4, 0));
    }

    @Test
    void thePanelListsTheInstancesAndBadgesTheOneThatLags() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        InMemoryStateStore shared = new InMemoryStateStore();
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock).instanceName("web-1").stateStore(shared)
                .clusterHeartbeat(HEARTBEAT), DashboardFixture.tokenSettings().build());
        for (String name : List.of("web-2", "web-3")) {
            peers.add(MaintenanceController.create(DashboardFixture.config(clock).instanceName(name)
                    .stateStore(shared).clusterHeartbeat(HEARTBEAT).build()));
        }
        fx.controller.enter("admin");
        long version = fx.controller.snapshot().version();
        Awaits.await().until(() -> peers.stream().allMatch(p -> p.snapshot().version() == version));
        assertThat(fx.getAuthorized("/api/dashboard/cluster").statusCode()).isEqualTo(200); // the change is known now
        clock.advance(HEARTBEAT);
        shared.publishInstance(report("web-3", clock.instant(), 0), HEARTBEAT.multipliedBy(3));

        WebDriver driver = openDashboard();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#cluster-instances li"), 3));
        assertThat(driver.findElement(By.id("cluster")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("cluster-line")).getText())
                .isEqualTo("3 live instances · cluster state version " + version + " · 1 lagging");
        By lagging = By.cssSelector("#cluster-instances li[data-instance='web-3'] .badge.lagging");
        assertThat(driver.findElement(lagging).getText()).isEqualTo("lagging");
        assertThat(driver.findElement(lagging).getAttribute("title"))
                .isEqualTo("Serves state version 0; the cluster is at " + version);
        assertThat(driver.findElements(By.cssSelector(".badge.lagging"))).hasSize(1);
        String self = driver.findElement(By.cssSelector("#cluster-instances li[data-instance='web-1']")).getText();
        assertThat(self).as("its last report, published at start").contains("web-1 (this instance)")
                .contains("heartbeat 10 min").contains("version 0").contains("store ok");
        assertThat(driver.findElement(By.cssSelector("#cluster-instances li[data-instance='web-3']")).getText())
                .containsPattern("heartbeat \\d+ s ago").contains("version 0");
        assertThat(driver.findElement(By.cssSelector("#cluster-totals tr[data-total='in_maintenance'] .cluster"))
                .getText()).as("web-3's report counts 1, the others were published before the change").isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#cluster-totals tr[data-total='in_maintenance'] .local"))
                .getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#cluster-totals tr[data-total='maintenance_hits'] .cluster"))
                .getText()).isEqualTo("4");
        Path shot = chromium.screenshot(Path.of("target", "screenshots", "dashboard-cluster.png"));
        assertThat(Files.size(shot)).isPositive();

        shared.publishInstance(report("web-3", clock.instant(), version), HEARTBEAT.multipliedBy(3));
        wait.until(ExpectedConditions.numberOfElementsToBe(lagging, 0)); // the page reads the cluster every 5 s
        assertThat(driver.findElement(By.id("cluster-line")).getText())
                .isEqualTo("3 live instances · cluster state version " + version);
    }

    @Test
    void thePanelStaysHiddenWhenTheStoreKeepsNoClusterReports(@TempDir Path dir) throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty, DashboardFixture.config(clock)
                .stateStore(FileStateStore.open(dir.resolve("state.properties"))), DashboardFixture.tokenSettings().build());

        WebDriver driver = openDashboard();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);

        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("article[data-route='admin']"), "data-status",
                "healthy"));
        assertThat(driver.findElement(By.id("cluster")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("#cluster-instances li"))).isEmpty();
    }

    @Test
    void thePanelSaysWhenTheClusterReportsCannotBeRead() throws Exception {
        if (!HeadlessChromium.available()) {
            return;
        }
        fx = DashboardFixture.start(jetty,
                DashboardFixture.config(clock).stateStore(new DashboardClusterIT.UnreadableReports()),
                DashboardFixture.tokenSettings().build());

        WebDriver driver = openDashboard();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cluster")));
        assertThat(driver.findElement(By.id("cluster-line")).getText()).isEqualTo("The cluster reports cannot be read: "
                + "the cluster reports cannot be read from the state store (UnreadableReports)");
        assertThat(driver.findElement(By.id("cluster-line")).getAttribute("class")).contains("down");
        assertThat(driver.findElements(By.cssSelector("#cluster-instances li"))).isEmpty();
    }
}
