package dev.baton.notify;

import dev.baton.progress.ProgressService;
import dev.baton.progress.ReportListener;
import dev.baton.progress.RunReport;

/**
 * Raises {@code host.failed} when an agent reports a failed step: once per run (the dedupe key is the host and the
 * run id), however many failed steps the run reports and whichever server receives them.
 */
public final class HostFailureNotices implements ReportListener {

    private static final System.Logger log = System.getLogger(HostFailureNotices.class.getName());

    private final Notifier notifier;

    public HostFailureNotices(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void recorded(RunReport r) {
        if (!ProgressService.isFailure(r)) {
            return;
        }
        try {
            notifier.publish(notice(r));
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "could not store the failure notification of {0}: {1}", r.host(), e.getMessage());
        }
    }

    static Notice notice(RunReport r) {
        StringBuilder body = new StringBuilder("Host ").append(r.host()).append(": the agent's run ").append(r.runId())
                .append(" failed in phase ").append(r.phase());
        if (r.script() != null) {
            body.append(", script ").append(r.script());
        }
        if (r.exitCode() != null) {
            body.append(", exit code ").append(r.exitCode());
        }
        body.append(" at ").append(r.at()).append('.');
        if (r.message() != null && !r.message().isBlank()) {
            body.append("\n\n").append(r.message());
        }
        return new Notice(NotificationKinds.HOST_FAILED, r.host(), r.host() + " failed in " + r.phase(), body.toString(),
                "host.failed:" + r.host() + ":" + r.runId(), r.receivedAt());
    }
}
