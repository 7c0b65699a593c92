package dev.baton.console;

import dev.baton.console.view.JumpHostGroup;
import dev.baton.console.view.JumpHostItem;
import dev.baton.console.view.JumpHostView;
import dev.baton.console.view.JumpRunRow;
import dev.baton.console.view.JumpRunView;
import dev.baton.console.view.JumpRunsView;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpStep;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockReader;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The read models of the jump pages, over {@link JumpRuns} (the same reads the jump API makes) and the run's lock. A
 * run page reads the run, its hosts, the lock {@code jump-NAME} and the steps of the hosts that stopped (failed or
 * interrupted: they hold slots, so there are few); a host page reads that host's steps.
 */
final class JumpReads {

    /** Runs on one page of the Jumps list. */
    static final int RUNS_PAGE = 50;
    /** Hosts listed at most per state on a run page; the rest are counted. */
    static final int GROUP_SHOWN = 200;

    /** The groups of a run page, in the order they are shown: what needs an operator first. */
    private static final List<Group> GROUPS = List.of(
            new Group(HostState.INTERRUPTED, "Awaiting a decision",
                    "A line had started but its end is unknown (Baton stopped or lost the host): it is never run again by "
                            + "itself. Read its output so far, then retry or skip it."),
            new Group(HostState.FAILED, "Failed",
                    "A line failed: the host keeps its slot until an operator retries or skips the line."),
            new Group(HostState.RUNNING, "Running", "Holds a slot and runs its recipe."),
            new Group(HostState.REBOOTING, "Rebooting",
                    "Holds a slot and waits for the host to go down and answer on SSH again."),
            new Group(HostState.WAITING, "Waiting", "Not started yet; they take slots in this order."),
            new Group(HostState.REFUSED, "Refused by a pre-check", "Never started and never held a slot."),
            new Group(HostState.DONE, "Done", "Every line ran; the slot was given back."),
            new Group(HostState.ABORTED, "Aborted", "The run was aborted before these hosts finished."));

    private record Group(HostState state, String title, String hint) {
    }

    private final JumpRuns runs;
    private final LockReader locks;
    private final InstantSource clock;

    JumpReads(JumpRuns runs, LockReader locks, InstantSource clock) {
        this.runs = runs;
        this.locks = locks;
        this.clock = clock;
    }

    JumpRunsView runs(String before) {
        Instant cursor;
        try {
            cursor = before.isEmpty() ? null : Instant.parse(before);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("before must be a time such as 2030-01-01T00:00:00Z, got '" + before + "'");
        }
        List<JumpRun> page = runs.list(cursor, RUNS_PAGE);
        List<JumpRunRow> rows = page.stream().map(r -> new JumpRunRow(r, counts(runs.hosts(r.name())))).toList();
        Instant next = page.size() == RUNS_PAGE ? page.getLast().createdAt() : null;
        return new JumpRunsView(rows, cursor, next, clock.instant());
    }

    JumpRunView run(String name) {
        JumpRun run = run(runs, name);
        List<JumpHost> hosts = runs.hosts(run.name());
        List<String> recipe = run.recipeText().lines().toList();
        Map<HostState, List<JumpHostItem>> byState = new EnumMap<>(HostState.class);
        Map<HostState, Integer> counts = counts(hosts);
        for (JumpHost host : hosts) { // in the run's order
            List<JumpHostItem> shown = byState.computeIfAbsent(host.state(), s -> new ArrayList<>());
            if (shown.size() < GROUP_SHOWN) {
                shown.add(item(run, host, recipe));
            }
        }
        List<JumpHostGroup> groups = new ArrayList<>();
        for (Group g : GROUPS) {
            if (byState.containsKey(g.state())) {
                groups.add(new JumpHostGroup(g.state().wireName(), g.title(), g.hint(), byState.get(g.state()),
                        counts.get(g.state())));
            }
        }
        return new JumpRunView(run, groups, locks.show(run.lockName()).orElse(null), hosts.size(), clock.instant());
    }

    JumpHostView host(String runName, String hostName) {
        JumpRun run = run(runs, runName);
        JumpHost host = host(runs, run, hostName);
        List<JumpStep> steps = runs.steps(run.name(), host.name());
        JumpHostItem item = new JumpHostItem(run, host, source(run.recipeText().lines().toList(), host.line()),
                stopped(host, steps));
        return new JumpHostView(item, steps, clock.instant());
    }

    /** A host as the run page lists it; the steps are read only for a host that stopped at one. */
    private JumpHostItem item(JumpRun run, JumpHost host, List<String> recipe) {
        List<JumpStep> steps = host.state().awaitsOperator() ? runs.steps(run.name(), host.name()) : List.of();
        return new JumpHostItem(run, host, source(recipe, host.line()), stopped(host, steps));
    }

    static JumpRun run(JumpRuns runs, String name) {
        return runs.get(name).orElseThrow(() -> new Refusal(404, "Not found", "There is no jump run named " + name
                + "; the Jumps page lists them."));
    }

    static JumpHost host(JumpRuns runs, JumpRun run, String name) {
        return runs.host(run.name(), name).orElseThrow(() -> new Refusal(404, "Not found", "Jump run " + run.name()
                + " has no host named " + name + "."));
    }

    /** The step a failed or interrupted host stopped at: its last, when it is the line the host stands at. */
    private static JumpStep stopped(JumpHost host, List<JumpStep> steps) {
        if (!host.state().awaitsOperator() || steps.isEmpty()) {
            return null;
        }
        JumpStep last = steps.getLast();
        return last.line() == host.line() ? last : null;
    }

    private static String source(List<String> recipe, int line) {
        return line < 1 || line > recipe.size() ? "" : recipe.get(line - 1).strip();
    }

    private static Map<HostState, Integer> counts(List<JumpHost> hosts) {
        Map<HostState, Integer> counts = new EnumMap<>(HostState.class);
        hosts.forEach(h -> counts.merge(h.state(), 1, Integer::sum));
        return counts;
    }
}
