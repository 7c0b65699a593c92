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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent plan}: what a run would do, without doing any of it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
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

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        PrintStream out = ctx.out();
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
        Phase from = state.map(RunState::next).orElse(Phase.NEEDS_UPDATE);
        out.println("lock: " + c.lockName() + " via " + c.protocol() + (c.endpoint() != null ? " at " + c.endpoint() : "")
                + ", holder " + (c.holder() != null ? c.holder() : "(this host's FQDN)"));
        if (state.isEmpty() || from == Phase.NEEDS_UPDATE) {
            out.println("state: no run in progress; a run starts with needs_update");
            DateConstraint dc = dateConstraint != null ? dateConstraint : c.dateConstraint();
            ZoneId zone = c.window() != null ? c.window().zone() : ZoneId.systemDefault();
            var today = ctx.clock().instant().atZone(zone).toLocalDate();
            if (dc != null) {
                out.println("date constraint " + dc + ": today (" + today + ") " + (dc.matches(today) ? "matches" : "does NOT match: a run now does nothing"));
            }
            if (c.window() != null) {
                out.println("window " + c.window() + ": now " + (c.window().contains(ctx.clock().instant()) ? "inside" : "OUTSIDE: a run now does nothing"));
            }
        } else {
            out.println("state: run " + state.get().runId() + " resumes at " + from + (state.get().done().isEmpty() ? ""
                    : " (already done there: " + String.join(", ", state.get().done()) + ")") + "; the lock is "
                    + (from.lockHeld() ? "held" : "not yet held"));
        }
        ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());
        for (Phase p : Phase.values()) {
            String marker = p.compareTo(from) < 0 ? " (done)" : "";
            switch (p) {
                case LOCK_GET -> out.println(p + marker + ": take lock " + c.lockName()
                        + (c.waitForLock() ? ", waiting up to " + c.waitMax().toSeconds() + " s" : ", one try"));
                case LOCK_RELEASE -> out.println(p + marker + ": release lock " + c.lockName() + ", remove the state file");
                case REBOOT -> {
                    if (c.rebootCmd() != null) {
                        out.println(p + marker + ": reboot_cmd: " + c.rebootCmd() + " (state post_update first)");
                    } else {
                        printScan(out, p + marker + " (reboot.d)", scanner.scan(c.dir(p.dirKey()), ScriptScanner.Rules.UPDATER), state, p == from, PHASE_FAILS);
                    }
                }
                default -> {
                    printScan(out, p + marker, scanner.scan(c.dir(p.dirKey()), ScriptScanner.Rules.UPDATER), state, p == from, PHASE_FAILS);
                    if (p == Phase.PRE_UPDATE || p == Phase.POST_UPDATE) {
                        for (String user : c.userScriptUsers()) {
                            var account = Passwd.lookup(user);
                            if (account.isEmpty()) {
                                out.println("  user " + user + ": no such user; their scripts are skipped");
                                continue;
                            }
                            Path dir = account.get().home().resolve("dlm_engine_updater").resolve(p.dirKey());
                            printScan(out, "  scripts of " + user + " (sudo -n -u " + user + ")",
                                    scanner.scan(dir, ScriptScanner.Rules.UPDATER, user, account.get().uid()), state, p == from,
                                    "none of their scripts runs");
                        }
                    }
                    if (p == Phase.NEEDS_REBOOT) {
                        out.println("  no scripts, or any non-zero exit: reboot; all exit 0: straight to post_update");
                    }
                }
            }
        }
        printScan(out, "hooks ext_notify.d (after every script, with 6 arguments)",
                scanner.scan(c.dir("ext_notify.d"), ScriptScanner.Rules.UPDATER), Optional.empty(), false, "no hooks run");
        printScan(out, "hooks on_failure.d (when a phase fails)",
                scanner.scan(c.dir("on_failure.d"), ScriptScanner.Rules.UPDATER), Optional.empty(), false, "no hooks run");
        return ExitCodes.OK;
    }

    private static void printScan(PrintStream out, String title, ScriptScan scan, Optional<RunState> state, boolean current,
                                  String ifUnusable) {
        if (scan.dir() == null) {
            out.println(title + ": (no directory configured)");
            return;
        }
        String problem = scan.problem() == null ? "" : scan.missing() ? " (does not exist: " : " (refused: " + scan.refused() + ": ";
        if (!problem.isEmpty()) {
            problem += ifUnusable + ")";
        }
        out.println(title + ": " + scan.dir() + problem);
        for (Script s : scan.scripts()) {
            boolean done = current && state.map(st -> st.done().contains(s.label())).orElse(false);
            out.println("  " + (done ? "done " : "run  ") + s.label());
        }
        for (SkippedFile f : scan.skipped()) {
            out.println("  skip " + f.path().getFileName() + ": " + f.reason());
        }
    }
}
