package dev.baton.console;

import static dev.baton.console.ConsoleBrowserTest.logIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditQuery;
import dev.baton.auth.Role;
import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpStep;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.StepState;
import dev.baton.jump.testhosts.TestHosts;
import dev.baton.server.BatonServer;
import dev.baton.server.JumpServerSettings;
import dev.baton.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's jump pages in a real headless Chromium against a real Baton server running a real jump run on three
 * test hosts (real sshd processes): one line fails until a file exists on the host, so with one slot and
 * {@code --max-failures 1} the run stops at each host in turn. A viewer sees the hosts by state and the failed
 * host's log but no buttons, and a forged or token-less POST is refused; an operator retries the first host (after
 * fixing it), skips the second's line and aborts the run at the third, each confirmed with a reason, and the run
 * changes as the jump API's retry, skip and abort change it, the open page following without a reload. Also takes
 * the jump pages' screenshots (see {@link ConsoleBrowserTest}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleJumpTest {

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String OPERATOR_PASSWORD = "operator-password-1";
    static final String VIEWER_PASSWORD = "viewer-password-1";
    static final String RUN = "wave";
    /** Line 3 fails (exit status 3, after 150 lines of output) until {@code /ready} exists on the host. */
    static final String RECIPE = """
            # the console's jump test
            remote echo jumping %_HOST%
            remote seq 1 150; test -e /ready || exit 3
            remote echo %_HOST% is done
            """;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static TestHosts hosts;
    static BatonServer server;
    static JumpRuns runs;
    static String base;
    static ChromeDriverService service;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        hosts = TestHosts.start(3, tmp.resolve("hosts"));
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(tmp.resolve("data"), null)
                .withAdminPassword(ADMIN_PASSWORD)
                .withJump(new JumpServerSettings(hosts.clientKey(), hosts.knownHosts(), tmp.resolve("logs"), null)));
        server.auth().accounts().create("vera", Role.VIEWER, VIEWER_PASSWORD, Set.of());
        server.auth().accounts().create("olaf", Role.OPERATOR, OPERATOR_PASSWORD, Set.of());
        base = "http://127.0.0.1:" + server.port();
        runs = server.jumpRuns();
        Path recipe = Files.createDirectories(tmp.resolve("recipes")).resolve("nextrel.cfg");
        Files.writeString(recipe, RECIPE);
        runs.start(new JumpRuns.StartRequest(RUN, recipe.toString(), RECIPE, recipe.getParent().toString(),
                hosts.hosts().stream().map(h -> h.address().toString()).toList(), 1, 1), "alice");
        awaitHost("host1", h -> h.state() == HostState.FAILED);
        service = ConsoleBrowserTest.driverService();
        browser = new ChromeDriver(service, ConsoleBrowserTest.options());
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void stop() {
        ConsoleBrowserTest.quit(browser, service);
        if (server != null) {
            server.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void aViewerSeesTheHostsByStateAndTheFailedHostsLogButNoButtonsAndAForgedPostIsRefused() {
        logIn(browser, base, "vera", VIEWER_PASSWORD);
        browser.findElement(By.linkText("Jumps")).click();
        ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/jumps"));
        By row = By.cssSelector("#jumps-table tr[data-run='" + RUN + "']");
        assertThat(textOf(row)).contains("nextrel.cfg", "stopped", "alice");
        assertThat(textOf(By.cssSelector("#jumps-table tr[data-run='" + RUN + "'] td[data-count='failed']"))).isEqualTo("1");
        assertThat(textOf(By.cssSelector("#jumps-table tr[data-run='" + RUN + "'] td[data-count='waiting']"))).isEqualTo("2");

        click(By.linkText(RUN));
        ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/jumps/" + RUN));
        String failed = textOf(By.cssSelector("[data-group='failed'] li[data-host='host1']"));
        assertThat(failed).contains("line 3", "remote seq 1 150; test -e /ready || exit 3", "exit status 3");
        assertThat(textOf(By.cssSelector("[data-group='failed'] li[data-host='host1'] pre.output")))
                .as("the failing line's output").startsWith("1\n2\n3").contains("\n150");
        assertThat(hostsIn("waiting")).as("waiting, in the order they take slots").containsExactly("host2", "host3");
        assertThat(textOf(By.cssSelector("#lock-holders a[data-holder='host1']"))).isEqualTo("host1");
        assertThat(browser.findElement(By.id("run-lock")).getDomAttribute("href")).isEqualTo("/locks/jump-" + RUN);
        assertThat(browser.findElements(By.cssSelector("button.retry, button.skip-line, #abort")))
                .as("no buttons for a viewer").isEmpty();

        // The retry posted by hand, with the session's own token, is refused, and so is one without a token.
        post("/jumps/" + RUN + "/hosts/host1/retry", csrf(browser));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("viewer 'vera' may not");
        post("/jumps/" + RUN + "/abort", null);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Form expired");
        JumpHost host1 = runs.host(RUN, "host1").orElseThrow();
        assertThat(host1.state()).isEqualTo(HostState.FAILED);
        assertThat(host1.decision()).as("nothing was asked for").isNull();
        assertThat(runs.get(RUN).orElseThrow().abortedBy()).isNull();
        assertThat(audit("jump.retry")).isEmpty();
    }

    @Test
    @Order(2)
    void anOperatorRetriesAHostSkipsALineAndAbortsTheRunAsTheApiWould() throws Exception {
        logIn(browser, base, "olaf", OPERATOR_PASSWORD);
        browser.get(base + "/jumps/" + RUN);

        // Retry host1 once it is fixed: the confirmation shows the line's output first.
        Files.writeString(hosts.host("host1").path("/ready"), "");
        click(By.cssSelector("[data-group='failed'] li[data-host='host1'] button.retry"));
        assertThat(textOf(By.cssSelector(".changes"))).contains("run line 3 (remote seq 1 150; test -e /ready || exit 3) "
                + "on host1 again, in the slot of jump-" + RUN + " it kept");
        assertThat(textOf(By.id("evidence"))).startsWith("1\n2\n").contains("\n150\n").endsWith("exit status 3");
        confirm("fixed /ready on host1");
        markPage();
        // The page follows the run by itself: host1 done, host2 failed at the same line, host3 still waiting.
        awaitOnPage("[data-group='failed'] li[data-host='host2']");
        awaitOnPage("[data-group='done'] li[data-host='host1']");
        assertThat(hostsIn("waiting")).containsExactly("host3");
        assertThat(pageWasNotReloaded()).as("updated in place, not reloaded").isTrue();
        assertThat(runs.steps(RUN, "host1")).extracting(JumpStep::state)
                .containsExactly(StepState.SUCCEEDED, StepState.FAILED, StepState.SUCCEEDED, StepState.SUCCEEDED);
        assertAudited("jump.retry", RUN + "/host1", "fixed /ready on host1", "line=3");

        Path shots = ConsoleBrowserTest.screenshots();
        for (int width : new int[] {1280, 390}) {
            for (String[] page : new String[][] {{"jumps", "/jumps"}, {"jump", "/jumps/" + RUN},
                    {"jump-host", "/jumps/" + RUN + "/hosts/host2"}}) {
                browser.manage().window().setSize(new Dimension(width, 900));
                browser.get(base + page[1]);
                ConsoleBrowserTest.screenshot(browser, shots, page[0], width);
            }
        }
        browser.manage().window().setSize(new Dimension(1280, 900));

        // host2's log, then skip its failed line from there.
        browser.get(base + "/jumps/" + RUN + "/hosts/host2");
        assertThat(textOf(By.cssSelector("#jump-log li[data-seq='1']"))).contains("Line 2", "remote echo jumping host2",
                "succeeded", "jumping host2");
        assertThat(textOf(By.cssSelector("#jump-log li[data-seq='2']"))).contains("Line 3", "failed", "exit status 3",
                "151 lines of output");
        click(By.cssSelector("#jump-host-live button.skip-line"));
        assertThat(textOf(By.cssSelector(".changes"))).contains("mark line 3 (remote seq 1 150; test -e /ready || exit 3) "
                + "on host2 skipped and go on with the next line");
        confirm("host2 checked by hand");
        markPage();
        awaitOnPage("[data-group='failed'] li[data-host='host3']");
        awaitOnPage("[data-group='done'] li[data-host='host2']");
        assertThat(pageWasNotReloaded()).isTrue();
        assertThat(runs.steps(RUN, "host2")).extracting(JumpStep::state)
                .containsExactly(StepState.SUCCEEDED, StepState.SKIPPED, StepState.SUCCEEDED);
        assertAudited("jump.skip", RUN + "/host2", "host2 checked by hand", "line=3");

        // Abort at host3.
        click(By.id("abort"));
        assertThat(textOf(By.cssSelector(".changes"))).contains("stop jump run " + RUN, "mark the 1 host that did not "
                + "finish aborted (1 of them mid-jump)", "give back every slot of the lock jump-" + RUN);
        confirm("wave postponed");
        ConsoleBrowserTest.wait(browser, PATIENCE).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("run-state")).getText().equals("aborted"));
        awaitOnPage("[data-group='aborted'] li[data-host='host3']");
        assertThat(browser.findElements(By.cssSelector("button.retry, button.skip-line, #abort")))
                .as("nothing left to do on an aborted run").isEmpty();
        assertThat(runs.get(RUN).orElseThrow().state()).isEqualTo(RunState.ABORTED);
        assertThat(runs.get(RUN).orElseThrow().abortedBy()).isEqualTo("olaf");
        assertThat(server.locks().reader().show("jump-" + RUN).orElseThrow().holders()).as("every slot given back").isEmpty();
        assertAudited("jump.abort", RUN, "wave postponed", null);
        assertThat(runs.decide(RUN, "host3", Decision.RETRY)).as("the run ended, for the API too").isFalse();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static void awaitHost(String host, Predicate<JumpHost> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JumpHost now = runs.host(RUN, host).orElseThrow();
        while (!done.test(now)) {
            assertThat(System.nanoTime()).as("%s: %s", host, now).isLessThan(deadline);
            Thread.sleep(50);
            now = runs.host(RUN, host).orElseThrow();
        }
    }

    /** Types the reason into the open confirmation and confirms; lands on the run's page. */
    static void confirm(String reason) {
        browser.findElement(By.id("reason")).sendKeys(reason);
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();
        ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/jumps/" + RUN));
    }

    /** Marks the open page, so that a reload (which drops the mark) can be told from an update in place. */
    static void markPage() {
        browser.executeScript("window.batonMark = true;");
    }

    static boolean pageWasNotReloaded() {
        return Boolean.TRUE.equals(browser.executeScript("return window.batonMark === true;"));
    }

    static void awaitOnPage(String css) {
        ConsoleBrowserTest.wait(browser, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    static List<String> hostsIn(String group) {
        return ConsoleBrowserTest.wait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElements(By.cssSelector("[data-group='" + group + "'] li[data-host]")).stream()
                        .map(e -> e.getDomAttribute("data-host")).toList());
    }

    static String textOf(By by) {
        return ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(by).getText());
    }

    /** Clicks an element, found again when the page's refresh replaced it meanwhile. */
    static void click(By by) {
        ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement e = d.findElement(by);
            e.click();
            return true;
        });
    }

    /** Posts a confirmed action as a hand-made form would, with {@code token} as its CSRF field (null: none). */
    static void post(String path, String token) {
        ((JavascriptExecutor) browser).executeScript("""
                const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
                const fields = {confirmed: 'yes', reason: 'forged'}; if (arguments[1]) { fields.csrf = arguments[1]; }
                for (const [k, v] of Object.entries(fields)) {
                  const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
                document.body.appendChild(f); f.submit();""", path, token);
        ConsoleBrowserTest.wait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + path));
    }

    static String csrf(WebDriver driver) {
        return ConsoleBrowserTest.csrf(driver);
    }

    static List<AuditEntry> audit(String action) {
        return server.audit().list(new AuditQuery(null, action, null, null, 10)).entries();
    }

    static void assertAudited(String action, String target, String reason, String detail) {
        AuditEntry entry = audit(action).getFirst();
        assertThat(entry.actor()).isEqualTo(new Actor("olaf", "session", "127.0.0.1"));
        assertThat(entry.target()).isEqualTo(target);
        assertThat(entry.reason()).isEqualTo(reason);
        assertThat(entry.detail()).isEqualTo(detail);
    }
}
