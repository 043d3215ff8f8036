package cn.xieshang.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Tasklist in headless Chromium ({@link Browser#chinese()}), as a person uses it: log in, open a task, fill its
 * form-js form, complete it. Fields are found by their form-js id ({@code fjs-form-<instance>-<field id>}). Needs the
 * Debian packages {@code chromium} and {@code chromium-driver}; tests use {@link #installed()} to skip without them.
 */
public final class TasklistBrowser implements AutoCloseable {

    public static final String NOT_INSTALLED = "chromium not installed: apt-get install chromium chromium-driver";
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Browser browser;
    private final WebDriver driver;
    private final String tasklist;

    private TasklistBrowser(Browser browser, int port) {
        this.browser = browser;
        this.driver = browser.driver();
        this.tasklist = "http://localhost:" + port + "/camunda/app/tasklist/";
    }

    public static boolean installed() {
        return Browser.installed();
    }

    /** Tasklist in a Chinese browser in China ({@link Browser#chinese()}). */
    public static TasklistBrowser start(int port) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        return new TasklistBrowser(Browser.chinese(), port);
    }

    @Override
    public void close() {
        browser.close();
    }

    public WebDriver driver() {
        return driver;
    }

    /** Logs in through the form; a sign-in the loaded page swallowed (a busy machine) is tried again, twice at most. */
    public void logIn(String user, String password) {
        Browser.signIn(driver, tasklist, user, password);
        waitFor(By.cssSelector(".task-filter"));
    }

    /** The filter of that name, then the task in its list (directly by its link if it is not on the first page). */
    public void openFromFilter(String filter, String taskId) {
        click(By.xpath("//div[contains(@class,'task-filter')]//a[contains(normalize-space(.),'" + filter + "')]"));
        waitFor(By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]"
                + "//a[contains(normalize-space(.),'" + filter + "')]"));
        waitFor(By.cssSelector("ol.tasks-list li.task"));
        By link = By.cssSelector("ol.tasks-list a[href='#/?task=" + taskId + "']");
        if (driver.findElements(link).isEmpty()) {
            // not on the list's first page: its link within the filter (a bare task link would switch Tasklist to
            // the first filter, and a task not in that list is dropped when it is claimed)
            String filtered = driver.getCurrentUrl();
            driver.get(filtered + (filtered.contains("?") ? "&" : "?") + "task=" + taskId);
        } else {
            click(link);
        }
        waitFor(By.cssSelector(".task-details .fjs-container"));
    }

    public void claim() {
        click(By.cssSelector(".task-details button.claim"));
        waitFor(By.cssSelector(".task-details .form-actions button[ng-click='complete()']"));
    }

    public WebElement completeButton() {
        return waitFor(By.cssSelector(".task-details .form-actions button[ng-click='complete()']"));
    }

    public void complete() {
        click(By.cssSelector(".task-details .form-actions button[ng-click='complete()']"));
    }

    /** The error Tasklist shows after a refused completion. */
    public String notification() {
        return waitFor(By.cssSelector(".page-notifications .alert-danger")).getText();
    }

    /** A form-js field by its id in the form ({@code Field_title}). */
    public static By field(String id) {
        return By.cssSelector(".fjs-container [id$='-" + id + "']");
    }

    public List<WebElement> fields(String id) {
        return driver.findElements(field(id));
    }

    /**
     * Types into a form-js text or number field, replacing what it held, and leaves it. form-js takes typed text after
     * a pause or when the field loses focus; text typed while another field's value arrives (a number field sends
     * its value again a moment after it is left) is replaced by what form-js knew, so it is typed again.
     */
    public void type(String id, String text) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            // found again each time: a re-render may have replaced the element
            WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(field(id)));
            scrollTo(input);
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            input.sendKeys(text);
            leave(input);
            if (keeps(id, text)) {
                return;
            }
        }
        throw new IllegalStateException("form-js field " + id + " does not keep \"" + text + "\"");
    }

    /** Whether the field still holds the text once form-js's late updates (a busy machine: a second or so) are in. */
    private boolean keeps(String id, String text) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(2)).pollingEvery(Duration.ofMillis(200)).ignoring(
                    org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        String now = d.findElement(field(id)).getDomProperty("value");
                        return text.equals(now) ? now : null;
                    });
            // and it stays: a value replaced just after the check would be lost at Complete
            Thread.sleep(300);
            return text.equals(driver.findElement(field(id)).getDomProperty("value"));
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes the focus from a field, as clicking elsewhere would; form-js then takes its value. */
    private void leave(WebElement input) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].blur();", input);
    }

    public void number(String id, long value) {
        type(id, String.valueOf(value));
    }

    /** A form-js date field: typed in the format its placeholder shows, then confirmed with Enter. */
    public void date(String id, LocalDate date) {
        WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(field(id)));
        scrollTo(input);
        String format = input.getAttribute("placeholder").toLowerCase();
        String text = format.replace("yyyy", String.format("%04d", date.getYear()))
                .replace("mm", String.format("%02d", date.getMonthValue()))
                .replace("dd", String.format("%02d", date.getDayOfMonth()));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text, Keys.ENTER);
        leave(input);
    }

    /** A form-js select: its display opens a drop-down list of the options' labels. */
    public void choose(String id, String label) {
        By display = By.cssSelector(".fjs-container [id$='-" + id + "-display']");
        click(display);
        // one drop-down is open at a time
        click(By.xpath("//div[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)='" + label + "']"));
        waitUntil(() -> driver.findElement(display).getText().equals(label));
    }

    /** A form-js checklist or radio option, by its label. */
    public void tick(String id, String label) {
        click(By.xpath("//label[normalize-space(.)='" + label + "']/input[contains(@id,'-" + id + "-')]"));
    }

    /** Clicks an element once it can be clicked, scrolled to the middle (Tasklist's footer covers the bottom). */
    public void click(By locator) {
        WebElement element = waiting().until(ExpectedConditions.elementToBeClickable(locator));
        scrollTo(element);
        element.click();
    }

    public void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    public WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void waitUntil(Supplier<Boolean> condition) {
        waiting().until(d -> condition.get());
    }

    public WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    public void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps what the browser showed when a test failed: a screenshot and the page's HTML. */
    public void keepEvidence(String name) {
        try {
            screenshot(name);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            // best effort
        }
    }
}
