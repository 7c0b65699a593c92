package dev.baton.console.view;

import dev.baton.jobs.Job;
import java.time.Instant;
import java.util.List;

/** A remote's page: its settings, its last sync and its latest sync jobs. */
public record RemoteView(RemoteRow row, List<Job> syncs, Instant now) {
}
