package dev.baton.console.view;

import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteSyncState;

/** A remote and what its last sync found ({@code lastSync} null: never synced). */
public record RemoteRow(Remote remote, RemoteSyncState lastSync) {

    /** {@code ok}, {@code unchanged}, {@code never}, or {@code failed} when the result is an error. */
    public String outcome() {
        if (lastSync == null) {
            return "never";
        }
        return lastSync.result().equals("ok") || lastSync.result().equals("unchanged") ? lastSync.result() : "failed";
    }
}
