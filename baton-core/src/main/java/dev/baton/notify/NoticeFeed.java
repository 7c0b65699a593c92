package dev.baton.notify;

import dev.baton.lock.LockEvent;
import dev.baton.lock.LockListener;
import dev.baton.progress.ReportListener;
import dev.baton.progress.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Raises the notices whose cause is a committed row, from that row: a stale holder, a force-release, the fleet's
 * freeze and unfreeze (their lock events, {@link LockNotices#notice}) and a failed step of a host's run (its report,
 * {@link HostFailureNotices#notice}). {@link #poll()}, run periodically by every server, reads each source after its
 * stored position ({@link NoticeSources}) and publishes the notices of what it finds. So that a notice is not late,
 * the servers also publish it as soon as its cause commits ({@link #lockListener}, {@link #reportListener}), best
 * effort: the poll is what makes sure.
 *
 * <p>The guarantees:
 * <ul>
 *   <li><b>At least once from the durable record.</b> The cause is committed with the change itself (a stale
 *       holder's mark and its STALE event in one lock transaction); the position moves past a row only after its
 *       notice is stored. A server killed at any point, or a store that fails a publish, leaves the row to the next
 *       poll, of this server or another.</li>
 *   <li><b>Exactly once in the outbox.</b> A notice's dedupe key is derived from its row, and the store keeps one
 *       notice (with its outbox entries) per key, in one transaction; two servers reading the same row, or one
 *       reading it twice, store it once.</li>
 *   <li><b>No row is skipped</b> when rows commit out of id order (PostgreSQL numbers a row when it is inserted,
 *       not when it commits): the position moves only past rows older than {@link #SETTLE}, and younger rows are
 *       read again at each poll (publishing them again is a dedupe-key lookup).</li>
 * </ul>
 */
public final class NoticeFeed {

    /** How long a row may take from being numbered to being committed; rows younger than this are read again. */
    public static final Duration SETTLE = Duration.ofMinutes(1);
    /** Rows read per query. */
    static final int PAGE = 500;

    private static final System.Logger log = System.getLogger(NoticeFeed.class.getName());

    private final Notifier notifier;
    private final NoticeSources sources;
    private final InstantSource clock;

    public NoticeFeed(Notifier notifier, NoticeSources sources, InstantSource clock) {
        this.notifier = notifier;
        this.sources = sources;
        this.clock = clock;
    }

    /**
     * The fast path for lock events: publishes an event's notice on {@code executor} as soon as it is committed (a
     * lock listener must not block the decision), best effort. A notice lost here (a crash, a failing store) is
     * published by the next {@link #poll()}; one published twice is stored once.
     */
    public LockListener lockListener(Executor executor) {
        return event -> {
            Notice notice = LockNotices.notice(event);
            if (notice != null) {
                executor.execute(() -> quietly(notice));
            }
        };
    }

    /** The fast path for reports, as {@link #lockListener}: publishes a failed run's notice at once, best effort. */
    public ReportListener reportListener() {
        return report -> {
            Notice notice = HostFailureNotices.notice(report);
            if (notice != null) {
                quietly(notice);
            }
        };
    }

    private void quietly(Notice notice) {
        try {
            notifier.publish(notice);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "could not store the notification {0} now; the next pass stores it: {1}",
                    notice.dedupeKey(), e.getMessage());
        }
    }

    /** Publishes the notices of the rows committed since the last poll; returns how many were new. */
    public int poll() {
        return follow(NoticeSources.LOCK_EVENTS, after -> sources.lockEventsAfter(after, LockNotices.RAISING, PAGE), LockEvent::id,
                LockEvent::at, LockNotices::notice)
                + follow(NoticeSources.HOST_REPORTS, after -> sources.reportsAfter(after, PAGE), RunReport::id,
                RunReport::receivedAt, HostFailureNotices::notice);
    }

    private <R> int follow(String source, LongFunction<List<R>> after, ToLongFunction<R> id, Function<R, Instant> at,
                           Function<R, Notice> notice) {
        long position = sources.position(source);
        Instant settled = clock.instant().minus(SETTLE);
        long read = position;
        boolean settling = true;
        int raised = 0;
        while (true) {
            List<R> rows = after.apply(read);
            for (R row : rows) {
                Notice n = notice.apply(row);
                if (n != null && notifier.publish(n)) {
                    raised++;
                }
                settling = settling && at.apply(row).isBefore(settled);
                if (settling) {
                    position = id.applyAsLong(row);
                }
                read = id.applyAsLong(row);
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        sources.advance(source, position);
        return raised;
    }
}
