package dev.baton.console;

import dev.baton.auth.Principal;
import dev.baton.auth.Role;

/**
 * The ONE place where the console decides who may see and do what; every page and action asks here.
 *
 * <p>Until the permission table (dev.baton.auth.Access) is in, pages need any role but {@code host} (an agent's
 * credential role, not a person's), and actions need {@link Principal#canOperate()}. At the merge, each method
 * becomes one call of {@code Access.require(principal, Permission.X, target)}.
 */
final class ConsoleAccess {

    /** What a console user asks to do. */
    enum Need {
        VIEW("see the console"),
        OPERATE_LOCKS("force-release, set slots, enable, disable, freeze or unfreeze a lock"),
        FREEZE_FLEET("freeze or unfreeze the fleet");

        final String what;

        Need(String what) {
            this.what = what;
        }
    }

    private ConsoleAccess() {
    }

    /** Whether {@code principal} may; {@code target} is the lock or host concerned, or null for fleet-wide. */
    static boolean may(Principal principal, Need need, String target) {
        return switch (need) {
            case VIEW -> principal.role() != Role.HOST;
            case OPERATE_LOCKS, FREEZE_FLEET -> principal.canOperate();
        };
    }

    /** Throws a 403 {@link Refusal} unless {@code principal} may. */
    static void require(Principal principal, Need need, String target) {
        if (!may(principal, need, target)) {
            throw Refusal.forbidden(need.what);
        }
    }
}
