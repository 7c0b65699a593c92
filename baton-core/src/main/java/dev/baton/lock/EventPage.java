package dev.baton.lock;

import java.util.List;

/**
 * A page of events, newest first.
 *
 * @param nextBefore pass as {@code before} to get the next (older) page; {@code null} when this is the last page
 */
public record EventPage(List<LockEvent> events, Long nextBefore) {
}
