package dev.baton.auth;

/**
 * A principal asked for something its role or scopes do not allow ({@link Access#require}). Web doors answer it
 * 403 in their own error shape; the console shows its 403 page. The message names what was needed and who asked.
 */
public final class ForbiddenException extends RuntimeException {
    private final Permission permission;

    public ForbiddenException(Permission permission, String message) {
        super(message);
        this.permission = permission;
    }

    /** What was needed. */
    public Permission permission() {
        return permission;
    }
}
