package dev.baton.notify;

/** A send that did not go through; the message says why in words (never with a secret in it). */
public class DeliveryException extends RuntimeException {
    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
