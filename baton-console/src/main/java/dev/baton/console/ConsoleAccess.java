package dev.baton.console;

import dev.baton.auth.Access;
import dev.baton.auth.ForbiddenException;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;

/**
 * The ONE place where the console asks who may see and do what: every page and action comes here, and here asks
 * {@link Access}, Baton's one permission check (the role table and the principal's scopes). Pages need
 * {@link Permission#VIEW} of the whole fleet; a lock action {@link Permission#OPERATE_LOCKS} on that lock; a fleet
 * freeze {@link Permission#FREEZE_FLEET}; the People page and its actions {@link Permission#MANAGE_PEOPLE}; the audit
 * page {@link Permission#VIEW_AUDIT}; a retry of a failed notification {@link Permission#MANAGE_NOTIFICATIONS}; a jump
 * run's retry, skip and abort {@link Permission#OPERATE_JUMPS} (fleet-wide, as the jump API asks).
 */
final class ConsoleAccess {

    private ConsoleAccess() {
    }

    /** Whether {@code principal} may; {@code target} is the lock or host concerned, or null for fleet-wide. */
    static boolean may(Principal principal, Permission permission, String target) {
        return principal.may(permission, target);
    }

    /** Whether the role allows {@code permission} at all (then the console shows its controls; scopes are checked on use). */
    static boolean roleAllows(Principal principal, Permission permission) {
        return principal.role().grants(permission);
    }

    /** Throws a 403 {@link Refusal} (the console's "Not allowed" page) unless {@code principal} may. */
    static void require(Principal principal, Permission permission, String target) {
        try {
            Access.require(principal, permission, target);
        } catch (ForbiddenException e) {
            throw new Refusal(403, "Not allowed", e.getMessage() + ". Ask an administrator if you need to.");
        }
    }
}
