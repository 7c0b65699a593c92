package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.Passwd;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.schedule.DateConstraint;
import dev.baton.agent.script.Script;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.script.SkippedFile;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.state.StateFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent plan}: what a run would do, without doing any of it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        // written out: picocli would cut N:Day[,N:Day...] in two at 80 columns
        customSynopsis = {"baton-agent plan [--json] [-c=PATH] [--date_constraint=N:Day[,N:Day...]]", "                        [-hV]"},
        description = {"Shows what a run would do: every phase, every script in the order it would run, every file that "
                + "would be skipped and why, and whether the date constraint and window allow a new run now.",
                "Touches nothing: no script runs, no lock is taken, no file is written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:plan shown", "1:bad configuration or state file", "2:wrong command line"})
public final class PlanCommand implements Callable<Integer> {

    private static final String PHASE_FAILS = "a run fails here, keeping the lock if it holds it";

    @ParentCommand
    private AgentCommand main;

    @Option(names = {"--cfg", "-c"}, paramLabel = "PATH", description = "Configuration file (default: as for run).")
    private Path cfg;

    @Option(names = {"--date_constraint", "--date-constraint"}, paramLabel = "N:Day[,N:Day...]", converter = DateConstraintConverter.class,
            description = "As for run.")
    private DateConstraint dateConstraint;

    @Option(names = "--json", description = "Print the plan as one JSON object (field names: see docs/agent.md).")
    private boolean json;

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        AgentConfig c = Configs.load(cfg, ctx, false);
        if (c == null) {
            return ExitCodes.FAILURE;
        }
        Optional<RunState> state;
        try {
            state = new StateFile(c.state(), ctx.clock()).peek();
        } catch (StateFileException | IOException e) {
            ctx.err().println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        PlanView plan = view(c, ctx, state);
        if (json) {
            ctx.out().println(Json.write(plan));
        } else {
            print(ctx.out(), plan);
        }
        return ExitCodes.OK;
    }

