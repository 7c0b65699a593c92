package dev.baton.agent.lock;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's side of one lock on one server, whatever protocol the server speaks.
 *
 * <p>Every call is one exchange with the server; waiting, backoff and retries are {@link LockWaiter}'s.
 * All implementations are idempotent for the same holder: acquiring a lock already held by this holder
 * succeeds without using a second slot, which is what makes a crashed run safe to repeat. A network
 * failure throws {@link IOException} (the outcome is unknown: retry); a refusal that retrying will not cure
 * (bad credentials, a lock that does not exist) throws {@link LockException}.
 */
public interface LockClient {

    /**
     * One attempt to take the lock.
     *
     * @param serverWait how long the server may keep the request waiting for a slot (only protocols that can
     *                   wait on the server use it; the others answer at once)
     */
    AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException;

    /** Gives the lock back. Releasing a lock not held is a success. */
    void release() throws IOException, LockException;

    /** Whether the server says this holder holds the lock; empty when the protocol cannot tell. */
    Optional<Boolean> isHeld() throws IOException, LockException;

    /** "DLM Engine v2 at https://...", for messages. */
    String describe();
}
