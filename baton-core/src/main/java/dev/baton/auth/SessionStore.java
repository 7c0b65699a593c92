package dev.baton.auth;

import java.time.Instant;
import java.util.Optional;

/** Where console sessions are kept: in the store, so that logout and a second server sharing it both work. */
public interface SessionStore {

    void create(Session session);

    Optional<Session> find(String tokenHash);

    /** Moves the session's last request to {@code at}; false when it is gone. */
    boolean touch(String tokenHash, Instant at);

    /** Ends the session; false when there was none. */
    boolean delete(String tokenHash);

    /** Deletes the sessions last seen before {@code idleBefore} or created before {@code createdBefore}; returns how many. */
    int deleteExpired(Instant idleBefore, Instant createdBefore);
}
