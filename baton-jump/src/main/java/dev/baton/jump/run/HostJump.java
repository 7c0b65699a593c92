package dev.baton.jump.run;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.UndefinedVariableException;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.CommandResult;
import dev.baton.jump.builtin.Reboots;
import dev.baton.jump.ssh.CommandTimeoutException;
import dev.baton.jump.ssh.ConnectionLostException;
import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostWaitTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One host's way through the recipe, from the statement it is at to the end, a failure or a stop.
 *
 * <p>Each line with an effect ({@code key=`cmd`}, {@code local}, {@code remote}, built-ins) is a step: recorded as
 * started before it runs, then ended with its exit status, output tail and the host's new position and variables.
 * {@code key=value} and {@code print} lines only change the variables or the log; they run again after a resume, from
 * the position of the last step that ended, and their effect is saved with the next step. So a resumed host never
 * runs a command twice, and a variable set by a command is never set by running it again.
 *
 * <p>A reboot ({@code remote reboot}, {@code jump(reboot[, TIMEOUT])}) sends the command, expects the connection to
 * drop, waits for the host to go down and come back (the step fails when it does not within the timeout), and connects
 * again, checking the host key a {@code jump(hostkey, ...)} line declared, if any.
 */
final class HostJump {

    private final Recipe recipe;
    private final JumpSettings settings;
    private final HostTools tools;
    private final HostRecorder recorder;
    private final HostConnection connection;
    private final LocalShell shell;
    private final HostLog log;
    private final InstantSource clock;
    private int seq;

    /** How one step ended. {@code exitStatus} null: no command ran to its end. */
    private record Outcome(StepState state, Integer exitStatus, Variables variables, String expectedKey, String message) {

        static Outcome ok(Variables variables, String expectedKey) {
            return new Outcome(StepState.SUCCEEDED, 0, variables, expectedKey, "");
        }

        static Outcome exit(int status, Variables variables, String expectedKey) {
            return new Outcome(status == 0 ? StepState.SUCCEEDED : StepState.FAILED, status, variables, expectedKey,
                    status == 0 ? "" : "exit status " + status);
        }

        static Outcome failed(String message) {
            return new Outcome(StepState.FAILED, null, null, null, message);
        }
    }

    HostJump(Recipe recipe, JumpSettings settings, HostTools tools, HostRecorder recorder, HostConnection connection,
             LocalShell shell, HostLog log, InstantSource clock, int lastSeq) {
        this.recipe = recipe;
        this.settings = settings;
        this.tools = tools;
        this.recorder = recorder;
        this.connection = connection;
        this.shell = shell;
        this.log = log;
        this.clock = clock;
        this.seq = lastSeq;
    }

