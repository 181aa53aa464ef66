package org.convkit.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both are found on this
 * machine (never downloaded: Selenium Manager is not consulted, since the driver and the browser
 * are both given), and their absence fails the test with the command that installs them, so a
 * browser test can never pass by not running.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    /** Screenshots land here, where CI keeps them as artifacts. */
    static final Path SHOTS = Path.of("target", "browser");

    /**
     * Selenium looks for DevTools bindings matching the browser's version and warns when it has
     * none; these tests use WebDriver only, so the warning is noise. Held here so the level sticks.
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium"));

    static {
        QUIET.forEach(l -> l.setLevel(Level.SEVERE));
    }

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static HeadlessChromium start() {
        Path chromedriver = find("webdriver.chrome.driver", "chromedriver");
        Path chromium = find("convkit.chromium", "chromium");
        // the driver's own property too, so that nothing in Selenium goes looking for another one
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars");
        // the console's messages, read back by consoleErrors()
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    /** Runs {@code js} in the page and returns what it returns. */
    Object script(String js) {
        return driver.executeScript(js);
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Saves what the browser shows as {@code target/browser/<name>.png} and returns the path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path to = SHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages at error level since the last call, except those {@code expected} accepts. */
    List<String> consoleErrors(Predicate<String> expected) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(expected.negate())
                .toList();
    }

    /**
     * Grows the window until the whole page fits in it, so that the next screenshot shows all of
     * it (WebDriver's screenshot is of the viewport only); capped at 16000 pixels.
     */
    void fitToPage() {
        for (int i = 0; i < 3; i++) {
            Number page = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
            Number view = (Number) driver.executeScript("return window.innerHeight;");
            if (page.intValue() <= view.intValue()) {
                return;
            }
            org.openqa.selenium.Dimension w = driver.manage().window().getSize();
            int height = Math.min(16000, w.getHeight() + page.intValue() - view.intValue());
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(w.getWidth(), height));
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** {@code property}'s value if set, else {@code name} on the PATH; fails naming the install command. */
    static Path find(String property, String name) {
        String given = System.getProperty(property);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("the browser tests need " + name + " (Debian's chromium and chromium-driver) and it is "
                + "not on the PATH" + (given != null ? " nor at " + property + "=" + given : "") + "; install them with: "
                + INSTALL + " (.ci/run does this)");
    }
}
