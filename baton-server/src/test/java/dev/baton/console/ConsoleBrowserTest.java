package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Role;
import dev.baton.client.BatonClient;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium) against a real
 * Baton server on port 0: log in through the form, see a lock an agent holds, force-release it with a reason and
 * see the event, freeze the fleet, see a grant appear on an open lock page within a second. Also takes the
 * screenshots of each main page at desktop and phone width (into target/screenshots, or the directory named by
 * {@code -Dbaton.screenshots=../docs/screenshots} to refresh the committed ones).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String VIEWER_PASSWORD = "viewer-password-1";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient agent;
    static String base;
    static ChromeDriverService service;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(ADMIN_PASSWORD));
        server.auth().accounts().create("vera", Role.VIEWER, VIEWER_PASSWORD, java.util.Set.of());
        base = "http://127.0.0.1:" + server.port();
        agent = new BatonClient(URI.create(base), new BatonClient.Auth.Basic("admin", ADMIN_PASSWORD), null);
        service = driverService();
        browser = new ChromeDriver(service, options());
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    /** Debian's chromedriver on a free port; start a browser with {@link #options()} on it. */
    static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    }

    /** Quits the browser and stops its driver, either of which may be null (a start that failed half-way). */
    static void quit(WebDriver browser, ChromeDriverService service) {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    static ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--force-device-scale-factor=1", "--lang=en-GB");
        return options;
    }

    @AfterAll
    static void stop() {
        quit(browser, service);
        if (server != null) {
            server.close();
        }
    }

    static void logIn(WebDriver driver, String user, String password) {
        logIn(driver, base, user, password);
    }

    /** Logs in through the form of the console at {@code base}, as a person does. */
    static void logIn(WebDriver driver, String base, String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/");
        assertThat(driver.getCurrentUrl()).as("one redirect to the login form").isEqualTo(base + "/login");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/"));
    }

    /**
     * Saves the page open in the browser, whole, at {@code width} px as {@code NAME-desktop.png} or
     * {@code NAME-phone.png} under {@code dir}, after checking that it does not overflow sideways.
     */
    static void screenshot(ChromeDriver driver, Path dir, String name, int width) throws IOException {
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        long scrollWidth = (Long) driver.executeScript("return document.documentElement.scrollWidth");
        assertThat(scrollWidth).as(name + " at " + width + " px does not overflow sideways").isLessThanOrEqualTo(width);
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height + 100, 600), 2400)));
        Files.write(dir.resolve(name + "-" + (width > 600 ? "desktop" : "phone") + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Where screenshots go: {@code -Dbaton.screenshots=../docs/screenshots} refreshes the committed ones. */
    static Path screenshots() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("baton.screenshots", "target/screenshots")));
    }

    static WebDriverWait wait(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(20));
        return wait;
    }

    @Test
    void anOperatorSeesALockAnAgentHoldsForceReleasesItWithAReasonAndSeesTheEvent() {
        assertThat(agent.acquire("web", "web1.example.com", Duration.ZERO).granted()).isTrue();
        logIn(browser, "admin", ADMIN_PASSWORD);
        assertThat(textOf(By.id("overview-live"))).contains("web");

        browser.get(base + "/locks/web");
        awaitLive();
        By row = By.cssSelector("#holders tr[data-holder='web1.example.com']");
        assertThat(textOf(row)).contains("web1.example.com").contains("native");
        click(By.cssSelector("#holders tr[data-holder='web1.example.com'] a.button"));

        assertThat(browser.findElement(By.cssSelector(".changes")).getText())
                .as("the confirmation says what will change").contains("take the slot of web1.example.com on lock web");
        browser.findElement(By.id("reason")).sendKeys("host wedged in post_update");
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();

        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/locks/web"));
        assertThat(browser.findElements(By.cssSelector("#holders tr[data-holder='web1.example.com']"))).isEmpty();
        assertThat(textOf(By.cssSelector("#lock-live tr.ev-force_release")))
                .contains("web1.example.com").contains("admin").contains("host wedged in post_update");
        assertThat(agent.show("web").path("holders").size()).isZero();
        var entry = server.audit().list(new dev.baton.audit.AuditQuery(null, "lock.force_release", "web", null, 10)).entries().getFirst();
        assertThat(entry.actor()).isEqualTo(new dev.baton.audit.Actor("admin", "session", "127.0.0.1"));
        assertThat(entry.reason()).isEqualTo("host wedged in post_update");
        assertThat(entry.detail()).isEqualTo("holder=web1.example.com");
    }

    @Test
    void anOperatorFreezesAndUnfreezesTheFleetFromTheOverview() {
        logIn(browser, "admin", ADMIN_PASSWORD);
        browser.findElement(By.id("freeze-reason")).sendKeys("incident 42");
        browser.findElement(By.cssSelector("form[action='/fleet/freeze'] button")).click();
        // The click starts the navigation; the confirmation is there once it has loaded.
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".changes")));
        assertThat(browser.findElement(By.cssSelector(".changes")).getText()).contains("grant no new slot on any of the");
        assertThat(browser.findElement(By.id("reason")).getDomProperty("value")).as("the reason is carried over").isEqualTo("incident 42");
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/"));
        assertThat(textOf(By.cssSelector(".banner"))).contains("The fleet is frozen").contains("incident 42")
                .contains("admin");
        assertThat(server.locks().reader().fleet().frozen()).isTrue();

        browser.findElement(By.id("unfreeze-reason")).sendKeys("incident over");
        browser.findElement(By.cssSelector("form[action='/fleet/unfreeze'] button")).click();
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/"));
        assertThat(server.locks().reader().fleet().frozen()).isFalse();
    }

    @Test
    void aGrantByAnAgentAppearsOnAnOpenLockPageWithinASecond() {
        agent.setSlots("live", 2);
        logIn(browser, "admin", ADMIN_PASSWORD);
        int before = server.console().livePages();
        browser.get(base + "/locks/live");
        assertThat(browser.findElements(By.cssSelector("#holders"))).isEmpty();
        // The page's live stream is open once the server counts it.
        wait(browser, Duration.ofSeconds(10)).until(d -> server.console().livePages() > before);

        assertThat(agent.acquire("live", "db7.example.com", Duration.ZERO).granted()).isTrue();
        long granted = System.nanoTime();
        wait(browser, Duration.ofSeconds(1)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#holders tr[data-holder='db7.example.com']")));
        long shownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - granted);
        assertThat(shownMs).as("ms from the grant's answer to the holder on the page").isLessThan(1000);
        agent.release("live", "db7.example.com");
    }

    @Test
    void aViewerSeesNoActionsAndIsRefusedThem() {
        agent.setSlots("viewed", 1);
        assertThat(agent.acquire("viewed", "app3.example.com", Duration.ZERO).granted()).isTrue();
        logIn(browser, "vera", VIEWER_PASSWORD);
        browser.get(base + "/locks/viewed");
        awaitLive();
        assertThat(browser.findElements(By.cssSelector("section.actions"))).as("no action forms for a viewer").isEmpty();
        click(By.linkText("Force-release…"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("viewer 'vera' may not");
        // Posting the confirmed form by hand, with the session's own token, is refused the same way.
        String token = csrf(browser);
        ((JavascriptExecutor) browser).executeScript("""
                const f = document.createElement('form'); f.method = 'post'; f.action = '/locks/viewed/force-release';
                for (const [k, v] of Object.entries({csrf: arguments[0], holder: 'app3.example.com', confirmed: 'yes', reason: 'x'})) {
                  const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
                document.body.appendChild(f); f.submit();""", token);
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/locks/viewed/force-release"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(agent.show("viewed").path("holders").get(0).path("holder").asText()).isEqualTo("app3.example.com");
    }

    @Test
    void anAdminCreatesAUserOnThePeoplePageWhoThenLogsIn() {
        logIn(browser, "admin", ADMIN_PASSWORD);
        click(By.linkText("People"));
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/people"));
        browser.findElement(By.id("user-name")).sendKeys("olga");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("user-role"))).selectByValue("operator");
        browser.findElement(By.id("user-scopes")).sendKeys("web-*");
        browser.findElement(By.id("user-password")).sendKeys("olga-password-1");
        browser.findElement(By.id("user-reason")).sendKeys("new operator");
        browser.findElement(By.cssSelector("form[action='/people/users'] button[type=submit]")).click();
        wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/people"));
        assertThat(textOf(By.cssSelector("#user-table tr[data-user='olga']"))).contains("operator").contains("web-*").contains("local");
        var entry = server.audit().list(new dev.baton.audit.AuditQuery(null, "user.create", "olga", null, 1)).entries().getFirst();
        assertThat(entry.actor()).isEqualTo(new dev.baton.audit.Actor("admin", "session", "127.0.0.1"));

        logIn(browser, "olga", "olga-password-1");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("olga");
    }

    @Test
    void aViewerDoesNotSeeThePeopleLinkAndIsRefusedThePage() {
        logIn(browser, "vera", VIEWER_PASSWORD);
        assertThat(browser.findElements(By.linkText("People"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Audit"))).isEmpty();
        browser.get(base + "/people");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    }

    /** The text of an element, found again when a live update replaced it meanwhile. */
    static String textOf(By by) {
        return wait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(by).getText());
    }

    /** Clicks an element, found again when a live update replaced it meanwhile. */
    static void click(By by) {
        wait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** Waits until the open page's live stream is connected (htmx's SSE extension marks nothing; the server counts it). */
    static void awaitLive() {
        wait(browser, Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d).executeScript(
                "const e = document.querySelector('[sse-connect]'); return !!(e && e['htmx-internal-data'] && "
                        + "e['htmx-internal-data'].sseEventSource && e['htmx-internal-data'].sseEventSource.readyState === 1);"));
    }

    /** The session's CSRF token, from the header htmx sends. */
    static String csrf(WebDriver driver) {
        String headers = driver.findElement(By.tagName("body")).getDomAttribute("hx-headers");
        return headers.replaceAll(".*\"X-CSRF-Token\": \"([^\"]+)\".*", "$1");
    }

    @Test
    void screenshotsOfEachMainPageAtDesktopAndPhoneWidth() throws IOException {
        agent.setSlots("db", 2);
        agent.acquire("db", "db1.example.com", Duration.ZERO);
        agent.acquire("db", "db2.example.com", Duration.ZERO);
        agent.acquire("mail", "mx1.example.com", Duration.ZERO);
        report("db1.example.com", "run-1", "update", "20-dnf-upgrade", "ok", 0);
        report("db1.example.com", "run-1", "needs_reboot", null, "reboot_needed", null);
        report("mx1.example.com", "run-9", "post_update", "50-check-services", "failed", 3);
        agent.addHost("db2.example.com", List.of("db2"));
        var hook = server.notifier().addChannel(new dev.baton.notify.Channel(0, "ops-hook", new dev.baton.notify.ChannelConfig.Webhook(
                URI.create("http://127.0.0.1:9/none"), new dev.baton.notify.Secret("hook-secret-0123456789"))));
        server.notifier().addRule(new dev.baton.notify.Rule(0, java.util.Set.of("host.failed"), List.of(), hook.id(),
                dev.baton.notify.Frequency.IMMEDIATELY));
        server.notifier().publish(new dev.baton.notify.Notice("host.failed", "mx1.example.com", "mx1.example.com failed in post_update",
                "50-check-services exited 3", "screenshot:mx1", null));
        ConsolePipelineTest.seed(server.pipeline());
        server.jobs().register("screenshot-sync", context -> {
            context.progress(27, 40, "packages", "fetching hello-1.1-1.noarch");
            while (!context.cancelled()) {
                Thread.sleep(50);
            }
        });
        var sync = server.jobs().submit("screenshot-sync", "upstream", "{}", "alice");
        Path dir = screenshots();
        String[][] pages = {{"overview", "/"}, {"locks", "/locks"}, {"lock", "/locks/db"}, {"hosts", "/hosts"},
                {"host", "/hosts/db1.example.com"}, {"history", "/history"}, {"people", "/people"}, {"audit", "/audit"},
                {"notifications", "/notifications"}, {"jobs", "/jobs"}, {"remotes", "/remotes"},
                {"repository", "/repositories/el-testing"}, {"package", "/packages/hello-1.0-1.noarch"},
                {"advisories", "/advisories"},
                {"login", "/login"}};
        for (int width : new int[] {1280, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            logIn(browser, "admin", ADMIN_PASSWORD);
            for (String[] page : pages) {
                if (page[0].equals("login")) {
                    browser.manage().deleteAllCookies();
                }
                browser.manage().window().setSize(new Dimension(width, 900));
                browser.get(base + page[1]);
                screenshot((ChromeDriver) browser, dir, page[0], width);
            }
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
        server.jobs().cancel(sync.id(), "test");
        assertThat(dir.resolve("lock-phone.png")).exists();
    }

    static void report(String host, String run, String phase, String script, String status, Integer exit) {
        ObjectNode body = JSON.createObjectNode().put("run_id", run).put("phase", phase).put("status", status);
        if (script != null) {
            body.put("script", script);
        }
        if (exit != null) {
            body.put("exit_code", exit);
        }
        agent.report(host, body);
    }
}
