package dev.baton.pipeline.repository;

import java.time.Instant;

/** A version without its package list: what a list of versions shows. */
public record VersionSummary(String repository, int number, Instant createdAt, String actor, String reason,
                             int packageCount) {
}
