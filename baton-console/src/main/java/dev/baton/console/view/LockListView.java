package dev.baton.console.view;

import java.time.Instant;
import java.util.List;

/** The locks page: one page of the searched and sorted locks. */
public record LockListView(List<LockRow> rows, Paging paging, Instant now) {
}
