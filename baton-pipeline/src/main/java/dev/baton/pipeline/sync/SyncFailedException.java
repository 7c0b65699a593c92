package dev.baton.pipeline.sync;

/** A sync cannot go on: the remote's metadata is missing, wrong or not trusted; the message says which and why. */
public class SyncFailedException extends RuntimeException {
    public SyncFailedException(String message) {
        super(message);
    }

    public SyncFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
