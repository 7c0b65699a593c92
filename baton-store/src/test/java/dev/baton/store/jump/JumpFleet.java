package dev.baton.store.jump;

import dev.baton.jobs.Jobs;
import dev.baton.jobs.JobsSettings;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpRunHandler;
import dev.baton.jump.run.JumpGroups;
import dev.baton.jump.run.JumpRuns;
import dev.baton.hosts.HostRegistry;
import dev.baton.store.SqlHostStore;
import dev.baton.jump.run.JumpSettings;
import dev.baton.jump.run.StandardHostTools;
import dev.baton.jump.testhosts.TestHosts;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.Locks;
import dev.baton.store.Database;
import dev.baton.store.SqlJobStore;
import dev.baton.store.SqlJumpStore;
import dev.baton.store.SqlLockStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Baton "server" for the fleet tests without HTTP: the real stores over one database, the lock service, the durable
 * jobs with the {@code jump-run} handler, and the test hosts' SSH settings and local bin directory. Several fleets over
 * one database behave as several servers (one takes over the other's runs).
 */
final class JumpFleet implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    final Database db;
    final Locks locks;
    final Jobs jobs;
    final JumpRuns runs;
    final SqlJumpStore store;
    final HostRegistry registry;

    JumpFleet(Database db, TestHosts hosts, Path logs, Duration lease) {
        this.db = db;
        this.locks = new Locks(new SqlLockStore(db, InstantSource.system()));
        this.store = new SqlJumpStore(db);
        this.jobs = new Jobs(new SqlJobStore(db), locks, JobsSettings.defaults().withLease(lease)
                .withPollInterval(Duration.ofMillis(100)), InstantSource.system());
        String path = hosts.localBin() + ":" + System.getenv("PATH");
        JumpSettings settings = JumpSettings.of(logs, hosts.settings()).withPollInterval(Duration.ofMillis(100))
                .withLocalEnvironment(Map.of("PATH", path));
        jobs.register(JumpRunHandler.KIND, new JumpRunHandler(store, locks, settings, new StandardHostTools(),
                InstantSource.system()));
        this.registry = new HostRegistry(new SqlHostStore(db), InstantSource.system());
        this.runs = new JumpRuns(store, jobs, new JumpGroups(locks.reader(), registry), InstantSource.system());
    }

    JumpFleet start() {
        jobs.start();
        return this;
    }

    JumpRun start(String name, Path recipe, String text, List<String> hosts, int slots, int maxFailures) {
        return runs.start(new JumpRuns.StartRequest(name, recipe.toString(), text, recipe.getParent().toString(), hosts,
                slots, maxFailures), "alice");
    }

    /** Waits until the run is as asked; fails with the hosts' states and messages otherwise. */
    JumpRun await(String run, Predicate<JumpRun> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            JumpRun now = runs.get(run).orElseThrow();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jump run " + run + " is " + now.state() + " (" + now.message() + ") after "
                        + PATIENCE + ": " + describe(run));
            }
            Thread.sleep(50);
        }
    }

    JumpRun awaitEnd(String run) throws InterruptedException {
        return await(run, r -> !r.state().active());
    }

    /** Waits until a host is in the state. */
    JumpHost awaitHost(String run, String host, HostState state) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            JumpHost now = runs.host(run, host).orElseThrow();
            if (now.state() == state) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(host + " is not " + state + " after " + PATIENCE + ": " + describe(run));
            }
            Thread.sleep(50);
        }
    }

    String describe(String run) {
        StringBuilder s = new StringBuilder();
        for (JumpHost h : runs.hosts(run)) {
            s.append("\n  ").append(h.name()).append(' ').append(h.state()).append(" line ").append(h.line()).append(": ")
                    .append(h.message());
        }
        return s.toString();
    }

    /** The run lock's history, oldest first. */
    List<LockEvent> history(JumpRun run) {
        List<LockEvent> events = new ArrayList<>(locks.reader().history(EventQuery.of(run.lockName(), null, 1000)).events());
        java.util.Collections.reverse(events);
        return events;
    }

    /** The most holders the lock ever had at once, replayed from its history. */
    static int mostAtOnce(List<LockEvent> history) {
        Set<String> holding = new HashSet<>();
        int most = 0;
        for (LockEvent e : history) {
            if (e.type() == EventType.ACQUIRE) {
                holding.add(e.holder());
            } else if (e.type() == EventType.RELEASE || e.type() == EventType.FORCE_RELEASE) {
                holding.remove(e.holder());
            }
            most = Math.max(most, holding.size());
        }
        return most;
    }

    @Override
    public void close() {
        jobs.close();
    }
}
