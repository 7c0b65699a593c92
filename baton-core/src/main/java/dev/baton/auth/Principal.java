package dev.baton.auth;

import dev.baton.lock.BadRequestException;
import java.util.Set;

/**
 * Who is calling: a logged-in user or an API credential.
 *
 * @param id      the user name or the credential id
 * @param name    what the history records as the actor
 * @param holders for {@link Role#HOST}: the holder names it may use; empty for other roles
 */
public record Principal(String id, String name, Role role, Set<String> holders) {

    /** May take and give back slots as {@code holder}. */
    public boolean canHold(String holder) {
        return switch (role) {
            case ADMIN, OPERATOR -> true;
            case HOST -> holders.contains(holder);
            case VIEWER -> false;
        };
    }

    /** May force-release, freeze, set slots, enable and disable. */
    public boolean canOperate() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    /** May manage users, credentials and hosts. */
    public boolean canAdminister() {
        return role == Role.ADMIN;
    }

    public static Principal of(String id, String name, Role role, Set<String> holders) {
        if (role == Role.HOST && holders.isEmpty()) {
            throw new BadRequestException("a host credential needs at least one holder name (--holder)");
        }
        return new Principal(id, name, role, Set.copyOf(holders));
    }
}
