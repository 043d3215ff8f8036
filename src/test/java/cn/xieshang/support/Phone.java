package cn.xieshang.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A resident's phone: the Chinese browser ({@link Browser#chinese()}) as a 390×844 touch screen, and what a test asks
 * of a page there — its text, waiting for a text, and that nothing is wider than the screen.
 */
public final class Phone implements AutoCloseable {

    public static final int WIDTH = 390;

    private final Browser browser = Browser.chinese();
    private final ChromeDriver driver = browser.driver();

    public Phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** What the page says. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public void waitFor(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
    }

    /** Nothing wider than the phone: no sideways scrolling. */
    public void assertFits() {
        Object width = driver.executeScript("return document.documentElement.scrollWidth");
        assertThat(((Number) width).intValue()).isLessThanOrEqualTo(WIDTH);
    }

    public void screenshot(String name) {
        browser.screenshot(name);
    }

    @Override
    public void close() {
        browser.close();
    }
}