    private PlanView view(AgentConfig c, AgentContext ctx, Optional<RunState> state) {
        Phase from = state.map(RunState::next).orElse(Phase.NEEDS_UPDATE);
        boolean inProgress = state.isPresent() && from != Phase.NEEDS_UPDATE;
        PlanView.LockView lock = new PlanView.LockView(c.lockName(), c.protocol().configName(), c.endpoint() == null ? null
                : c.endpoint().toString(), c.holder(), c.waitForLock(), c.waitForLock() ? c.waitMax().toSeconds() : 0);
        PlanView.StateView stateView = new PlanView.StateView(inProgress, state.map(RunState::runId).orElse(null), from.stateName(),
                state.map(RunState::done).orElse(List.of()), from.lockHeld(),
                state.map(RunState::running).map(r -> r.script()).orElse(null), state.map(RunState::rebootBootId).orElse(null));
        PlanView.GatesView gates = inProgress ? null : gates(c, ctx);
        Set<String> done = new HashSet<>(state.map(RunState::done).orElse(List.of()));
        ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());
        List<PlanView.PhaseView> phases = new ArrayList<>();
        for (Phase p : Phase.values()) {
            boolean past = p.compareTo(from) < 0;
            Set<String> doneHere = p == from ? done : Set.of();
            String does = switch (p) {
                case LOCK_GET -> "take lock " + c.lockName() + (c.waitForLock() ? ", waiting up to " + c.waitMax().toSeconds() + " s"
                        : ", one try");
                case LOCK_RELEASE -> "release lock " + c.lockName() + ", remove the state file";
                case REBOOT -> c.rebootCmd() != null ? "reboot_cmd: " + c.rebootCmd() + " (state post_update first)" : null;
                case NEEDS_REBOOT -> "no scripts, or any non-zero exit: reboot; all exit 0: straight to post_update";
                default -> null;
            };
            PlanView.DirView dir = p.dirKey() == null || (p == Phase.REBOOT && c.rebootCmd() != null) ? null
                    : dir(scanner.scan(c.dir(p.dirKey()), ScriptScanner.Rules.UPDATER), doneHere, PHASE_FAILS);
            List<PlanView.UserScriptsView> users = new ArrayList<>();
            if (p == Phase.PRE_UPDATE || p == Phase.POST_UPDATE) {
                c.userScriptUsers().forEach(user -> users.add(userScripts(scanner, user, p, doneHere)));
            }
            phases.add(new PlanView.PhaseView(p.stateName(), past, does, dir, users));
        }
        return new PlanView(lock, stateView, gates, phases,
                dir(scanner.scan(c.dir("ext_notify.d"), ScriptScanner.Rules.UPDATER), Set.of(), "no hooks run"),
                dir(scanner.scan(c.dir("on_failure.d"), ScriptScanner.Rules.UPDATER), Set.of(), "no hooks run"));
    }

    /** The scripts {@code user} keeps for {@code phase}: {@code ~user/dlm_engine_updater/<phase>.d}, run through sudo. */
    private static PlanView.UserScriptsView userScripts(ScriptScanner scanner, String user, Phase phase, Set<String> done) {
        var account = Passwd.lookup(user);
        if (account.isEmpty()) {
            return new PlanView.UserScriptsView(user, false, null);
        }
        Path dir = account.get().home().resolve("dlm_engine_updater").resolve(phase.dirKey());
        ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.UPDATER, user, account.get().uid());
        return new PlanView.UserScriptsView(user, true, dir(scan, done, "none of their scripts runs"));
    }

    /** Whether a new run would start now: the date constraint ({@code --date_constraint} first) and the window. */
    private PlanView.GatesView gates(AgentConfig c, AgentContext ctx) {
        DateConstraint dc = dateConstraint != null ? dateConstraint : c.dateConstraint();
        ZoneId zone = c.window() != null ? c.window().zone() : ZoneId.systemDefault();
        var today = ctx.clock().instant().atZone(zone).toLocalDate();
        Boolean matches = dc == null ? null : dc.matches(today);
        Boolean inside = c.window() == null ? null : c.window().contains(ctx.clock().instant());
        return new PlanView.GatesView(dc == null ? null : dc.toString(), matches, c.window() == null ? null : c.window().toString(), inside,
                !Boolean.FALSE.equals(matches) && !Boolean.FALSE.equals(inside));
    }

    private static PlanView.DirView dir(ScriptScan scan, Set<String> done, String ifProblem) {
        List<PlanView.ScriptView> scripts = new ArrayList<>();
        for (Script s : scan.scripts()) {
            scripts.add(new PlanView.ScriptView(s.name(), s.runAs(), done.contains(s.label())));
        }
        List<PlanView.SkippedView> skipped = new ArrayList<>();
        if (scan.refused() == null) {
            for (SkippedFile f : scan.skipped()) {
                skipped.add(new PlanView.SkippedView(f.path().getFileName().toString(), f.reason()));
            }
        }
        String problem = scan.dir() == null ? null : scan.problem();
        return new PlanView.DirView(scan.dir() == null ? null : scan.dir().toString(), problem, problem == null ? null : ifProblem,
                scripts, skipped);
    }

    private static void print(PrintStream out, PlanView plan) {
        PlanView.LockView l = plan.lock();
        out.println("lock: " + l.name() + " via " + l.protocol() + (l.endpoint() != null ? " at " + l.endpoint() : "")
                + ", holder " + (l.holder() != null ? l.holder() : "(this host's FQDN)"));
        PlanView.StateView st = plan.state();
        if (!st.inProgress()) {
            out.println("state: no run in progress; a run starts with needs_update");
            PlanView.GatesView g = plan.gates();
            if (g.dateConstraint() != null) {
                out.println("date constraint " + g.dateConstraint() + ": today " + (g.dateMatches() ? "matches" : "does NOT match: a run now does nothing"));
            }
            if (g.window() != null) {
                out.println("window " + g.window() + ": now " + (g.insideWindow() ? "inside" : "OUTSIDE: a run now does nothing"));
            }
        } else {
            out.println("state: run " + st.runId() + " resumes at " + st.resumesAt() + (st.done().isEmpty() ? ""
                    : " (already done there: " + String.join(", ", st.done()) + ")") + "; the lock is "
                    + (st.lockHeld() ? "held (a resumed run checks that with the server first)" : "not yet held"));
            if (st.runningScript() != null) {
                out.println("  " + st.runningScript() + " was left running by a killed run: a run waits for it or refuses (status says more)");
            }
            if (st.rebootBootId() != null) {
                out.println("  post_update waits for the reboot (the reboot command ran in boot " + st.rebootBootId() + ")");
            }
        }
        for (PlanView.PhaseView p : plan.phases()) {
            String title = p.phase() + (p.done() ? " (done)" : "");
            if (p.scripts() == null) {
                out.println(title + ": " + p.does());
                continue;
            }
            printDir(out, p.phase().equals("reboot") ? title + " (reboot.d)" : title, p.scripts());
            for (PlanView.UserScriptsView u : p.userScripts()) {
                if (!u.exists()) {
                    out.println("  user " + u.user() + ": no such user; their scripts are skipped");
                } else {
                    printDir(out, "  scripts of " + u.user() + " (sudo -n -u " + u.user() + ")", u.scripts());
                }
            }
            if (p.does() != null) {
                out.println("  " + p.does());
            }
        }
        printDir(out, "hooks ext_notify.d (after every script, with 6 arguments)", plan.extNotify());
        printDir(out, "hooks on_failure.d (when a phase fails)", plan.onFailure());
    }

    private static void printDir(PrintStream out, String title, PlanView.DirView d) {
        if (d.dir() == null) {
            out.println(title + ": (no directory configured)");
            return;
        }
        String problem = d.problem() == null ? "" : " (" + (d.problem().equals("does not exist") ? "does not exist" : "refused: " + d.problem())
                + ": " + d.ifProblem() + ")";
        out.println(title + ": " + d.dir() + problem);
        for (PlanView.ScriptView s : d.scripts()) {
            out.println("  " + (s.done() ? "done " : "run  ") + (s.runAs() == null ? s.name() : s.runAs() + ":" + s.name()));
        }
        for (PlanView.SkippedView f : d.skipped()) {
            out.println("  skip " + f.file() + ": " + f.reason());
        }
    }
}
