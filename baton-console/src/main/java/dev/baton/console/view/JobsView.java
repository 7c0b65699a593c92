package dev.baton.console.view;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The Jobs page: a page of jobs newest first, filtered by kind and state.
 *
 * @param kind       the kind filter, or empty
 * @param state      the state filter (wire name), or empty
 * @param nextBefore the cursor of the next (older) page, or null on the last
 * @param before     this page's cursor, or null on the newest page
 */
public record JobsView(List<Job> jobs, String kind, String state, Long before, Long nextBefore, Instant now) {

    /** The states to filter by, as their wire names. */
    public List<String> states() {
        return Arrays.stream(JobState.values()).map(JobState::wireName).toList();
    }

    /** Whether a job on this page is queued or running: then the page polls for their progress. */
    public boolean anyActive() {
        return jobs.stream().anyMatch(Job::active);
    }

    /** This list's URL with its filters, at the page before {@code cursor} (null: the newest). */
    public String link(Long cursor) {
        StringBuilder s = new StringBuilder("/jobs?kind=").append(Urls.query(kind)).append("&state=").append(Urls.query(state));
        if (cursor != null) {
            s.append("&before=").append(cursor);
        }
        return s.toString();
    }

    /** The URL of the rows alone, which an open page fetches every 2 s while a job is active. */
    public String rowsLink() {
        return link(before).replace("/jobs?", "/jobs/rows?");
    }
}
