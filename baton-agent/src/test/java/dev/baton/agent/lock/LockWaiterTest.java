package dev.baton.agent.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The budget loop, with a clock that the sleeper moves (no real waiting). */
class LockWaiterTest {

    /** A clock moved by the sleeper. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-03-10T02:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Answers from a script: "busy", "down" (network error) or "ok". */
    static final class ScriptedClient implements LockClient {
        final List<String> answers;
        final List<Duration> serverWaits = new ArrayList<>();
        int calls;

        ScriptedClient(String... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public AcquireAttempt tryAcquire(Duration serverWait) throws IOException {
            serverWaits.add(serverWait);
            String a = answers.get(Math.min(calls++, answers.size() - 1));
            return switch (a) {
                case "ok" -> AcquireAttempt.granted("granted");
                case "down" -> throw new IOException("connection refused");
                default -> AcquireAttempt.busy("held by other");
            };
        }

        @Override
        public void release() throws IOException {
            String a = answers.get(Math.min(calls++, answers.size() - 1));
            if (a.equals("down")) {
                throw new IOException("connection refused");
            }
        }

        @Override
        public Optional<Boolean> isHeld() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AgentLog log = AgentLog.stderrOnly(new PrintStream(err, true), clock, Level.DEBUG);

    private LockWaiter waiter(LockClient c) {
        return new LockWaiter(c, log, clock, d -> {
            sleeps.add(d);
            clock.now = clock.now.plus(d);
        }, new Random(7));
    }

    @Test
    void withoutWaitThereIsExactlyOneTry() throws Exception {
        ScriptedClient c = new ScriptedClient("busy", "ok");
        LockWaiter.Outcome o = waiter(c).acquire(false, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertThat(o.granted()).isFalse();
        assertThat(c.calls).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void networkErrorsAreRetriedWithinTheSameBudgetWithRandomBackoff() throws Exception {
        ScriptedClient c = new ScriptedClient("down", "down", "busy", "down", "ok");
        LockWaiter.Outcome o = waiter(c).acquire(true, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertThat(o.granted()).isTrue();
        assertThat(o.attempts()).isEqualTo(5);
        assertThat(sleeps).hasSize(4).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(60)));
        assertThat(sleeps.stream().distinct().count()).as("randomised").isGreaterThan(1);
        assertThat(err.toString()).contains("cannot reach scripted: connection refused");
    }

    @Test
    void givesUpWhenTheBudgetIsSpentAndNeverSleepsPastIt() throws Exception {
        ScriptedClient c = new ScriptedClient("busy");
        Instant start = clock.now;
        LockWaiter.Outcome o = waiter(c).acquire(true, Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertThat(o.granted()).isFalse();
        assertThat(o.detail()).isEqualTo("held by other");
        assertThat(Duration.between(start, clock.now)).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.serverWaits.getFirst()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.calls).isGreaterThan(4);
    }

    @Test
    void serverSideWaitsAreCappedPerRequest() throws Exception {
        ScriptedClient c = new ScriptedClient("busy", "ok");
        waiter(c).acquire(true, Duration.ofHours(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(c.serverWaits.getFirst()).isEqualTo(LockWaiter.SERVER_WAIT_CAP);
    }

    @Test
    void releaseRetriesNetworkErrors() throws Exception {
        ScriptedClient c = new ScriptedClient("down", "down", "ok");
        assertThat(waiter(c).release(10, Duration.ofSeconds(5))).isNull();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        ScriptedClient never = new ScriptedClient("down");
        assertThat(waiter(never).release(3, Duration.ofSeconds(5))).contains("connection refused");
        assertThat(never.calls).isEqualTo(3);
    }
}
