package dev.baton.console;

import dev.baton.auth.Permission;
import dev.baton.console.view.ConfirmView;
import dev.baton.console.view.Urls;
import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpStep;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operator's retry and skip of a host ({@code POST /jumps/{name}/hosts/{host}/retry|skip}) and abort of a run
 * ({@code POST /jumps/{name}/abort}), done through {@link JumpRuns} as the jump API does them: the store takes the
 * request only when it applies (a failed or interrupted host, a refused one to retry, an active run) and the run's
 * runner acts on it within its poll.
 *
 * <p>As the lock actions: each POST carries the session's CSRF token and needs {@link Permission#OPERATE_JUMPS}
 * (checked on both posts, before anything is read); the first answers a confirmation saying what will change, with
 * the output the host's line printed so far for a retry or skip; the confirmed one, with a reason, does it, is
 * recorded in the audit trail ({@code jump.retry}, {@code jump.skip} on {@code RUN/HOST} with {@code line=N};
 * {@code jump.abort} on the run) and goes back to the run's page. A request that no longer applies is answered 409
 * and recorded as withdrawn.
 */
final class JumpActions {

    private final JumpRuns runs;
    private final Recorder recorder;
    private final SessionGate gate;
    private final Responder responder;

    JumpActions(JumpRuns runs, Recorder recorder, SessionGate gate, Responder responder) {
        this.runs = runs;
        this.recorder = recorder;
        this.gate = gate;
        this.responder = responder;
    }

    void routes(JavalinConfig config) {
        config.routes.post("/jumps/{name}/hosts/{host}/retry", responder.guarded(ctx -> decide(ctx, Decision.RETRY)));
        config.routes.post("/jumps/{name}/hosts/{host}/skip", responder.guarded(ctx -> decide(ctx, Decision.SKIP)));
        config.routes.post("/jumps/{name}/abort", responder.guarded(this::abort));
    }

    private void decide(Context ctx, Decision decision) {
        Viewer viewer = allowed(ctx);
        if (viewer == null) {
            return;
        }
        JumpRun run = JumpReads.run(runs, ctx.pathParam("name"));
        JumpHost host = JumpReads.host(runs, run, ctx.pathParam("host"));
        String verb = decision.wireName();
        String title = (decision == Decision.RETRY ? "Retry " : "Skip ")
                + (host.state() == HostState.REFUSED ? "the pre-checks" : "line " + host.line()) + " on " + host.name();
        String path = Urls.jumpHost(run.name(), host.name()) + "/" + verb;
        String reason = Recorder.reason(ctx);
        if (!"yes".equals(ctx.formParam("confirmed")) || reason.isEmpty()) {
            List<JumpStep> steps = runs.steps(run.name(), host.name());
            JumpStep last = steps.isEmpty() ? null : steps.getLast();
            ConfirmView.Evidence output = last == null || host.state() == HostState.REFUSED ? null
                    : new ConfirmView.Evidence("Output of line " + last.line() + " so far ("
                    + last.state().wireName() + (last.exitStatus() == null ? "" : ", exit status " + last.exitStatus())
                    + ")", last.output().isEmpty() ? "(it printed nothing)" : last.output());
            confirm(ctx, viewer, title, path, decisionChanges(run, host, last, decision), reason, output,
                    Urls.jumpHost(run.name(), host.name()));
            return;
        }
        String target = run.name() + "/" + host.name();
        recorder.begin(viewer, "jump." + verb, target, reason, "line=" + host.line()).run(() -> {
            if (!runs.decide(run.name(), host.name(), decision)) {
                JumpRun now = runs.get(run.name()).orElse(run);
                JumpHost then = runs.host(run.name(), host.name()).orElse(host);
                throw new Refusal(409, "Does not apply", "Host " + then.name() + " of jump run " + now.name() + " is "
                        + then.state().wireName() + (then.decision() != null ? ", with a " + then.decision().wireName()
                        + " already asked for" : "") + (now.state().active() ? "" : ", and the run has ended")
                        + ": only a failed or interrupted host (or a refused one, to retry) of an active run waits for "
                        + "a retry or skip. Nothing was changed.");
            }
            return true;
        });
        recorder.done(viewer, "jump." + verb, target);
        ctx.redirect(Urls.jump(run.name()), HttpStatus.SEE_OTHER);
    }

