package dev.baton.pipeline.rpm;

/**
 * A file that is not a well-formed RPM package: truncated, wrong magic, absurd counts or sizes, or a header entry
 * that points outside its header. The message names what is wrong and where, in words an operator can act on.
 *
 * <p>Unchecked, so that reading a header value never forces a try block on callers that already handle the
 * {@link java.io.IOException} of opening the file; callers that take files from outside catch it explicitly.
 */
public final class RpmFormatException extends RuntimeException {

    public RpmFormatException(String message) {
        super(message);
    }

    public RpmFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
