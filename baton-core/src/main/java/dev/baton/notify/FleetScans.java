package dev.baton.notify;

import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.SeenHost;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.progress.ProgressService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The periodic checks that raise notices nothing else raises: a holder waiting for a lock ({@code lock.waiting_long})
 * and a registered host silent ({@code host.not_seen}) for longer than a rule's threshold ({@link Rule#after()}, or
 * the kind's default: {@code --notify-waiting-after}, {@code --notify-not-seen-after}).
 *
 * <p>Each rule hears of each wait or silence once, when it has lasted longer than that rule's threshold: a rule of
 * 15 minutes hears of a wait at its 15th minute, a rule of an hour at its 60th, and neither again for that wait. The
 * dedupe key names the rule and the occurrence (lock, holder and since when it waits; host and its last call), so
 * the same crossing found by a second scan or a second server is dropped, and a new wait (the waiter got the lock
 * and queued again) or a new silence (the host called, then fell silent again) is a new occurrence.
 *
 * <p>A scan reads the rules, the locks and the hosts once each; the occurrences due are checked against the
 * occurrences this scanner has told (kept while they last) and, for those it has not, against the store in one
 * look-up, so a scan of a fleet with thousands of silent hosts writes nothing once they have been told.
 */
public final class FleetScans {

    private final Notifier notifier;
    private final LockReader locks;
    private final HostRegistry hosts;
    private final ProgressService progress;
    private final InstantSource clock;
    /** Dedupe keys of occurrences told and still going on at the last scan. */
    private final Set<String> told = new HashSet<>();

    public FleetScans(Notifier notifier, LockReader locks, HostRegistry hosts, ProgressService progress, InstantSource clock) {
        this.notifier = notifier;
        this.locks = locks;
        this.hosts = hosts;
        this.progress = progress;
        this.clock = clock;
    }

    /** Runs both checks; returns how many new notices they raised. */
    public synchronized int scan() {
        List<Rule> rules = notifier.rules();
        Instant now = clock.instant();
        List<Due> due = new ArrayList<>(waitingLong(of(rules, NotificationKinds.LOCK_WAITING_LONG), now));
        due.addAll(notSeen(of(rules, NotificationKinds.HOST_NOT_SEEN), now));
        return tell(due);
    }

    /** One rule's notice of one occurrence that has lasted longer than the rule's threshold. */
    private record Due(Rule rule, Notice notice) {
    }

    private int tell(List<Due> due) {
        Set<String> current = new HashSet<>();
        List<Due> fresh = new ArrayList<>();
        for (Due d : due) {
            current.add(d.notice().dedupeKey());
            if (!told.contains(d.notice().dedupeKey())) {
                fresh.add(d);
            }
        }
        told.retainAll(current); // ended waits and silences: their keys are never due again
        Set<String> stored = notifier.known(fresh.stream().map(d -> d.notice().dedupeKey()).toList());
        told.addAll(stored);
        int raised = 0;
        for (Due d : fresh) {
            if (!stored.contains(d.notice().dedupeKey())) {
                raised += notifier.publish(d.notice(), d.rule()) ? 1 : 0;
                told.add(d.notice().dedupeKey());
            }
        }
        return raised;
    }

    private static List<Rule> of(List<Rule> rules, String kind) {
        return rules.stream().filter(r -> r.kinds().contains(kind)).toList();
    }

    private List<Due> waitingLong(List<Rule> rules, Instant now) {
        List<Due> due = new ArrayList<>();
        if (rules.isEmpty()) {
            return due;
        }
        for (LockView lock : locks.list()) {
            for (LockView.WaiterView w : lock.waiters()) {
                for (Rule rule : rules) {
                    Duration after = rule.threshold(NotificationKinds.LOCK_WAITING_LONG, notifier.kinds());
                    if (w.since().isBefore(now.minus(after)) && rule.matches(NotificationKinds.LOCK_WAITING_LONG, lock.name())) {
                        due.add(new Due(rule, waiting(rule, after, lock, w, now)));
                    }
                }
            }
        }
        return due;
    }

    private static Notice waiting(Rule rule, Duration after, LockView lock, LockView.WaiterView w, Instant now) {
        Duration waited = Duration.between(w.since(), now);
        return new Notice(NotificationKinds.LOCK_WAITING_LONG, lock.name(),
                w.holder() + " has waited " + waited.toMinutes() + " min for " + lock.name(),
                "Lock " + lock.name() + ": " + w.holder() + " has waited since " + w.since() + " (position "
                        + w.position() + "); holders now: " + lock.holders().stream().map(LockView.HolderView::holder).toList()
                        + ".\nRule " + rule.id() + " tells of waits longer than " + Rule.describe(after) + ".",
                "lock.waiting_long:r" + rule.id() + ":" + lock.name() + ":" + w.holder() + ":" + w.since().toEpochMilli(), now);
    }

    private List<Due> notSeen(List<Rule> rules, Instant now) {
        List<Due> due = new ArrayList<>();
        if (rules.isEmpty()) {
            return due;
        }
        for (SeenHost h : hosts.overview(progress.fleet())) {
            Instant last = lastSeen(h);
            if (h.registered().isEmpty() || last == null) {
                continue;
            }
            for (Rule rule : rules) {
                Duration after = rule.threshold(NotificationKinds.HOST_NOT_SEEN, notifier.kinds());
                if (last.isBefore(now.minus(after)) && rule.matches(NotificationKinds.HOST_NOT_SEEN, h.name())) {
                    due.add(new Due(rule, new Notice(NotificationKinds.HOST_NOT_SEEN, h.name(),
                            h.name() + " not seen for " + roughly(Duration.between(last, now)),
                            "Host " + h.name() + " last called or reported at " + last + ".\nRule " + rule.id()
                                    + " tells of hosts silent for longer than " + Rule.describe(after) + ".",
                            "host.not_seen:r" + rule.id() + ":" + h.name() + ":" + last.toEpochMilli(), now)));
                }
            }
        }
        return due;
    }

    /** In its largest whole unit: {@code 8 days}, {@code 3 h}, {@code 20 min}. */
    private static String roughly(Duration d) {
        Duration whole = d.toDays() > 0 ? Duration.ofDays(d.toDays()) : d.toHours() > 0 ? Duration.ofHours(d.toHours())
                : Duration.ofMinutes(d.toMinutes());
        return Rule.describe(whole);
    }

    private static Instant lastSeen(SeenHost h) {
        Instant call = h.lastCheckIn();
        Instant report = h.lastReport() == null ? null : h.lastReport().receivedAt();
        if (call == null) {
            return report;
        }
        return report == null || call.isAfter(report) ? call : report;
    }
}
