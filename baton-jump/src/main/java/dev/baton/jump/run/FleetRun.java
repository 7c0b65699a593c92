package dev.baton.jump.run;

import dev.baton.jobs.JobContext;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.lock.Hold;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One pass of a jump run on this server: the coordinator that hands out the slots of the run's lock, a virtual thread
 * per host mid-jump, and the operators' decisions and abort read from the store.
 *
 * <ul>
 *   <li><b>At most {@code slots} hosts mid-jump</b>: a host runs only while it holds a slot of {@code jump-<run>} (the
 *       lock decides, by compare-and-set); the coordinator starts hosts, in the run's order, only while the lock shows
 *       free slots, so nobody is refused and the lock's history shows one acquire and one release per host.</li>
 *   <li><b>Pre-checks before the slot</b>: a started host first connects and passes its pre-checks; a host failing
 *       them is {@link HostState#REFUSED} without ever holding a slot.</li>
 *   <li><b>Failures stop the wave</b>: a failed or interrupted host keeps its slot; while {@code maxFailures} hosts are
 *       failed the run is {@link RunState#STOPPED} and starts nobody. An operator's retry or skip runs the host on in
 *       its slot; a host that is done gives its slot back.</li>
 *   <li><b>Resume</b>: a host found running when the pass starts (Baton stopped mid-run) goes on at its next line if
 *       its last step ended; if its last step started but never ended, the step and the host become
 *       {@link HostState#INTERRUPTED} and wait for an operator: never run again blindly.</li>
 *   <li><b>Abort</b>: nobody starts another line (a host waiting for a reboot stops waiting); the remote commands
 *       running are ended ({@link HostConnection#endCommands}: their process groups get SIGTERM, then SIGKILL
 *       {@link #ABORT_GRACE} later)
 *       and their steps recorded as {@link StepState#ABORTED} with their output so far; every host that did not
 *       finish is {@link HostState#ABORTED} and every slot is given back.</li>
 *   <li><b>Server stopping</b> ({@link JobContext#cancelled()}): host threads are interrupted and the pass returns
 *       without ending the run; the next pass (here after a restart, or on another server) resumes it. An
 *       operator's cancel of the run's job ({@link JobContext#cancelledBy()}) is an abort instead.</li>
 * </ul>
 */
final class FleetRun {

    private static final System.Logger log = System.getLogger(FleetRun.class.getName());
    /** How long a remote command may take to end after the abort's SIGTERM before it gets SIGKILL. */
    static final java.time.Duration ABORT_GRACE = java.time.Duration.ofSeconds(2);

    private final JumpRun run;
    private final Recipe recipe;
    private final JumpStore store;
    private final RunSlots slots;
    private final SshConnector connector;
    /** Why there is no connector (the server's key cannot be read); {@code null} when there is one. */
    private final String sshProblem;
    private final HostTools tools;
    private final JumpSettings settings;
    private final JobContext context;
    private final String token;
    private final InstantSource clock;
    private final HostRecorder recorder;
    private final Path logDirectory;

    /** The runner's copy of every host, kept current by the host threads through the recorder. */
    private final Map<String, JumpHost> hosts = new ConcurrentHashMap<>();
    /** The connections of the hosts with a thread, so an abort can end the commands they run. */
    private final Map<String, HostConnection> connections = new ConcurrentHashMap<>();
    /** Hosts with a thread of their own now. */
    private final Map<String, Thread> active = new ConcurrentHashMap<>();
    /** Started hosts that do not hold a slot yet (connecting, pre-checks): counted against the free slots. */
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final Semaphore changes = new Semaphore(0);
    private volatile boolean aborting;
    private volatile boolean lost;
    private RunState state;

    FleetRun(JumpRun run, Recipe recipe, JumpStore store, Locks locks, SshConnector connector, String sshProblem,
             HostTools tools,
             JumpSettings settings, JobContext context, String token, InstantSource clock) {
        this.run = run;
        this.recipe = recipe;
        this.store = store;
        this.slots = new RunSlots(locks, run);
        this.connector = connector;
        this.sshProblem = sshProblem;
        this.tools = tools;
        this.settings = settings;
        this.context = context;
        this.token = token;
        this.clock = clock;
        this.recorder = new HostRecorder(store, token, host -> {
            hosts.put(host.name(), host);
            changes.release();
        });
        this.logDirectory = settings.runLogDirectory(run.name());
        this.state = run.state();
    }

    void run() throws InterruptedException {
        store.claim(run.name(), token);
        slots.open(run.slots());
        store.hosts(run.name()).forEach(h -> hosts.put(h.name(), h));
        try {
            resumeRunningHosts();
            while (true) {
                String cancelledBy = context.cancelledBy();
                if (cancelledBy != null && !lost) {
                    // An operator cancelled the run's job: that ends the run, as an abort would (not a stop to resume).
                    store.requestAbort(run.name(), cancelledBy, clock.instant());
                    abort(cancelledBy);
                    return;
                }
                if (context.cancelled() || lost) {
                    stopHosts();
                    return;
                }
                JumpRun stored = store.run(run.name()).orElseThrow();
                if (stored.abortedBy() != null) {
                    abort(stored.abortedBy());
                    return;
                }
                applyDecisions();
                boolean stopped = tooManyFailures();
                setState(stopped ? RunState.STOPPED : RunState.RUNNING, stopped ? stopMessage() : "");
                if (!stopped) {
                    startHosts();
                }
                if (active.isEmpty() && hosts.values().stream().allMatch(h -> h.state().ended())) {
                    finish();
                    return;
                }
                report();
                try {
                    changes.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (context.cancelledBy() == null) {
                        throw e;
                    } // an operator's cancel interrupts the wait: it is the abort at the top of the loop
                }
                changes.drainPermits();
            }
        } catch (LostRunException e) {
            stopHosts();
        }
    }

    // ------------------------------------------------------------------------------------------------ starting

    /** Hosts found mid-jump: on at their next line, or interrupted when a step started and never ended. */
    private void resumeRunningHosts() {
        for (JumpHost host : sorted()) {
            if (host.state() != HostState.RUNNING && host.state() != HostState.REBOOTING) {
                continue;
            }
            List<JumpStep> steps = store.steps(run.name(), host.name());
            JumpStep last = steps.isEmpty() ? null : steps.getLast();
            if (last != null && last.state() == StepState.STARTED) {
                String why = "line " + last.line() + " had started when Baton stopped and its end is unknown"
                        + (last.output().isEmpty() ? "" : " (its output so far is in the log)")
                        + ": retry or skip it";
                JumpHost interrupted = host.at(last.statement(), last.line(), host.variables(), host.expectedHostKey())
                        .state(HostState.INTERRUPTED, why, clock.instant());
                recorder.ended(last.ended(StepState.INTERRUPTED, null, last.output(), clock.instant()), interrupted);
            } else {
                launch(host, false);
            }
        }
    }

    /** Starts waiting hosts in the run's order while the lock has free slots (and any that already hold one). */
    private void startHosts() {
        LockView lock = slots.view();
        Set<String> holders = lock.holders().stream().map(LockView.HolderView::holder).collect(Collectors.toSet());
        int free = lock.free() - (int) starting.stream().filter(h -> !holders.contains(h)).count();
        for (JumpHost host : sorted()) {
            if (host.state() != HostState.WAITING || active.containsKey(host.name())) {
                continue;
            }
            if (holders.contains(host.name())) {
                launch(host, true); // took its slot just before Baton stopped
            } else if (free > 0) {
                free--;
                launch(host, true);
            }
        }
    }

    private void launch(JumpHost host, boolean preChecks) {
        if (preChecks) {
            starting.add(host.name());
        }
        active.put(host.name(), Thread.ofVirtual().name("jump-" + run.name() + "-" + host.name())
                .unstarted(() -> hostThread(host, preChecks)));
        active.get(host.name()).start();
    }

    /** One host: connect, pre-checks (a new host), its slot, then its lines. */
    private void hostThread(JumpHost start, boolean preChecks) {
        String name = start.name();
        Path logFile = InternalVariables.logFile(logDirectory, name);
        try (HostLog hostLog = new HostLog(logFile);
             HostConnection connection = new HostConnection(connector, sshProblem, HostAddress.parse(start.address()))) {
            connections.put(name, connection);
            if (aborting) {
                connection.endCommands(ABORT_GRACE); // the abort came before this host's connection was known
            }
            JumpHost host = start;
            if (host.variables().isEmpty()) {
                host = host.at(host.next(), host.line(), HostJump.map(InternalVariables.forHost(name, logDirectory)),
                        host.expectedHostKey());
            }
            if (preChecks) {
                List<String> problems = preCheck(host, connection);
                if (!problems.isEmpty()) {
                    String why = "not started: " + String.join("; ", problems);
                    hostLog.note(why);
                    recorder.save(host.state(HostState.REFUSED, why, clock.instant()));
                    return;
                }
            }
            if (preChecks && tooManyFailures()) {
                return; // the wave stopped while this host was checked: it stays waiting, without a slot
            }
            if (!slots.take(name)) {
                if (!preChecks) {
                    recorder.save(host.state(HostState.FAILED, "its slot of " + run.lockName()
                            + " was taken away and none is free: retry when one is", clock.instant()));
                }
                return; // a new host stays waiting: its turn comes again
            }
            starting.remove(name);
            hostLog.note("holds a slot of " + run.lockName());
            host = host.state(HostState.RUNNING, "holds a slot", clock.instant());
            recorder.save(host);
            List<JumpStep> steps = store.steps(run.name(), name);
            int lastSeq = steps.isEmpty() ? 0 : steps.getLast().seq();
            LocalShell shell = new LocalShell(Path.of(run.directory()), settings.localEnvironment(),
                    settings.commandTimeout());
            JumpHost ended = new HostJump(recipe, settings, tools, recorder, connection, shell, hostLog, clock, lastSeq)
                    .run(host, () -> aborting || context.cancelled(), () -> aborting);
            if (ended.state() == HostState.DONE) {
                slots.give(name);
            }
        } catch (LostRunException e) {
            lost = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the host is resumed (or found interrupted) next pass
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "jump run {0}, host {1}: {2}", run.name(), name, e.toString());
            JumpHost now = hosts.get(name);
            try {
                recorder.save(now.state(HostState.FAILED, "Baton could not run it: " + e.getMessage(), clock.instant()));
            } catch (RuntimeException again) {
                lost = true;
            }
        } finally {
            connections.remove(name);
            starting.remove(name);
            active.remove(name);
            changes.release();
        }
    }

    private List<String> preCheck(JumpHost host, HostConnection connection) throws InterruptedException {
        try {
            return tools.preChecks(connection.session(host.expectedHostKey()), recipe,
                    Variables.of(host.variables()));
        } catch (IOException e) {
            return List.of("cannot reach it over SSH: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ operators

    /** Acts on the retries and skips operators stored for hosts that wait for one. */
    private void applyDecisions() {
        for (JumpHost stored : store.hosts(run.name())) {
            if (stored.decision() == null || active.containsKey(stored.name())) {
                continue;
            }
            JumpHost host = hosts.get(stored.name()).decided(null);
            if (host.state() == HostState.REFUSED && stored.decision() == Decision.RETRY) {
                recorder.save(host.state(HostState.WAITING, "pre-checks again (retried by an operator)", clock.instant()));
            } else if (host.state().awaitsOperator() && stored.decision() == Decision.RETRY) {
                JumpHost retried = host.state(HostState.RUNNING, "line " + host.line() + " again (retried by an operator)",
                        clock.instant());
                recorder.save(retried);
                launch(retried, false);
            } else if (host.state().awaitsOperator() && stored.decision() == Decision.SKIP) {
                List<JumpStep> steps = store.steps(run.name(), host.name());
                JumpHost skipped = host.at(host.next() + 1, host.line(), host.variables(), host.expectedHostKey())
                        .state(HostState.RUNNING, "line " + host.line() + " skipped by an operator", clock.instant());
                if (!steps.isEmpty() && steps.getLast().statement() == host.next()) {
                    JumpStep last = steps.getLast();
                    recorder.ended(last.ended(StepState.SKIPPED, last.exitStatus(), last.output(), clock.instant()),
                            skipped);
                } else {
                    recorder.save(skipped);
                }
                launch(skipped, false);
            } else {
                recorder.save(host); // a decision that no longer applies: cleared
            }
        }
    }

    private void abort(String by) throws InterruptedException {
        aborting = true;
        hosts.values().stream().filter(h -> h.state() == HostState.REBOOTING)
                .map(h -> active.get(h.name())).filter(java.util.Objects::nonNull).forEach(Thread::interrupt);
        // Remote commands running now are ended (TERM, then KILL): their lines are recorded as ended by the abort.
        connections.values().forEach(c -> c.endCommands(ABORT_GRACE));
        for (Thread thread : List.copyOf(active.values())) {
            thread.join();
        }
        for (JumpHost host : sorted()) {
            if (!host.state().ended()) {
                String why = host.state() == HostState.WAITING ? "never started: the run was aborted by " + by
                        : "stopped at line " + host.line() + ": the run was aborted by " + by;
                recorder.save(host.decided(null).state(HostState.ABORTED, why, clock.instant()));
            }
            slots.give(host.name());
        }
        saveRun(RunState.ABORTED, "aborted by " + by + "; " + summary());
    }

    // ------------------------------------------------------------------------------------------------ the run

    private void stopHosts() throws InterruptedException {
        active.values().forEach(Thread::interrupt);
        for (Thread thread : List.copyOf(active.values())) {
            thread.join(5_000);
        }
    }

    private void finish() {
        saveRun(RunState.FINISHED, summary());
        report();
    }

    private void setState(RunState newState, String message) {
        if (newState != state) {
            saveRun(newState, message);
        }
    }

    private void saveRun(RunState newState, String message) {
        state = newState;
        if (!store.saveRun(token, run.with(newState, message, newState.active() ? null : clock.instant()))) {
            throw new LostRunException(run.name());
        }
    }

    private void report() {
        long ended = hosts.values().stream().filter(h -> h.state().ended()).count();
        context.progress(ended, hosts.size(), "hosts", summary());
    }

    /** "3 done, 1 failed, 8 waiting": how many hosts are in each state, in the states' order. */
    String summary() {
        Map<HostState, Long> counts = hosts.values().stream()
                .collect(Collectors.groupingBy(JumpHost::state, () -> new java.util.EnumMap<>(HostState.class),
                        Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().wireName())
                .collect(Collectors.joining(", "));
    }

    /**
     * Whether {@code --max-failures} hosts are failed or refused now: no host may take a slot. A refused host never
     * held a slot, but it counts: twelve hosts refused for a wrong key must stop the wave as twelve failures would.
     */
    private boolean tooManyFailures() {
        return run.maxFailures() > 0 && failures().size() >= run.maxFailures();
    }

    /** The failed and refused hosts, in the run's order. */
    private List<JumpHost> failures() {
        return sorted().stream().filter(h -> h.state() == HostState.FAILED || h.state() == HostState.REFUSED).toList();
    }

    /** Why the run stopped: how many hosts failed or were refused, and which, with each one's reason. */
    private String stopMessage() {
        List<JumpHost> failures = failures();
        boolean refused = failures.stream().anyMatch(h -> h.state() == HostState.REFUSED);
        String counted = failures.size() + " host" + (failures.size() == 1 ? "" : "s")
                + (refused ? " failed or were refused" : " failed");
        return counted + " (--max-failures " + run.maxFailures() + "): no more hosts start until an operator retries "
                + (refused ? "a refused host or retries or skips a failed one" : "or skips a failed one")
                + ", or aborts; " + failures.stream().map(h -> h.name() + " " + h.state().wireName() + ": "
                + h.message()).collect(Collectors.joining("; "));
    }

    private List<JumpHost> sorted() {
        return hosts.values().stream().sorted(Comparator.comparingInt(JumpHost::position)).toList();
    }
}
