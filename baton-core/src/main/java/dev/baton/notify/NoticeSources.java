package dev.baton.notify;

import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.progress.RunReport;
import java.util.List;
import java.util.Set;

/**
 * The committed rows notices are derived from ({@link NoticeFeed}), and how far each source has been read: one
 * position per source, shared by every server of the store.
 */
public interface NoticeSources {

    /** The lock events' source. */
    String LOCK_EVENTS = "lock_events";
    /** The host reports' source. */
    String HOST_REPORTS = "host_reports";

    /** The id up to which {@code source} has been read and its notices stored. */
    long position(String source);

    /** Moves {@code source}'s position forward to {@code position}; never back (another server may be ahead). */
    void advance(String source, long position);

    /** Up to {@code limit} lock events of these types with ids above {@code after}, by id. */
    List<LockEvent> lockEventsAfter(long after, Set<EventType> types, int limit);

    /** Up to {@code limit} host reports with ids above {@code after}, by id. */
    List<RunReport> reportsAfter(long after, int limit);
}
