package dev.baton.hosts;

import java.util.List;

/**
 * A page of the host list.
 *
 * @param hosts the hosts of this page, in the query's order
 * @param next  pass as {@link HostQuery#after()} for the next page; null when this is the last page
 * @param total how many hosts match the query's filters, on every page
 */
public record HostPage(List<HostSummary> hosts, String next, int total) {

    public HostPage {
        hosts = List.copyOf(hosts);
    }
}
