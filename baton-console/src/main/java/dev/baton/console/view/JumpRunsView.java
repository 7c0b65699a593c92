package dev.baton.console.view;

import java.time.Instant;
import java.util.List;

/**
 * The Jumps page: a page of jump runs newest first.
 *
 * @param before     this page's cursor (runs created before it), or null on the newest page
 * @param nextBefore the cursor of the next (older) page, or null on the last
 */
public record JumpRunsView(List<JumpRunRow> runs, Instant before, Instant nextBefore, Instant now) {

    /** Whether a run on this page is active: then the page polls for its hosts' counts. */
    public boolean anyActive() {
        return runs.stream().anyMatch(r -> r.run().state().active());
    }

    /** This list's URL at the page before {@code cursor} (null: the newest). */
    public String link(Instant cursor) {
        return cursor == null ? "/jumps" : "/jumps?before=" + Urls.query(cursor.toString());
    }

    /** The URL of the rows alone, which an open page fetches every 2 s while a run is active. */
    public String rowsLink() {
        return before == null ? "/jumps/rows" : "/jumps/rows?before=" + Urls.query(before.toString());
    }
}
