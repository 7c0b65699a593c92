package dev.baton.console.view;

import dev.baton.lock.EventPage;

/** A lock's page: the live part, and its history with filters and paging. */
public record LockPageView(LockLive live, EventPage history, HistoryFilter filter) {
}
