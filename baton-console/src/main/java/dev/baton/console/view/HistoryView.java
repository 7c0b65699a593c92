package dev.baton.console.view;

import dev.baton.lock.EventPage;
import java.time.Instant;
import java.util.List;

/** The fleet-wide history: a page of events, newest first, with its filters. */
public record HistoryView(EventPage page, HistoryFilter filter, List<String> types, List<String> protocols, Instant now) {
}
