package dev.baton.lock;

/** The store could not be reached or failed; nothing was changed. Callers answer 503 and may retry. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
