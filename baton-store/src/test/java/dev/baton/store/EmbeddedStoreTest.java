package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventPage;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.lock.Waiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store has: one server per data directory, and everything kept across a restart. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedStoreTest {

    @TempDir
    Path temp;

    @Test
    void aSecondOpenOfTheSameDataDirectoryInThisProcessIsRefused() {
        Path dir = temp.resolve("data");
        try (Database first = Database.embedded(dir, true)) {
            assertThatThrownBy(() -> Database.embedded(dir, true))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("already open");
            assertThat(first.healthy()).isTrue();
        }
        try (Database again = Database.embedded(dir, true)) {
            assertThat(again.healthy()).as("closing releases the directory").isTrue();
        }
    }

    @Test
    void aSecondServerProcessOnTheSameDataDirectoryIsRefused() throws Exception {
        Path dir = temp.resolve("data");
        try (Database first = Database.embedded(dir, true)) {
            assertThatThrownBy(() -> Database.embedded(dir, true)).isInstanceOf(StoreUnavailableException.class);
            // ...and that refusal in this process did not drop the lock the first one holds.
            String answer = openInAnotherProcess(dir);
            assertThat(answer).startsWith("refused: ").contains("another Baton server is using the data directory")
                    .contains(dir.toString()).contains("--data");
            assertThat(first.healthy()).isTrue();
        }
        assertThat(openInAnotherProcess(dir)).isEqualTo("opened");
    }

    @Test
    void aRefusedOpenInThisProcessNeverDropsTheLockEvenOnceGarbageCollected() throws Exception {
        Path dir = temp.resolve("data");
        try (Database first = Database.embedded(dir, true)) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> Database.embedded(dir, true)).isInstanceOf(StoreUnavailableException.class);
            }
            // A file channel the refused opens left behind, once collected, closes its file: on Linux that drops every
            // lock this process holds on the file, and another server would get in (seen once in CI).
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(100);
            }
            assertThat(openInAnotherProcess(dir)).startsWith("refused: ");
            assertThat(first.healthy()).isTrue();
        }
    }

    @Test
    void aFailedOpenDoesNotKeepTheDataDirectoryLocked() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("data"));
        Files.writeString(dir.resolve("baton.db"), "this is not an SQLite database, but a text file of some length "
                .repeat(100), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Database.embedded(dir, true)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(dir.toString());
        Files.delete(dir.resolve("baton.db"));
        try (Database db = Database.embedded(dir, true)) {
            assertThat(db.healthy()).isTrue();
        }
    }

    @Test
    void reopeningKeepsEveryLockHolderWaiterAndEvent() {
        Path dir = temp.resolve("data");
        TestClock clock = TestClock.fixed();
        Instant now = clock.instant();
        Saved before;
        try (Database db = Database.embedded(dir, true)) {
            Locks s = locks(db, clock);
            s.policy().setSlots("deploy", 3, "ops");
            for (String h : List.of("web-1", "web-2", "web-3")) {
                s.service().acquire(AcquireRequest.now("deploy", h, h, Protocol.FOREMAN));
            }
            s.service().release("deploy", "web-2", "web-2", Protocol.FOREMAN, false);
            s.service().acquire(AcquireRequest.now("deploy", "web-4", "web-4", Protocol.FLEETLOCK));
            s.service().acquire(AcquireRequest.now("deploy", "web-5", "web-5", Protocol.NATIVE));
            s.policy().setTiming("deploy", Duration.ofHours(1), Duration.ofDays(2), "ops");
            new SqlLockStore(db, clock).update("deploy", null, tx -> tx.addWaiter(
                    new Waiter("w-1", "web-6", 0, now, now.plus(Duration.ofDays(1)), "server-1")));
            s.service().acquire(AcquireRequest.now("reboot", "web-1", "web-1", Protocol.NATIVE));
            s.policy().freeze("reboot", "kernel regression", "alice");
            s.service().acquire(AcquireRequest.now("old", "web-9", "web-9", Protocol.NATIVE));
            s.policy().setEnabled("old", false, "ops", "retired");
            clock.advance(Duration.ofHours(2));
            assertThat(s.housekeeping().sweep()).as("deploy's three holders are stale after 1 h").isEqualTo(3);
            s.policy().freezeFleet("change freeze", "carol");
            before = saved(db, s);
            assertThat(before.events()).hasSizeGreaterThan(15);
        }
        try (Database db = Database.embedded(dir, true)) {
            Locks s = locks(db, clock);
            assertThat(saved(db, s)).isEqualTo(before);
            assertThat(s.housekeeping().sweep()).as("stale reports are remembered").isZero();
            s.policy().unfreezeFleet("carol");
            assertThat(s.service().release("deploy", "web-1", "web-1", Protocol.NATIVE, false).released()).isTrue();
            assertThat(s.service().acquire(AcquireRequest.now("deploy", "web-7", "web-7", Protocol.NATIVE)).status())
                    .as("web-6 still waits ahead").isEqualTo(AcquireResult.Status.FULL);
        }
    }

    /** Everything a restart must keep, as the service and the store show it. */
    record Saved(List<LockView> locks, List<LockRecord> records, FleetPolicy fleet, List<LockEvent> events) {
    }

    private static Saved saved(Database db, Locks s) {
        EventPage all = s.reader().events(null, null, 1000);
        assertThat(all.nextBefore()).isNull();
        return new Saved(s.reader().list(), new SqlLockStore(db, TestClock.fixed()).readAll(), s.reader().fleet(), all.events());
    }

    private static Locks locks(Database db, TestClock clock) {
        return new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS, clock, e -> { });
    }

    /** Runs {@link OpenOnce} in a new JVM with this test's class path; returns its one-line answer. */
    private static String openInAnotherProcess(Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OpenOnce.class.getName(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("ANSWER ")).map(l -> l.substring(7)).findFirst()
                .orElseThrow(() -> new AssertionError("no answer from the second process:\n" + out));
    }

    /** The second server process: opens the data directory and says what happened. */
    public static final class OpenOnce {
        public static void main(String[] args) {
            try (Database db = Database.embedded(Path.of(args[0]), true)) {
                System.out.println("ANSWER opened");
            } catch (StoreUnavailableException e) {
                System.out.println("ANSWER refused: " + e.getMessage());
            }
        }
    }
}
