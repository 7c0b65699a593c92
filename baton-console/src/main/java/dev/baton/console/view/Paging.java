package dev.baton.console.view;

/**
 * A table's search, sort and page, as they appear in its URL so that any view of it can be linked.
 *
 * @param q     the search text, empty for none
 * @param sort  the column sorted by
 * @param desc  descending
 * @param page  1-based
 * @param size  rows per page
 * @param total rows matching the search
 */
public record Paging(String base, String q, String sort, boolean desc, int page, int size, int total) {

    public int pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }

    public int first() {
        return total == 0 ? 0 : (page - 1) * size + 1;
    }

    public int last() {
        return Math.min(total, page * size);
    }

    /** The link to another page of the same view. */
    public String pageLink(int to) {
        return base + "?q=" + Urls.query(q) + "&sort=" + sort + "&dir=" + (desc ? "desc" : "asc") + "&page=" + to;
    }

    /** The link that sorts by {@code column}: ascending first, descending when already ascending by it. */
    public String sortLink(String column) {
        boolean nextDesc = column.equals(sort) && !desc;
        return base + "?q=" + Urls.query(q) + "&sort=" + column + "&dir=" + (nextDesc ? "desc" : "asc") + "&page=1";
    }

    /** The {@code aria-sort} value of a column header. */
    public String ariaSort(String column) {
        return column.equals(sort) ? (desc ? "descending" : "ascending") : "none";
    }
}
