package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convkit.cli.tour.Tour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The tour as a person sees it: written by the real command, opened from disk in headless
 * Chromium (no server: it must work offline), every section shown, every picture loaded, no
 * console errors. The screenshot is kept as {@code target/browser/tour.png}.
 */
class TourBrowserIT {
    @TempDir
    Path tmp;

    @Test
    void theTourOpensOfflineWithEveryPictureLoaded() throws IOException {
        Path dir = tmp.resolve("tour");
        CliRun.ok("tour", "--output", dir.toString());
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.driver().get(dir.resolve("index.html").toUri().toString());
            // lazy loading is off, but images still decode asynchronously: wait until all are complete
            browser.waiting().until(d -> (Boolean) browser.script(
                    "return Array.from(document.images).every(i => i.complete);"));
            List<WebElement> sections = browser.driver().findElements(By.cssSelector("main > section"));
            assertThat(sections.stream().map(s -> s.getAttribute("id")).toList()).isEqualTo(Tour.SECTION_IDS);
            assertThat(sections).allSatisfy(s -> assertThat(s.isDisplayed()).isTrue());
            @SuppressWarnings("unchecked")
            List<String> broken = (List<String>) browser.script(
                    "return Array.from(document.images).filter(i => i.naturalWidth === 0)"
                            + ".map(i => i.getAttribute('src'));");
            assertThat(broken).as("pictures that did not load").isEmpty();
            Number images = (Number) browser.script("return document.images.length;");
            assertThat(images.intValue()).isEqualTo(countFiles(dir, "img") + countFiles(dir, "anim")
                    + countFiles(dir, "charts"));
            assertThat(browser.consoleErrors(m -> false)).as("console errors").isEmpty();
            browser.fitToPage();
            browser.screenshot("tour");
        }
    }

    private static int countFiles(Path dir, String sub) throws IOException {
        try (var s = Files.list(dir.resolve(sub))) {
            return (int) s.count();
        }
    }
}
