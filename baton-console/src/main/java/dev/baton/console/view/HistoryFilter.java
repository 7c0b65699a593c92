package dev.baton.console.view;

/**
 * The filters of a history view, as they appear in its URL. Empty strings for "any".
 *
 * @param base   the page's path ({@code /history} or a lock's page)
 * @param before the event id to page from, or null for the newest
 */
public record HistoryFilter(String base, String lock, String type, String holder, String protocol, String from, String to,
                            Long before) {

    public String link(Long newBefore) {
        return base + "?" + query() + (newBefore == null ? "" : "&before=" + newBefore);
    }

    /** The same filters as an export of the history. */
    public String export(String format) {
        return "/history/export?" + query() + "&format=" + format;
    }

    private String query() {
        return "lock=" + Urls.query(lock) + "&type=" + Urls.query(type) + "&holder=" + Urls.query(holder)
                + "&protocol=" + Urls.query(protocol) + "&from=" + Urls.query(from) + "&to=" + Urls.query(to);
    }

    /** Whether any filter is set (a lock page's own lock does not count). */
    public boolean any() {
        return !((lock.isEmpty() || base.startsWith("/locks/")) && type.isEmpty() && holder.isEmpty() && protocol.isEmpty() && from.isEmpty() && to.isEmpty());
    }
}
