package dev.baton.pipeline.signing;

/**
 * A key or signature operation that cannot be done: a wrong passphrase, an unreadable key or signature, an unknown
 * or duplicate key name, a package that is not fit to sign. The message says what and what to do, and is safe to
 * show: it never contains key material or a passphrase.
 */
public class SigningException extends RuntimeException {

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
