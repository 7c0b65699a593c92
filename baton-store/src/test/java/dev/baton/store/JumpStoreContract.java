package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpStep;
import dev.baton.jump.run.JumpStore;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.StepState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jump store's contract, run on the embedded store and on PostgreSQL. */
abstract class JumpStoreContract {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    abstract Database database();

    private Database db;
    JumpStore store;

    @BeforeEach
    void open() {
        db = database();
        store = new SqlJumpStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static JumpRun run(String name, Instant at) {
        return new JumpRun(name, "/recipes/nextrel.cfg", "remote true\n", "/recipes", 3, 1, RunState.RUNNING, "alice", at,
                null, null, "");
    }

    private void created(String name, String... hosts) {
        List<JumpHost> list = new java.util.ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            list.add(JumpHost.waiting(name, i, hosts[i], hosts[i] + "=127.0.0.1:22", T0));
        }
        assertThat(store.create(run(name, T0), list)).isTrue();
    }

    @Test
    void aRunIsStoredWithItsHostsInOrderAndANameIsTakenOnce() {
        created("wave1", "h3", "h1", "h2");
        assertThat(store.create(run("wave1", T0.plusSeconds(1)), List.of())).as("same name").isFalse();
        JumpRun run = store.run("wave1").orElseThrow();
        assertThat(run).isEqualTo(run("wave1", T0));
        assertThat(run.lockName()).isEqualTo("jump-wave1");
        assertThat(store.hosts("wave1")).extracting(JumpHost::name).containsExactly("h3", "h1", "h2");
        assertThat(store.host("wave1", "h1").orElseThrow().state()).isEqualTo(HostState.WAITING);
        assertThat(store.host("wave1", "nope")).isEmpty();
        assertThat(store.run("nope")).isEmpty();

        assertThat(store.create(run("wave2", T0.plusSeconds(10)), List.of())).isTrue();
        assertThat(store.create(run("wave3", T0.plusSeconds(20)), List.of())).isTrue();
        assertThat(store.runs(null, 2)).extracting(JumpRun::name).containsExactly("wave3", "wave2");
        assertThat(store.runs(T0.plusSeconds(10), 10)).extracting(JumpRun::name).containsExactly("wave1");
    }

