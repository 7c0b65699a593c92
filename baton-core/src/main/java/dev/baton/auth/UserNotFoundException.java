package dev.baton.auth;

/** No user of that name (404). */
public final class UserNotFoundException extends RuntimeException {
    public UserNotFoundException(String name) {
        super("no user named '" + name + "' (baton users list shows them)");
    }
}
