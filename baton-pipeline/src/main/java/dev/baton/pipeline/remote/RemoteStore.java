package dev.baton.pipeline.remote;

import java.util.List;
import java.util.Optional;

/** Where remotes and their last sync are kept (in baton-store, beside the locks). */
public interface RemoteStore {

    /** Stores a new remote; false when one of that name exists (nothing is changed then). */
    boolean insert(Remote remote);

    /** Replaces a remote's settings (not its name or creation); false when there is no such remote. */
    boolean update(Remote remote);

    Optional<Remote> find(String name);

    /** Every remote, by name. */
    List<Remote> list();

    /** Removes the remote and its sync state; false when there was none. */
    boolean delete(String name);

    void recordSync(RemoteSyncState state);

    Optional<RemoteSyncState> lastSync(String name);
}