    @Test
    void aStepIsRecordedStartedBeforeItRunsAndEndedWithTheHostsNewPlaceAndVariables() {
        created("r", "h1");
        store.claim("r", "server-a:1");
        JumpHost waiting = store.host("r", "h1").orElseThrow();
        JumpHost running = waiting.state(HostState.RUNNING, "line 4", T0.plusSeconds(1)).at(2, 4, waiting.variables(), null);
        JumpStep step = new JumpStep("r", "h1", 1, 2, 4, "echo hi", StepState.STARTED, null, "", T0.plusSeconds(1), null);
        assertThat(store.stepStarted("server-a:1", step, running)).isTrue();
        assertThat(store.steps("r", "h1")).containsExactly(step);
        assertThat(store.host("r", "h1").orElseThrow().state()).isEqualTo(HostState.RUNNING);

        assertThat(store.stepOutput("server-a:1", step.withOutput("hi so far\n"))).isTrue();
        assertThat(store.steps("r", "h1").getFirst().output()).isEqualTo("hi so far\n");

        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("_HOST", "h1");
        vars.put("ODD", "a=b \\ c\nsecond line\r\n");
        vars.put("EMPTY", "");
        JumpStep ended = step.ended(StepState.SUCCEEDED, 0, "hi\n", T0.plusSeconds(2));
        JumpHost after = running.at(3, 4, vars, "SHA256:abc");
        assertThat(store.stepEnded("server-a:1", ended, after)).isTrue();
        assertThat(store.steps("r", "h1")).containsExactly(ended);
        JumpHost read = store.host("r", "h1").orElseThrow();
        assertThat(read).isEqualTo(after);
        assertThat(List.copyOf(read.variables().keySet())).containsExactly("_HOST", "ODD", "EMPTY");
        assertThat(read.variables().get("ODD")).isEqualTo("a=b \\ c\nsecond line\r\n");
        assertThat(read.startedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aRunnerThatLostTheRunChangesNothing() {
        created("r", "h1");
        store.claim("r", "server-a:1");
        JumpHost host = store.host("r", "h1").orElseThrow();
        store.claim("r", "server-b:2");
        JumpHost running = host.state(HostState.RUNNING, "", T0.plusSeconds(1));
        JumpStep step = new JumpStep("r", "h1", 1, 0, 1, "true", StepState.STARTED, null, "", T0, null);
        assertThat(store.saveHost("server-a:1", running)).isFalse();
        assertThat(store.stepStarted("server-a:1", step, running)).isFalse();
        assertThat(store.stepOutput("server-a:1", step)).isFalse();
        assertThat(store.stepEnded("server-a:1", step.ended(StepState.SUCCEEDED, 0, "", T0), running)).isFalse();
        assertThat(store.saveRun("server-a:1", run("r", T0).with(RunState.FINISHED, "", T0))).isFalse();
        assertThat(store.steps("r", "h1")).isEmpty();
        assertThat(store.host("r", "h1").orElseThrow()).isEqualTo(host);
        assertThat(store.run("r").orElseThrow().state()).isEqualTo(RunState.RUNNING);

        assertThat(store.saveHost("server-b:2", running)).isTrue();
        assertThat(store.saveRun("server-b:2", run("r", T0).with(RunState.FINISHED, "all done", T0.plusSeconds(9))))
                .isTrue();
        JumpRun finished = store.run("r").orElseThrow();
        assertThat(finished.state()).isEqualTo(RunState.FINISHED);
        assertThat(finished.message()).isEqualTo("all done");
        assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void anOperatorDecidesOnceAndOnlyForAHostThatWaitsForIt() {
        created("r", "h1", "h2", "h3");
        store.claim("r", "t");
        assertThat(store.decide("r", "h1", Decision.RETRY, T0)).as("a waiting host").isFalse();
        JumpHost failed = store.host("r", "h1").orElseThrow().state(HostState.FAILED, "exit 1", T0);
        store.saveHost("t", failed);
        assertThat(store.decide("r", "h1", Decision.SKIP, T0)).isTrue();
        assertThat(store.decide("r", "h1", Decision.RETRY, T0)).as("already decided").isFalse();
        assertThat(store.host("r", "h1").orElseThrow().decision()).isEqualTo(Decision.SKIP);

        // The runner acts on it: the decision is cleared with the host's new state.
        store.saveHost("t", failed.decided(null).state(HostState.RUNNING, "", T0));
        assertThat(store.host("r", "h1").orElseThrow().decision()).isNull();

        store.saveHost("t", store.host("r", "h2").orElseThrow().state(HostState.REFUSED, "no swap", T0));
        assertThat(store.decide("r", "h2", Decision.SKIP, T0)).as("a refused host is left out already").isFalse();
        assertThat(store.decide("r", "h2", Decision.RETRY, T0)).as("its pre-checks again").isTrue();

        store.saveHost("t", store.host("r", "h3").orElseThrow().state(HostState.INTERRUPTED, "", T0));
        store.saveRun("t", run("r", T0).with(RunState.ABORTED, "", T0));
        assertThat(store.decide("r", "h3", Decision.RETRY, T0)).as("the run ended").isFalse();
        assertThat(store.decide("nope", "h3", Decision.RETRY, T0)).isFalse();
    }

    @Test
    void anAbortIsRequestedOnceAndOnlyForAnActiveRun() {
        created("r", "h1");
        assertThat(store.requestAbort("r", "bob", T0)).isTrue();
        assertThat(store.requestAbort("r", "carol", T0)).isFalse();
        assertThat(store.run("r").orElseThrow().abortedBy()).isEqualTo("bob");
        created("done", "h1");
        store.claim("done", "t");
        store.saveRun("t", run("done", T0).with(RunState.FINISHED, "", T0));
        assertThat(store.requestAbort("done", "bob", T0)).isFalse();
        assertThat(store.requestAbort("nope", "bob", T0)).isFalse();
    }
}