    private void abort(Context ctx) {
        Viewer viewer = allowed(ctx);
        if (viewer == null) {
            return;
        }
        JumpRun run = JumpReads.run(runs, ctx.pathParam("name"));
        String reason = Recorder.reason(ctx);
        if (!"yes".equals(ctx.formParam("confirmed")) || reason.isEmpty()) {
            List<JumpHost> hosts = runs.hosts(run.name());
            long unfinished = hosts.stream().filter(h -> !h.state().ended()).count();
            long midJump = hosts.stream().filter(h -> h.state() != HostState.WAITING && !h.state().ended()).count();
            List<String> changes = run.state().active() && run.abortedBy() == null
                    ? List.of("stop jump run " + run.name() + ": no host starts another line; a remote command running "
                            + "now is ended (its process group is killed), a local one runs to its end, and a host "
                            + "waiting for a reboot stops waiting",
                    "mark the " + unfinished + " host" + (unfinished == 1 ? "" : "s") + " that did not finish aborted ("
                            + midJump + " of them mid-jump): they stay where the recipe left them",
                    "give back every slot of the lock " + run.lockName())
                    : List.of("jump run " + run.name() + " is " + run.state().wireName()
                    + (run.abortedBy() != null ? ", its abort asked for by " + run.abortedBy() : "")
                    + ": nothing will change");
            confirm(ctx, viewer, "Abort jump run " + run.name(), Urls.jump(run.name()) + "/abort", changes, reason,
                    null, Urls.jump(run.name()));
            return;
        }
        recorder.begin(viewer, "jump.abort", run.name(), reason, null).run(() -> {
            if (!runs.abort(run.name(), viewer.name())) {
                JumpRun now = runs.get(run.name()).orElse(run);
                throw new Refusal(409, "Does not apply", "Jump run " + now.name() + " is " + now.state().wireName()
                        + (now.abortedBy() != null ? " and its abort was asked for by " + now.abortedBy() : "")
                        + ": only an active run can be aborted. Nothing was changed.");
            }
            return true;
        });
        recorder.done(viewer, "jump.abort", run.name());
        ctx.redirect(Urls.jump(run.name()), HttpStatus.SEE_OTHER);
    }

    /** The viewer, once the CSRF token and the permission are checked; null after a redirect to the login page. */
    private Viewer allowed(Context ctx) {
        Viewer viewer = gate.viewerOrLogin(ctx).orElse(null);
        if (viewer != null) {
            gate.checkCsrf(ctx, viewer);
            ConsoleAccess.require(viewer.principal(), Permission.OPERATE_JUMPS, null);
        }
        return viewer;
    }

    /** What a retry or skip of the host will change, said before it is done. */
    private static List<String> decisionChanges(JumpRun run, JumpHost host, JumpStep last, Decision decision) {
        List<String> changes = new ArrayList<>();
        boolean waits = run.state().active() && run.abortedBy() == null && host.decision() == null
                && (host.state().awaitsOperator() || host.state() == HostState.REFUSED && decision == Decision.RETRY);
        if (!waits) {
            changes.add(host.name() + " is " + host.state().wireName() + (host.decision() == null ? ""
                    : ", with a " + host.decision().wireName() + " already asked for") + (run.state().active() ? ""
                    : ", and the run has ended") + ": it does not wait for a " + decision.wireName()
                    + ", so nothing will change");
            return changes;
        }
        String line = "line " + host.line() + (last == null ? "" : " (" + last.text() + ")");
        if (host.state() == HostState.REFUSED) {
            changes.add("put " + host.name() + " back among the waiting hosts: its pre-checks run again when its turn "
                    + "comes");
        } else if (decision == Decision.RETRY) {
            changes.add("run " + line + " on " + host.name() + " again, in the slot of " + run.lockName()
                    + " it kept, then go on with the lines after it");
            if (host.state() == HostState.INTERRUPTED) {
                changes.add("the line had started and its end is unknown: it may have run to its end already, so make "
                        + "sure running it twice does no harm");
            }
        } else {
            changes.add("mark " + line + " on " + host.name() + " skipped and go on with the next line as if it had "
                    + "succeeded");
            changes.add("a variable that line would have set stays unset, so a later line using it fails");
        }
        return changes;
    }

    private void confirm(Context ctx, Viewer viewer, String title, String path, List<String> changes, String reason,
                         ConfirmView.Evidence evidence, String cancel) {
        boolean retried = "yes".equals(ctx.formParam("confirmed"));
        if (retried) {
            ctx.status(400); // confirmed without a reason
        }
        responder.page(ctx, "confirm", Map.of("chrome", viewer.chrome("jumps"), "view", new ConfirmView(title, path,
                changes, Map.of(), true, reason, cancel, title, retried ? "Give a reason: it is kept in the audit trail."
                : null, evidence)));
    }

}
