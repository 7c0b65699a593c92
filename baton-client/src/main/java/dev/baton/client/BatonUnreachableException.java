package dev.baton.client;

/** The server could not be reached, or the connection broke: nothing is known about the outcome. */
public class BatonUnreachableException extends RuntimeException {
    public BatonUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