    /**
     * Runs from {@code host.next()}; answers the host as it ended this pass: {@link HostState#DONE},
     * {@link HostState#FAILED}, {@link HostState#INTERRUPTED} (the connection was lost during a line), or still
     * {@link HostState#RUNNING} when {@code stop} said so before a line, or {@link HostState#ABORTED} when
     * {@code aborted} says, after a line ended, that the run was aborted meanwhile: the abort ended its command, so the
     * step is {@link StepState#ABORTED} with the output seen so far, whatever its exit status.
     */
    JumpHost run(JumpHost start, BooleanSupplier stop, BooleanSupplier aborted) throws InterruptedException {
        JumpHost host = start;
        Variables vars = Variables.of(host.variables());
        List<Statement> statements = recipe.statements();
        for (int i = host.next(); i < statements.size(); i++) {
            if (stop.getAsBoolean()) {
                return host;
            }
            Statement statement = statements.get(i);
            try {
                if (statement instanceof Statement.Assign a) {
                    vars = vars.with(a.name(), vars.expand(a.value()));
                    host = host.at(i + 1, a.line(), map(vars), host.expectedHostKey());
                    continue;
                }
                if (statement instanceof Statement.Print p) {
                    log.line(vars.expand(p.message()));
                    host = host.at(i + 1, p.line(), map(vars), host.expectedHostKey());
                    continue;
                }
            } catch (UndefinedVariableException e) {
                return failAtOnce(host, i, statement, vars, e.getMessage());
            }
            String text;
            try {
                text = describe(statement, vars);
            } catch (IllegalArgumentException e) { // an undefined variable, a malformed duration
                return failAtOnce(host, i, statement, vars, e.getMessage());
            }
            boolean reboot = reboots(statement);
            host = host.at(i, statement.line(), map(vars), host.expectedHostKey())
                    .state(reboot ? HostState.REBOOTING : HostState.RUNNING, "line " + statement.line() + ": " + text,
                            clock.instant());
            JumpStep step = new JumpStep(host.run(), host.name(), ++seq, i, statement.line(), text, StepState.STARTED,
                    null, "", clock.instant(), null);
            recorder.started(step, host);
            log.note("line " + statement.line() + ": " + text);
            JumpStep running = step;
            StepOutput output = new StepOutput(log, tail -> recorder.output(running.withOutput(tail)),
                    settings.outputInterval());
            Outcome outcome;
            try {
                outcome = execute(statement, text, vars, host.expectedHostKey(), output);
            } catch (ConnectionLostException e) {
                connection.drop();
                if (aborted.getAsBoolean()) {
                    return endedByAbort(host, step, statement, output.text());
                }
                String why = "the connection to the host was lost during line " + statement.line()
                        + "; whether it ran to its end is unknown: retry or skip it";
                log.note(why);
                JumpHost interrupted = host.state(HostState.INTERRUPTED, why, clock.instant());
                recorder.ended(step.ended(StepState.INTERRUPTED, null, output.text(), clock.instant()), interrupted);
                return interrupted;
            }
            if (aborted.getAsBoolean()) {
                return endedByAbort(host, step, statement, output.text());
            }
            String tail = output.text();
            if (!outcome.message().isEmpty() && outcome.state() != StepState.SUCCEEDED) {
                tail = JumpStep.tail(tail + outcome.message() + "\n");
            }
            if (outcome.state() != StepState.SUCCEEDED) {
                String why = "line " + statement.line() + " failed: " + outcome.message();
                log.note(why);
                JumpHost failed = host.state(HostState.FAILED, why, clock.instant());
                recorder.ended(step.ended(StepState.FAILED, outcome.exitStatus(), tail, clock.instant()), failed);
                return failed;
            }
            vars = outcome.variables();
            host = host.at(i + 1, statement.line(), map(vars), outcome.expectedKey())
                    .state(HostState.RUNNING, "line " + statement.line() + " done", clock.instant());
            recorder.ended(step.ended(StepState.SUCCEEDED, outcome.exitStatus(), tail, clock.instant()), host);
        }
        log.note("every line ran");
        JumpHost done = host.at(statements.size(), host.line(), map(vars), host.expectedHostKey())
                .state(HostState.DONE, "every line ran", clock.instant());
        recorder.save(done);
        return done;
    }

    /** Records the step the abort ended and the host as aborted at its line (its slot is given back by the abort). */
    private JumpHost endedByAbort(JumpHost host, JumpStep step, Statement statement, String output) {
        String why = "line " + statement.line() + " was ended by the abort of the run while it ran (a remote command is "
                + "stopped, a local one runs to its end): it counts as not done";
        log.note(why);
        JumpHost aborted = host.state(HostState.ABORTED, why, clock.instant());
        recorder.ended(step.ended(StepState.ABORTED, null, output, clock.instant()), aborted);
        return aborted;
    }

    /** Records a step that could not even be described (an undefined variable): started and failed at once. */
    private JumpHost failAtOnce(JumpHost host, int index, Statement statement, Variables vars, String why) {
        JumpHost at = host.at(index, statement.line(), map(vars), host.expectedHostKey())
                .state(HostState.RUNNING, "line " + statement.line(), clock.instant());
        JumpStep step = new JumpStep(host.run(), host.name(), ++seq, index, statement.line(), statement.source(),
                StepState.STARTED, null, "", clock.instant(), null);
        recorder.started(step, at);
        String message = "line " + statement.line() + " failed: " + why;
        log.note(message);
        JumpHost failed = at.state(HostState.FAILED, message, clock.instant());
        recorder.ended(step.ended(StepState.FAILED, null, why + "\n", clock.instant()), failed);
        return failed;
    }

    static boolean reboots(Statement statement) {
        return statement instanceof Statement.Remote r && r.reboots()
                || statement instanceof Statement.Builtin b && b.function().equals(Builtins.REBOOT);
    }

