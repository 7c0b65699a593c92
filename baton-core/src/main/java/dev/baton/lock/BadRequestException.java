package dev.baton.lock;

/** The caller asked for something malformed or impossible; the message says what and is safe to show. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
