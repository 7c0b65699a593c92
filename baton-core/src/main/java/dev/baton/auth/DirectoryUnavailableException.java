package dev.baton.auth;

/** The directory could not be reached or did not answer; a sign-in against it fails, local users are unaffected. */
public final class DirectoryUnavailableException extends RuntimeException {
    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
