package dev.baton.notify;

import dev.baton.progress.ProgressService;
import dev.baton.progress.RunReport;

/**
 * The notice of a failed step ({@code host.failed}), read from the stored reports by the {@link NoticeFeed}: once per
 * run (the dedupe key is the host and the run id), however many failed steps the run reports and whichever server
 * receives them.
 */
final class HostFailureNotices {

    private HostFailureNotices() {
    }

    /** The notice a report raises, or null when it is no failure. */
    static Notice notice(RunReport r) {
        return ProgressService.isFailure(r) ? failed(r) : null;
    }

    private static Notice failed(RunReport r) {
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
