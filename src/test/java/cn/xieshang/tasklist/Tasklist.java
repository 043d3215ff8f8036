package cn.xieshang.tasklist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.task.Task;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Tasklist as a person uses it, in one browser: log in, pick a filter, find a case's task card, open it,
 * claim it, fill its Camunda Form (form-js) field by field, complete it; start a process with its start form. Every
 * screen a walk passes is checked ({@link #screen}) and kept as a screenshot.
 *
 * <p>Form fields are named as in the form-js DOM id {@code fjs-form-<form>-Field_<name>}: the field's key for every
 * form here (the forms' ids are {@code Field_<key>}), {@code item1_issue} for the issue of the meeting's first item.
 */
final class Tasklist {

    static final String MY_TASKS = "我的待办";
    static final String GROUP_TASKS = "本组待办";

    static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String GUIDE_SCREENSHOTS = System.getProperty("xieshang.guide.screenshots", "");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "demo";

    /** ASCII words a Chinese screen may show: ids, case numbers, the time zone, form-js' date placeholder. */
    private static final Pattern ALLOWED = Pattern.compile(String.join("|",
            "\\b[A-Z]{2}-\\d{8}-[A-Z0-9]{6}\\b", // case numbers YT-20261202-ABC234
            "\\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\\b", // user, group, tenant and decision ids: ljy3-resident, laojunying-3
            "\\b(?:demo|admin|district)\\b", // the demo users without a hyphen
            "\\bPDF\\b",
            "\\b[A-Za-z]+/[A-Za-z_]+\\b(?=\\s*$|\\s)", // the time zone in the footer: Asia/Shanghai
            "\\b(?:yyyy|mm|dd)[/.-](?:yyyy|mm|dd)[/.-](?:yyyy|mm|dd)\\b", // form-js' date placeholder
            "Camunda Platform")); // the footer's credit: a name, not chrome to translate
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");

    private final WebDriver driver;
    private final String base;
    private String user;
    /** What was typed into the open form, by field, until it is submitted. */
    private final Map<String, String> typed = new LinkedHashMap<>();
    private Path folder = SCREENSHOTS;
    private String process = "";
    private int screens;
    private boolean loginShown;

    Tasklist(WebDriver driver, int port) {
        this.driver = driver;
        this.base = "http://localhost:" + port + "/camunda/app/tasklist/";
    }

    /** Screens from now on are numbered from 01 and kept under target/screenshots/{process}/. */
    void walk(String process) {
        this.process = process;
        this.folder = SCREENSHOTS.resolve(process);
        this.screens = 0;
        this.loginShown = false;
        // an earlier run's screens of this walk would mix with this run's
        forget(folder);
        if (!GUIDE_SCREENSHOTS.isBlank()) {
            forget(Path.of(GUIDE_SCREENSHOTS).resolve(process));
        }
    }

    private static void forget(Path screens) {
        if (!Files.isDirectory(screens)) {
            return;
        }
        try (var pngs = Files.list(screens)) {
            for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- session

    /**
     * Logs in through the form, unless this user is still logged in: whoever is logged in logs out through the menu
     * first, as people sharing a computer do. A sign-in a busy machine swallowed is tried again.
     */
    void logIn(String name) {
        boolean loggedIn = !driver.findElements(By.cssSelector("li.account a.dropdown-toggle")).isEmpty();
        if (name.equals(user) && loggedIn) {
            home();
            return;
        }
        if (loggedIn) {
            try {
                logOut();
            } catch (TimeoutException | StaleElementReferenceException e) {
                // a busy machine: the page is loaded afresh below
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt > 1 || driver.findElements(By.cssSelector("form[name=signinForm]")).isEmpty()) {
                    driver.manage().deleteAllCookies();
                    driver.get(base);
                }
                WebElement field = waitFor(By.cssSelector("form[name=signinForm] input[ng-model=username]"));
                if (attempt == 1) {
                    loginPage(name);
                }
                field.clear();
                field.sendKeys(name);
                WebElement password = driver.findElement(
                        By.cssSelector("form[name=signinForm] input[ng-model=password]"));
                password.clear();
                password.sendKeys(PASSWORD);
                driver.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
                waitFor(By.cssSelector("li.account a.dropdown-toggle"));
                break;
            } catch (TimeoutException | StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        user = name;
        waitFor(By.cssSelector(".task-filter"));
    }

    /** The login page is a screen of the walk too: kept once per walk, checked every time. */
    private void loginPage(String name) {
        if (!loginShown) {
            loginShown = true;
            screen(name, "login");
        } else if (Expect.CHINESE) {
            assertCalm("login");
        }
    }

    void logOut() {
        click(By.cssSelector("li.account a.dropdown-toggle"));
        click(By.cssSelector("li.account li.logout a"));
        waitFor(By.cssSelector("form[name=signinForm] input[ng-model=username]"));
        user = null;
    }

    /** Tasklist's start page: filters, no task open. */
    void home() {
        driver.get(base + "default/#/");
        waitFor(By.cssSelector(".task-filter"));
    }

    // ---------------------------------------------------------------- filters and task cards

    void openFilter(String name) {
        click(filterLink(name));
        waitFor(By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]"
                + "//a[contains(normalize-space(.)," + literal(name) + ")]"));
    }

    /**
     * A task of mine: assigned to me, or offered to me by name (candidate users: researchers, supervisors) in
     * 我的待办. Until 我的待办 lists the tasks offered by name ({@link Expect#NAMED_TASKS_IN_MY_TASKS} off), such a
     * task is opened through its link, as the task's mail offers it.
     */
    void openMyTask(String caseTitle, Task task) {
        if (task.getAssignee() == null && !Expect.NAMED_TASKS_IN_MY_TASKS) {
            openFilter(MY_TASKS);
            openLink(task);
            return;
        }
        openFromFilter(MY_TASKS, caseTitle, task);
    }

    /** A task my role may claim, in 本组待办. */
    void openGroupTask(String caseTitle, Task task) {
        openFromFilter(GROUP_TASKS, caseTitle, task);
    }

    /** The filter, then the task by its card's link in the list (newest first), or directly if not on page 1. */
    void openByLink(String filter, Task task) {
        openFilter(filter);
        waitFor(By.cssSelector("ol.tasks-list li.task"));
        By link = By.cssSelector("ol.tasks-list a[href='#/?task=" + task.getId() + "']");
        if (driver.findElements(link).isEmpty()) {
            // not on the list's first page: its link within the filter (a bare task link would switch Tasklist to
            // the first filter, and a task not in that list is dropped when it is claimed)
            String filtered = driver.getCurrentUrl();
            driver.get(filtered + (filtered.contains("?") ? "&" : "?") + "task=" + task.getId());
            waitForTask(task);
        } else {
            click(link);
            waitForTask(task);
        }
    }

    /** The task by its link, as its mail gives it. */
    void openLink(Task task) {
        driver.get(base + "default/#/?task=" + task.getId());
        waitForTask(task);
    }

    boolean showsTaskForm() {
        return !driver.findElements(By.cssSelector(".task-details .fjs-container")).isEmpty();
    }

    /** The filter, then the case's task card in its list (paging on if needed), then the task. */
    void openFromFilter(String filter, String caseTitle, Task task) {
        openFilter(filter);
        By card = card(caseTitle, task);
        if (card != null) {
            click(card);
            waitForTask(task);
            return;
        }
        // a list crowded by the suite's other cases, whose pages shifted while paging: the task's link within the
        // filter (the walk has checked over REST that the filter lists the task for this person)
        openFilter(filter);
        waitFor(By.cssSelector("ol.tasks-list li.task"));
        String filtered = driver.getCurrentUrl();
        driver.get(filtered + (filtered.contains("?") ? "&" : "?") + "task=" + task.getId());
        waitForTask(task);
    }

    /**
     * The card's link: the card showing the case's title and the task's name, on whichever page of the list; null
     * when paging did not find it.
     */
    private By card(String caseTitle, Task task) {
        By byCase = By.xpath("//ol[contains(@class,'tasks-list')]/li[contains(@class,'task')]"
                + "[.//h4[normalize-space(.)=" + literal(task.getName()) + "]]"
                + "[contains(normalize-space(.)," + literal(caseTitle) + ")]//h4/a");
        // until cards show the case (Expect.CASES_ON_CARDS off), the card is known by its link to the task
        By card = Expect.CASES_ON_CARDS ? byCase
                : By.cssSelector("ol.tasks-list li.task h4 a[href='#/?task=" + task.getId() + "']");
        // the list loads after the filter is picked: look a moment on the first page before paging on
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        long firstPageShown = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!driver.findElements(card).isEmpty()) {
                return card;
            }
            // the pager of the list on show (while the list reloads, Tasklist keeps a hidden one)
            List<WebElement> next = driver.findElements(By.cssSelector("ul.pagination li.pagination-next:not(.disabled) a"))
                    .stream().filter(WebElement::isDisplayed).toList();
            if (!next.isEmpty() && System.currentTimeMillis() - firstPageShown > 2000) {
                String first = firstCardLink();
                try {
                    click(next.get(0));
                } catch (org.openqa.selenium.ElementNotInteractableException
                        | org.openqa.selenium.StaleElementReferenceException e) {
                    pause(200); // the list was being redrawn: look again
                    continue;
                }
                waitUntil(() -> !first.equals(firstCardLink()));
                continue;
            }
            pause(100);
        }
        System.out.println("No card of「" + task.getName() + "」for「" + caseTitle + "」found by paging " + user
                + "'s list; opening it by its link within the filter");
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String firstCardLink() {
        try {
            List<WebElement> links = driver.findElements(By.cssSelector("ol.tasks-list li.task h4 a"));
            return links.isEmpty() ? "" : links.get(0).getAttribute("href");
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private void waitForTask(Task task) {
        typed.clear();
        waitFor(By.cssSelector(".task-details .fjs-container"));
        waitUntil(() -> driver.findElement(By.cssSelector(".task-details")).getText().contains(task.getName()));
    }

    /** Claims the open task when it is offered, not yet assigned; the form can then be filled. */
    void claimIfOffered() {
        List<WebElement> claim = driver.findElements(By.cssSelector(".task-details button.claim"));
        if (!claim.isEmpty() && claim.get(0).isDisplayed()) {
            claim();
        }
    }

    /** Claims the open task; its form, disabled until then, can be filled once Tasklist has enabled it. */
    void claim() {
        click(By.cssSelector(".task-details button.claim"));
        waitUntil(() -> driver.findElements(By.cssSelector(".task-details button.claim")).isEmpty()
                && driver.findElements(By.cssSelector(".task-details .disabled-form")).isEmpty());
        waitFor(By.cssSelector(".task-details .fjs-container"));
    }

    /** Clicks Complete once the form lets it; a button that stays disabled fails with what the form shows. */
    void complete() {
        settle();
        By button = By.cssSelector(".task-details .form-actions button[ng-click='complete()']");
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                    .until(ExpectedConditions.elementToBeClickable(button));
        } catch (TimeoutException e) {
            throw new AssertionError("Tasklist's Complete button stays disabled for " + user + "; the form shows: "
                    + driver.findElement(By.cssSelector(".task-details .fjs-container")).getText()
                    .replaceAll("\\s+", " "), e);
        }
        click(button);
    }

    /**
     * The first error Tasklist shows — a notification, or the form's own messages when it refused to submit — or null
     * when none appears before the condition holds.
     */
    String errorOr(Supplier<Boolean> done) {
        By alert = By.cssSelector(".page-notifications .alert-danger, .modal .notifications .alert-danger");
        By fieldErrors = By.cssSelector(".fjs-container .fjs-form-field-error");
        String[] error = new String[1];
        waiting().until(d -> {
            List<WebElement> alerts = d.findElements(alert);
            if (!alerts.isEmpty() && alerts.get(0).isDisplayed()) {
                error[0] = alerts.get(0).getText();
                return true;
            }
            List<String> messages = d.findElements(fieldErrors).stream().filter(WebElement::isDisplayed)
                    .map(e -> e.findElement(By.xpath("./ancestor::div[contains(@class,'fjs-form-field')][1]")).getText())
                    .filter(t -> !t.isBlank()).map(t -> t.replaceAll("\\s+", " ")).toList();
            if (!messages.isEmpty()) {
                error[0] = "the form refused: " + messages;
                return true;
            }
            return done.get();
        });
        return error[0];
    }

    /** The error notification Tasklist shows. */
    String errorAlert() {
        return waitFor(By.cssSelector(".page-notifications .alert-danger, .modal .notifications .alert-danger"))
                .getText();
    }

    // ---------------------------------------------------------------- starting a process

    /** 发起流程 (Start process), then the process by its name: its start form, once it is there. */
    void startProcess(String processName) {
        typed.clear();
        click(By.cssSelector("li.start-process-action a"));
        // a click while the modal still fades in or reloads its list can get lost: click until the form is there
        By link = By.xpath("//ul[contains(@class,'processes')]//a[contains(normalize-space(.)," + literal(processName)
                + ")]");
        By form = By.cssSelector(".modal .fjs-container .fjs-form-field");
        waitFor(link);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(200)).ignoring(WebDriverException.class);
        wait.until(d -> {
            if (!d.findElements(form).isEmpty() && d.findElement(form).isDisplayed()) {
                return true;
            }
            List<WebElement> links = d.findElements(link);
            if (!links.isEmpty() && links.get(0).isDisplayed()) {
                links.get(0).click();
            }
            return false;
        });
    }

    /** The start form's Start button. */
    void submitStart() {
        settle();
        click(By.cssSelector(".modal button[ng-click='startProcessInstance()']"));
    }

    boolean isModalOpen() {
        return driver.findElements(By.cssSelector(".modal")).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Starts and waits for the dialog to close. */
    void start() {
        submitStart();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal")));
    }

    // ---------------------------------------------------------------- form-js fields

    static By fieldLocator(String name) {
        return By.cssSelector(".fjs-container [id$='-Field_" + name + "']");
    }

    WebElement field(String name) {
        return waitFor(fieldLocator(name));
    }

    List<WebElement> fields(String name) {
        return driver.findElements(fieldLocator(name));
    }

    /** A textfield, textarea or number field. */
    void type(String name, String text) {
        for (int attempt = 1; ; attempt++) {
            WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(fieldLocator(name)));
            scroll(input);
            // select what is there and type over it, in one go: clear() empties the field behind form-js' back, and
            // a re-render in between (a number field's default coming back) left the default in front of the text
            // ("1" + "2" = "12")
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text.isEmpty() ? Keys.BACK_SPACE : text);
            // form-js takes typing in after a pause or when the field loses focus: hand it over now, as leaving the
            // field does
            ((JavascriptExecutor) driver).executeScript("arguments[0].blur();", input);
            if (text.equals(value(name))) {
                break;
            }
            if (attempt == 3) {
                throw new AssertionError("「" + text + "」does not stay in field " + name);
            }
        }
        typed.put(name, text);
    }

    /**
     * Waits until form-js has taken in what was typed, and types again what it lost: a field's change that lands
     * late (a number field's) re-renders the form with the state it knew and so can wipe a field typed just after it.
     */
    private void settle() {
        for (int round = 1; round <= 3 && !typed.isEmpty(); round++) {
            pause(400); // form-js' 300 ms debounce
            List<String> lost = typed.entrySet().stream()
                    .filter(e -> !fields(e.getKey()).isEmpty() && !e.getValue().equals(value(e.getKey())))
                    .map(Map.Entry::getKey).toList();
            if (lost.isEmpty()) {
                break;
            }
            Map<String, String> again = new LinkedHashMap<>(typed);
            lost.forEach(name -> type(name, again.get(name)));
        }
        typed.clear();
    }

    private String value(String name) {
        List<WebElement> inputs = fields(name);
        return inputs.isEmpty() ? null : inputs.get(0).getAttribute("value");
    }

    void number(String name, long value) {
        type(name, Long.toString(value));
    }

    /** A select: its display opens a drop-down list of the options' labels. */
    void choose(String name, String label) {
        By display = By.cssSelector(".fjs-container [id$='-Field_" + name + "-display']");
        click(display);
        // one drop-down is open at a time
        click(By.xpath("//div[contains(@class,'fjs-dropdownlist-item') and normalize-space(.)=" + literal(label) + "]"));
        waitUntil(() -> driver.findElement(display).getText().equals(label));
    }

    /** A radio option, by its label. */
    void pick(String name, String label) {
        click(By.xpath("//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space(.)=" + literal(label)
                + "]/input[contains(@id,'-Field_" + name + "-')]"));
    }

    /** A checklist option, by its label. */
    void tick(String name, String label) {
        click(By.xpath("//div[contains(@class,'fjs-form-field-checklist')]//label[normalize-space(.)="
                + literal(label) + "]/input[contains(@id,'-Field_" + name + "-')]"));
    }

    /** The labels a checklist offers. */
    List<String> options(String name) {
        return driver.findElements(By.xpath("//div[contains(@class,'fjs-form-field-checklist')]"
                        + "//label[input[contains(@id,'-Field_" + name + "-')]]"))
                .stream().map(WebElement::getText).map(String::trim).toList();
    }

    /** A single checkbox, ticked. */
    void check(String name) {
        WebElement box = field(name);
        if (!box.isSelected()) {
            click(fieldLocator(name));
        }
    }

    /**
     * A date field (datetime, subtype date), typed as the browser's locale writes dates (form-js' placeholder, e.g.
     * mm/dd/yyyy or yyyy/mm/dd) and confirmed with Enter, as a person types a date instead of paging the calendar.
     */
    void date(String name, LocalDate day) {
        By locator = By.cssSelector(".fjs-container [id$='-Field_" + name + "-date']");
        WebElement input = waiting().until(ExpectedConditions.elementToBeClickable(locator));
        scroll(input);
        String pattern = input.getAttribute("placeholder");
        if (pattern == null || !pattern.toLowerCase().contains("yyyy")) {
            pattern = "yyyy-mm-dd"; // no date pattern to follow: try the ISO date
        }
        String text = pattern.toLowerCase()
                .replace("yyyy", String.valueOf(day.getYear()))
                .replace("mm", String.format("%02d", day.getMonthValue()))
                .replace("dd", String.format("%02d", day.getDayOfMonth()));
        input.click();
        input.clear();
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        // Enter takes the typed date and closes the calendar (Escape would close a start form's dialog too)
        waitUntil(() -> !driver.findElement(locator).getAttribute("value").isBlank());
    }

    // ---------------------------------------------------------------- screens

    /**
     * A screen of the walk: checked (no migration banner, no English chrome; see {@link Expect#CHINESE}) and kept as
     * {@code <nn>-<role>-<step>.png} under the walk's folder (and under {@code xieshang.guide.screenshots} if set).
     */
    void screen(String step) {
        screen(user, step);
    }

    private void screen(String actor, String step) {
        String name = String.format("%02d-%s-%s", ++screens, role(actor), step);
        screenshot(name);
        if (Expect.CHINESE) {
            assertCalm(name);
        }
    }

    /** No migration banner; no ASCII word of three letters or more but ids, case numbers and names. */
    void assertCalm(String screen) {
        List<String> banner = driver.findElements(By.cssSelector(".ce-eol-banner")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).filter(t -> !t.isBlank()).toList();
        Set<String> english = englishWords();
        if (!banner.isEmpty() || !english.isEmpty()) {
            throw new AssertionError("Screen " + process + "/" + screen + " is not calm Chinese:"
                    + (banner.isEmpty() ? "" : " migration banner " + banner + ";")
                    + (english.isEmpty() ? "" : " English words " + english));
        }
    }

    /** ASCII words of 3+ letters in the visible text and the visible inputs' placeholders, outside the allow-list. */
    Set<String> englishWords() {
        String text = (String) ((JavascriptExecutor) driver).executeScript(
                "var t = document.body.innerText;"
                        + "document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(function (e) {"
                        + "  if (e.offsetParent !== null) { t += '\\n' + e.placeholder; } });"
                        + "return t;");
        Set<String> words = new LinkedHashSet<>();
        for (String line : text.split("\\R")) {
            Matcher word = WORD.matcher(ALLOWED.matcher(line).replaceAll(" "));
            while (word.find()) {
                words.add(word.group());
            }
        }
        return words;
    }

    void screenshot(String name) {
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), png);
            if (!GUIDE_SCREENSHOTS.isBlank()) {
                Path guide = Path.of(GUIDE_SCREENSHOTS).resolve(process);
                Files.createDirectories(guide);
                Files.write(guide.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the browser shows now, as target/screenshots/{name}.png and .html: a failure's evidence. */
    void evidence(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
    }

    /** The role a demo user acts in: ljy3-party-committee is party-committee, laojunying-street the street office. */
    static String role(String user) {
        if (user == null) {
            return "nobody";
        }
        if (user.endsWith("-street")) {
            return "street-office";
        }
        if (user.equals("district")) {
            return "district-office";
        }
        return user.replaceFirst("^(ljy3|smj2)-", "").replaceFirst("-2$", "");
    }

    // ---------------------------------------------------------------- waiting and clicking

    private By filterLink(String name) {
        return By.xpath("//div[contains(@class,'task-filter')]//a[contains(normalize-space(.)," + literal(name) + ")]");
    }

    /**
     * Clicks an element once it can be clicked, scrolled to the middle (Tasklist's footer covers the bottom); a
     * notification in the way (claimed, completed) is closed first, as a person would.
     */
    void click(By locator) {
        WebDriverWait wait = waiting();
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(d);
            if (element == null) {
                return false;
            }
            scroll(element);
            try {
                element.click();
                return true;
            } catch (ElementClickInterceptedException e) {
                d.findElements(By.cssSelector(".page-notifications .alert:not(.alert-danger) button.close"))
                        .stream().filter(WebElement::isDisplayed).forEach(WebElement::click);
                return false;
            }
        });
    }

    private void click(WebElement element) {
        scroll(element);
        element.click();
    }

    private void scroll(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitUntil(Supplier<Boolean> condition) {
        waiting().until(d -> condition.get());
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** An XPath string literal for any text (titles may hold quotes). */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        List<String> parts = new ArrayList<>();
        for (String part : text.split("'", -1)) {
            parts.add("'" + part + "'");
        }
        return "concat(" + String.join(", \"'\", ", parts) + ")";
    }
}
