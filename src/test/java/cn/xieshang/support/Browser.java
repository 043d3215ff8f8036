package cn.xieshang.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Selenium, set to a person's language: the languages it asks pages for
 * ({@code navigator.languages}, which Camunda's webapps choose their locale by) and the locale it formats dates in
 * ({@code Intl}, which form-js's date fields follow). {@code --lang} alone does not do it on Debian, whose Chromium
 * knows only en-US without the {@code chromium-l10n} package. The Chinese one also lives in China's time zone.
 * Needs {@code chromium} and {@code chromium-driver}.
 */
public final class Browser implements AutoCloseable {

    public static final String NOT_INSTALLED = "chromium not installed: apt-get install chromium chromium-driver";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** Selenium 4.31 has no CDP binding for Chromium 156 and says so at every start; nothing here needs one. */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A browser in China whose person reads Chinese: zh-CN first, then zh. */
    public static Browser chinese() {
        return start("zh-CN", "zh-CN,zh", "Asia/Shanghai");
    }

    /** A browser whose person reads English. */
    public static Browser english() {
        return start("en-US", "en-US,en", null);
    }

    private static Browser start(String locale, String acceptLanguages, String timeZone) {
        // the driver and the browser are given: Selenium Manager has nothing to look up or download
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_STATS", "true");
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        try {
            Path profile = Files.createTempDirectory("chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--window-size=1400,1000", "--lang=" + locale);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguages));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", locale));
            if (timeZone != null) {
                driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", timeZone));
            }
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A PNG of what the browser shows, for a person to look at: {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    /**
     * Signs in through a Camunda webapp's login form at {@code page}; a sign-in the loaded page swallowed (a busy
     * machine) is tried again, twice at most. Returns once the account menu shows.
     */
    public static void signIn(org.openqa.selenium.WebDriver driver, String page, String user, String password) {
        org.openqa.selenium.By form = org.openqa.selenium.By.cssSelector("form[name=signinForm] input[ng-model=username]");
        org.openqa.selenium.By account = org.openqa.selenium.By.cssSelector("li.account a.dropdown-toggle");
        java.time.Duration wait = java.time.Duration.ofSeconds(30);
        for (int attempt = 1; ; attempt++) {
            driver.manage().deleteAllCookies();
            driver.get(page);
            org.openqa.selenium.WebElement name = new org.openqa.selenium.support.ui.WebDriverWait(driver, wait)
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(form));
            name.clear();
            name.sendKeys(user);
            org.openqa.selenium.WebElement secret = driver.findElement(
                    org.openqa.selenium.By.cssSelector("form[name=signinForm] input[ng-model=password]"));
            secret.clear();
            secret.sendKeys(password);
            driver.findElement(org.openqa.selenium.By.cssSelector("form[name=signinForm] button[type=submit]")).click();
            try {
                new org.openqa.selenium.support.ui.WebDriverWait(driver, wait)
                        .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(account));
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
