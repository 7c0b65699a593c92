package dev.baton.pipeline.remote;

import java.time.Instant;

/**
 * What the last sync of a remote found. {@code repomdSha256} lets the next sync recognise an unchanged remote from
 * {@code repomd.xml} alone.
 *
 * @param remote       the remote's name
 * @param syncedAt     when the last sync ended
 * @param repomdSha256 the sha256 of the {@code repomd.xml} it read; {@code null} when it failed before that
 * @param revision     the {@code revision} in that {@code repomd.xml}, if any
 * @param packages     packages the remote lists
 * @param failed       packages that failed a check (test failed, quarantined)
 * @param result       {@code ok}, {@code unchanged}, or the error that ended the sync
 */
public record RemoteSyncState(String remote, Instant syncedAt, String repomdSha256, String revision, long packages,
                              long failed, String result) {
}
