package dev.baton.console.view;

import java.util.Set;

/**
 * A table's search, sort, filters and place, as they appear in its URL so that any view of it can be linked. Pages
 * are cut by a cursor (the last row of the page before), so the ten-thousandth host costs what the first does: a
 * page links to the next one and back to the first.
 *
 * @param q       the search text, empty for none
 * @param sort    the column sorted by
 * @param filters more of the query string, encoded, each starting with {@code &} (e.g. {@code &state=failed}); empty for none
 * @param after   this page's cursor, null for the first page
 * @param next    the next page's cursor, null on the last page
 * @param shown   rows on this page
 * @param total   rows matching the search and filters
 */
public record Paging(String base, String q, String sort, String filters, String after, String next, int shown, int total) {

    /** Columns whose one order is largest or newest first. */
    private static final Set<String> DESCENDING = Set.of("held", "waiting", "seen");

    public boolean firstPage() {
        return after == null;
    }

    public boolean hasNext() {
        return next != null;
    }

    /** The link to the page after {@code cursor} (null: the first page) of the same view. */
    public String link(String cursor) {
        return base + "?q=" + Urls.query(q) + "&sort=" + sort + filters + (cursor == null ? "" : "&after=" + Urls.query(cursor));
    }

    /** The link that sorts by {@code column}, from the first page. */
    public String sortLink(String column) {
        return base + "?q=" + Urls.query(q) + "&sort=" + column + filters;
    }

    /** The {@code aria-sort} value of a column header. */
    public String ariaSort(String column) {
        return column.equals(sort) ? (DESCENDING.contains(column) ? "descending" : "ascending") : "none";
    }
}
