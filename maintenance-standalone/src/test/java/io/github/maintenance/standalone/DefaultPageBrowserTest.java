package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.servlet.testing.HeadlessChromium;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in page (the renderer the filter uses, served by the standalone server) in a real
 * headless Chromium, at desktop and phone widths. Screenshots go to
 * {@code target/screenshots/}.
 */
class DefaultPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static StandaloneServer server;
    private HeadlessChromium chromium;
    private ChromeDriver driver;

    @BeforeAll
    static void startServer() throws Exception {
        Instant until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        server = StandaloneServer.start(StandaloneConfig.parse(Map.of(), new String[] {"--host", "127.0.0.1",
            "--port", "0", "--messages", "Step two: upgrading the database|Step three: warming the caches",
            "--rotate-interval", "1s", "--until", until.toString()}, DefaultPageBrowserTest.class.getClassLoader()));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void open(ChromeOptions options, String size) throws IOException {
        chromium = HeadlessChromium.start(options, size);
        driver = chromium.driver();
        driver.get("http://127.0.0.1:" + server.port() + "/some/page");
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private long number(String script) {
        return ((Number) js(script)).longValue();
    }

    private void screenshot(String name) throws IOException {
        Path target = chromium.screenshot(SCREENSHOTS.resolve(name));
        assertThat(Files.size(target)).as("screenshot " + target).isGreaterThan(1000);
    }

    private void assertNoHorizontalOverflow() {
        long viewport = number("return document.documentElement.clientWidth;");
        assertThat(number("return document.documentElement.scrollWidth;")).as("page width").isLessThanOrEqualTo(viewport);
        Map<?, ?> box = (Map<?, ?>) js("var r = document.querySelector('main').getBoundingClientRect();"
                + " return {left: r.left, right: r.right};");
        assertThat(((Number) box.get("left")).doubleValue()).as("card left edge").isGreaterThanOrEqualTo(0);
        assertThat(((Number) box.get("right")).doubleValue()).as("card right edge").isLessThanOrEqualTo(viewport);
    }

    private void assertSpinnerSpins() {
        WebElement spinner = driver.findElement(By.cssSelector(".spinner"));
        assertThat(spinner.isDisplayed()).isTrue();
        assertThat(spinner.getSize()).isEqualTo(new Dimension(48, 48));
        assertThat(spinner.getCssValue("animation-name")).isEqualTo("spin");
        assertThat(spinner.getAttribute("role")).isEqualTo("img");
    }

    @Test
    void atDesktopWidthThePageShowsTitleMessageEndSpinnerAndALiveClock() throws IOException {
        if (!HeadlessChromium.available()) {
            return;
        }
        open(new ChromeOptions(), "1280,800");

        assertThat(driver.getTitle()).isEqualTo("Down for maintenance");
        WebElement h1 = driver.findElement(By.tagName("h1"));
        assertThat(h1.isDisplayed()).isTrue();
        assertThat(h1.getText()).isEqualTo("Down for maintenance");
        WebElement message = driver.findElement(By.id("message"));
        assertThat(message.isDisplayed()).isTrue();
        assertThat(message.getText()).isIn(List.of(
                "We are performing scheduled maintenance. We will be back shortly.",
                "Step two: upgrading the database", "Step three: warming the caches"));
        assertThat(driver.findElement(By.id("until")).getText()).as("the end, localised by the script")
                .isNotBlank().doesNotContain("UTC").doesNotContain("not announced");
        String rendered = driver.findElement(By.id("now")).getText();
        assertThat(rendered).as("the script replaced the render time").doesNotEndWith(" UTC");
        assertSpinnerSpins();
        assertNoHorizontalOverflow();
        Map<?, ?> card = (Map<?, ?>) js("var r = document.querySelector('main').getBoundingClientRect();"
                + " return {left: r.left, right: r.right, width: r.width};");
        double left = ((Number) card.get("left")).doubleValue();
        double right = number("return document.documentElement.clientWidth;") - ((Number) card.get("right")).doubleValue();
        assertThat(Math.abs(left - right)).as("the card is centred").isLessThan(2.0);
        assertThat(((Number) card.get("width")).doubleValue()).as("36rem at most").isLessThanOrEqualTo(576.5);
        screenshot("page-desktop.png");
    }

    @Test
    void atPhoneWidthInGermanThePageFitsAndRotatesItsMessages() throws IOException {
        if (!HeadlessChromium.available()) {
            return;
        }
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("mobileEmulation",
                Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 2.0)));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "de-DE,de"));
        open(options, "390,844");

        assertThat(number("return window.innerWidth;")).as("phone viewport").isLessThanOrEqualTo(480);
        assertThat(js("return document.documentElement.lang;")).isEqualTo("de");
        assertThat(driver.getTitle()).isEqualTo("Wartungsarbeiten");
        WebElement h1 = driver.findElement(By.tagName("h1"));
        assertThat(h1.isDisplayed()).isTrue();
        assertThat(h1.getCssValue("font-size")).as("the phone layout applies").isEqualTo("21.6px");
        assertThat(driver.findElement(By.cssSelector(".meta")).getText()).contains("Voraussichtlich zurück:")
                .contains("Aktuelle Uhrzeit:");
        assertSpinnerSpins();
        assertNoHorizontalOverflow();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("message"),
                "Step two: upgrading the database"));
        assertNoHorizontalOverflow();
        screenshot("page-phone.png");
    }
}
