package dev.baton.auth;

/** A user of that name exists already (409); nothing was changed. */
public final class UserExistsException extends RuntimeException {
    public UserExistsException(String name) {
        super("a user named '" + name + "' exists already; nothing was changed");
    }
}
