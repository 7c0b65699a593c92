package dev.baton.notify;

import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.SeenHost;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.progress.ProgressService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The periodic checks that raise notices nothing else raises: a holder waiting for a lock longer than
 * {@code waitingAfter} ({@code lock.waiting_long}) and a known host silent for longer than {@code notSeenAfter}
 * ({@code host.not_seen}). Each occurrence is one notice whichever scan (or server) finds it first: the dedupe key
 * names the wait (lock, holder, since) or the silence (host, last call).
 */
public final class FleetScans {

    /** Default {@code --notify-waiting-after}. */
    public static final Duration DEFAULT_WAITING_AFTER = Duration.ofHours(1);
    /** Default {@code --notify-not-seen-after}. */
    public static final Duration DEFAULT_NOT_SEEN_AFTER = Duration.ofDays(7);

    private final Notifier notifier;
    private final LockReader locks;
    private final HostRegistry hosts;
    private final ProgressService progress;
    private final Duration waitingAfter;
    private final Duration notSeenAfter;
    private final InstantSource clock;

    public FleetScans(Notifier notifier, LockReader locks, HostRegistry hosts, ProgressService progress,
                      Duration waitingAfter, Duration notSeenAfter, InstantSource clock) {
        this.notifier = notifier;
        this.locks = locks;
        this.hosts = hosts;
        this.progress = progress;
        this.waitingAfter = waitingAfter;
        this.notSeenAfter = notSeenAfter;
        this.clock = clock;
    }

    /** Runs both checks; returns how many new notices they raised. */
    public int scan() {
        return waitingLong() + notSeen();
    }

    int waitingLong() {
        Instant cutoff = clock.instant().minus(waitingAfter);
        int raised = 0;
        for (LockView lock : locks.list()) {
            for (LockView.WaiterView w : lock.waiters()) {
                if (w.since().isBefore(cutoff)) {
                    Duration waited = Duration.between(w.since(), clock.instant());
                    raised += notifier.publish(new Notice(NotificationKinds.LOCK_WAITING_LONG, lock.name(),
                            w.holder() + " has waited " + minutes(waited) + " for " + lock.name(),
                            "Lock " + lock.name() + ": " + w.holder() + " has waited since " + w.since() + " (position "
                                    + w.position() + "); holders now: " + lock.holders().stream()
                                    .map(LockView.HolderView::holder).toList() + ".",
                            "lock.waiting_long:" + lock.name() + ":" + w.holder() + ":" + w.since().toEpochMilli(),
                            clock.instant())) ? 1 : 0;
                }
            }
        }
        return raised;
    }

    int notSeen() {
        Instant cutoff = clock.instant().minus(notSeenAfter);
        int raised = 0;
        for (SeenHost h : hosts.overview(progress.fleet())) {
            Instant last = lastSeen(h);
            if (h.registered().isPresent() && last != null && last.isBefore(cutoff)) {
                raised += notifier.publish(new Notice(NotificationKinds.HOST_NOT_SEEN, h.name(),
                        h.name() + " not seen for " + Duration.between(last, clock.instant()).toDays() + " days",
                        "Host " + h.name() + " last called or reported at " + last + ".",
                        "host.not_seen:" + h.name() + ":" + last.toEpochMilli(), clock.instant())) ? 1 : 0;
            }
        }
        return raised;
    }

    private static Instant lastSeen(SeenHost h) {
        Instant call = h.lastCheckIn();
        Instant report = h.lastReport() == null ? null : h.lastReport().receivedAt();
        if (call == null) {
            return report;
        }
        return report == null || call.isAfter(report) ? call : report;
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}
