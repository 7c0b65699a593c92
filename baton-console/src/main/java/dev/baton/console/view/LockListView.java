package dev.baton.console.view;

import java.time.Instant;
import java.util.List;

/**
 * The locks page: one page of the searched, filtered and sorted locks.
 *
 * @param only the property filter ({@code held}, {@code waiting}, {@code frozen}, {@code disabled}, {@code stale}), empty for all
 */
public record LockListView(List<LockRow> rows, Paging paging, String only, List<String> onlies, Instant now) {
}
