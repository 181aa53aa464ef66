package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.convkit.cli.explorer.ExplorerServer;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The explorer end to end: the real server in-process on a free port, the page in headless
 * Chromium, settings typed into the form, and what the page then shows compared with the engine.
 * Fails (never skips) when Chromium or chromedriver is missing: see {@link HeadlessChromium}.
 */
class ExplorerBrowserIT {
    private static ExplorerServer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws IOException {
        server = ExplorerServer.start(0);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageFollowsTheSettingsWithTheEnginesShapesAndMessages() {
        browser.driver().get(server.url().toString());
        int[] guide = ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, ConvSpec.defaults().withStride(2))
                .userOutputShape();
        awaitShape(guide);
        assertThat(text("summary")).isEqualTo("convolution: 7x7x3 input, 2 filters 3x3x3 -> 3x3x2");
        assertThat(text("formula")).contains("floor(4/2) + 1 = 3");

        type("stride", "1");
        awaitShape(ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, ConvSpec.defaults()).userOutputShape());
        assertThat(text("formula")).contains("floor(4/1) + 1 = 5");

        new Select(browser.driver().findElement(By.id("operation"))).selectByValue("convt");
        type("output_padding", "0");
        awaitShape(ConvProblem.convTranspose(new int[] {3, 7, 7}, new int[] {3, 2, 3, 3}, ConvSpec.defaults())
                .userOutputShape());

        type("stride", "2");
        type("output_padding", "1");
        int[] up = ConvProblem.convTranspose(new int[] {3, 7, 7}, new int[] {3, 2, 3, 3},
                ConvSpec.defaults().withStride(2).withOutputPadding(1)).userOutputShape();
        awaitShape(up);
        assertThat(up).containsExactly(2, 16, 16);

        new Select(browser.driver().findElement(By.id("operation"))).selectByValue("dwsep");
        int[] depthwise = ConvProblem.conv(new int[] {3, 7, 7}, new int[] {3, 1, 3, 3},
                ConvSpec.defaults().withStride(2).withGroups(3)).geometry().output();
        awaitShape(new int[] {2, depthwise[0], depthwise[1]});
        assertThat(browser.driver().findElement(By.id("cost")).isDisplayed()).isTrue();
        assertThat(text("cost-std-w")).isEqualTo("54");
        new Select(browser.driver().findElement(By.id("operation"))).selectByValue("conv");
        type("stride", "1");
        awaitShape(ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 3, 3}, ConvSpec.defaults()).userOutputShape());
        awaitAnimation();
        browser.fitToPage();
        browser.screenshot("explorer");
        type("stride", "2");

        new Select(browser.driver().findElement(By.id("operation"))).selectByValue("conv");
        type("kernel", "9");
        String engine = messageOf(() -> ConvProblem.conv(new int[] {3, 7, 7}, new int[] {2, 3, 9, 9},
                ConvSpec.defaults().withStride(2)));
        browser.waiting().until(ExpectedConditions.textToBe(By.id("error-message"), engine));
        assertThat(browser.driver().findElement(By.id("error")).isDisplayed()).isTrue();
        browser.screenshot("explorer-error");

        type("kernel", "3");
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("error")));
        awaitShape(guide);

        // the 400 answers to the bad kernel are the endpoint's design, logged by Chromium as failed loads
        assertThat(browser.consoleErrors(m -> m.contains("api/explore") && m.contains("400")))
                .as("console errors").isEmpty();
    }

    /** Waits until the page shows an animation, decoded (an SVG image of non-zero size). */
    private static void awaitAnimation() {
        browser.waiting().until(d -> Boolean.TRUE.equals(browser.script("var i = document.getElementById("
                + "'animation-image'); return i !== null && i.complete && i.naturalWidth > 0;")));
    }

    private static void awaitShape(int[] shape) {
        browser.waiting().until(ExpectedConditions.textToBe(By.id("output-shape"), Arrays.toString(shape)));
    }

    private static String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    /** Replaces a field's text as a person would: select all, then type. */
    private static void type(String id, String value) {
        WebElement field = browser.driver().findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("the engine accepted settings the test expects it to refuse");
    }
}
