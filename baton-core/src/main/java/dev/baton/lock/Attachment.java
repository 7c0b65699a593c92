package dev.baton.lock;

/**
 * A record of the caller's own that the lock store writes in the same transaction as the change it is attached to,
 * so that after a crash at any point either both are stored or neither: the audit entry of an operator's change.
 *
 * <p>The lock domain passes an attachment on ({@link LockPolicy#attaching}, {@link LockService#forceRelease(String,
 * String, String, String, Protocol, Attachment)}) and never reads it; the store knows how to write each kind it may be
 * given, and fails the change (writing nothing) for a kind it does not know. Like every write of a change, it is
 * written once per committed change, however often an optimistic store runs the change.
 */
public interface Attachment {
}