    /** What the step runs, with the variables substituted. */
    private static String describe(Statement statement, Variables vars) {
        return switch (statement) {
            case Statement.AssignOutput a -> a.name() + "=`" + vars.expand(a.command()) + "`";
            case Statement.Local l -> "local " + vars.expand(l.command());
            case Statement.Remote r -> "remote " + vars.expand(r.command());
            case Statement.Builtin b -> "jump(" + String.join(", ",
                    java.util.stream.Stream.concat(java.util.stream.Stream.of(b.function()),
                            b.args().stream().map(vars::expand)).toList()) + ")";
            default -> statement.source();
        };
    }

    private Outcome execute(Statement statement, String text, Variables vars, String key, StepOutput output)
            throws InterruptedException, ConnectionLostException {
        try {
            return switch (statement) {
                case Statement.AssignOutput a -> {
                    LocalShell.Result r = shell.run(vars.expand(a.command()), true, output);
                    yield r.exitStatus() != 0 ? Outcome.exit(r.exitStatus(), vars, key)
                            : Outcome.ok(vars.with(a.name(), chomp(r.stdout())), key);
                }
                case Statement.Local l -> Outcome.exit(shell.run(vars.expand(l.command()), false, output).exitStatus(),
                        vars, key);
                case Statement.Remote r when r.reboots() -> reboot(vars.expand(r.command()), Builtins.DEFAULT_REBOOT_TIMEOUT,
                        vars, key, output);
                case Statement.Remote r -> {
                    CommandResult result = connection.session(key).run(vars.expand(r.command()),
                            settings.commandTimeout(), output);
                    yield Outcome.exit(result.exitStatus(), vars, key);
                }
                case Statement.Builtin b -> builtin(b, vars, key, output);
                default -> Outcome.ok(vars, key);
            };
        } catch (ConnectionLostException e) {
            throw e;
        } catch (CommandTimeoutException e) {
            return Outcome.failed("ran longer than " + settings.commandTimeout() + ": " + e.getMessage());
        } catch (IOException e) {
            connection.drop();
            return Outcome.failed(e.getMessage());
        }
    }

    private Outcome builtin(Statement.Builtin b, Variables vars, String key, StepOutput output)
            throws IOException, InterruptedException {
        List<String> args = b.args().stream().map(vars::expand).toList();
        if (b.function().equals(Builtins.HOSTKEY)) {
            String fingerprint = ExpectedHostKey.fromSource(args.getFirst(), recipe.directory()).fingerprint();
            output.accept("after its next reboot the host must present the key " + fingerprint);
            return Outcome.ok(vars, fingerprint);
        }
        if (b.function().equals(Builtins.REBOOT)) {
            Duration timeout = args.isEmpty() || args.getFirst().isBlank() ? Builtins.DEFAULT_REBOOT_TIMEOUT
                    : Builtins.duration(args.getFirst());
            return reboot("reboot", timeout, vars, key, output);
        }
        HostTools.BuiltinResult result = tools.builtin(recipe.directory(), b, vars, connection.session(key), output);
        if (result.message() != null && !result.message().isEmpty()) {
            output.accept(result.message());
        }
        return result.exitStatus() == 0 ? Outcome.ok(result.variables(), key)
                : new Outcome(StepState.FAILED, result.exitStatus(), vars, key,
                        result.message() == null || result.message().isEmpty() ? "exit status " + result.exitStatus()
                                : result.message());
    }

    /** Sends the reboot, waits for the host to go down and come back within {@code timeout}, and connects again. */
    private Outcome reboot(String command, Duration timeout, Variables vars, String key, StepOutput output)
            throws IOException, InterruptedException {
        try {
            connection.replace(Reboots.reboot(connection.connector(), connection.session(key), command, timeout,
                    Optional.ofNullable(key).map(ExpectedHostKey::new), output));
            return Outcome.ok(vars, key);
        } catch (HostWaitTimeoutException e) {
            connection.drop();
            return Outcome.failed("the host did not come back within " + timeout + " after the reboot: "
                    + e.getMessage());
        }
    }

    /** The variables in definition order, as stored. */
    static java.util.Map<String, String> map(Variables vars) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String name : vars.names()) {
            map.put(name, vars.get(name).orElseThrow());
        }
        return map;
    }

    /** A command's output as a value: without its last line break, as Perl's chomp. */
    private static String chomp(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
