package dev.baton.console.view;

import java.time.Instant;
import java.util.List;

/**
 * The hosts page: one page of the searched, filtered and sorted hosts.
 *
 * @param state the state filter, empty for all
 */
public record HostListView(List<HostRow> rows, Paging paging, String state, List<String> states, Instant now) {
}
