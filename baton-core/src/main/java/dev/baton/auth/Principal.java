package dev.baton.auth;

import dev.baton.lock.BadRequestException;
import java.util.Set;

/**
 * Who is calling: a logged-in user or an API credential.
 *
 * @param id      the user name or the credential id
 * @param name    what the history records as the actor
 * @param holders for {@link Role#HOST}: the holder names it may use; empty for other roles
 * @param scopes  lock and host name patterns ({@link Scopes}) the principal is limited to; empty for everything
 */
public record Principal(String id, String name, Role role, Set<String> holders, Set<String> scopes) {

    public Principal {
        holders = Set.copyOf(holders);
        scopes = Set.copyOf(scopes);
    }

    /** Unlimited by scopes. */
    public Principal(String id, String name, Role role, Set<String> holders) {
        this(id, name, role, holders, Set.of());
    }

    /**
     * Whether this principal may use {@code permission} on {@code target}: its role grants it ({@link Role}'s table),
     * a host's holder names include the target of {@link Permission#HOLD} and {@link Permission#REPORT_PROGRESS},
     * and the target matches one of its scopes. A fleet-wide action ({@code target} null) needs a principal without
     * scopes, except reading, which anyone with the permission may do.
     */
    public boolean may(Permission permission, String target) {
        if (!role.grants(permission)) {
            return false;
        }
        if (!holders.isEmpty() && (permission == Permission.HOLD || permission == Permission.REPORT_PROGRESS)
                && (target == null || !holders.contains(target))) {
            return false;
        }
        if (target == null) {
            return scopes.isEmpty() || permission.reads();
        }
        return Scopes.matches(scopes, target);
    }

    /** May take and give back slots as {@code holder}. */
    public boolean canHold(String holder) {
        return may(Permission.HOLD, holder);
    }

    /** May force-release, freeze, set slots, enable and disable anywhere. */
    public boolean canOperate() {
        return may(Permission.OPERATE_LOCKS, null);
    }

    /** May manage users, credentials and hosts. */
    public boolean canAdminister() {
        return may(Permission.MANAGE_PEOPLE, null);
    }

    public static Principal of(String id, String name, Role role, Set<String> holders) {
        return of(id, name, role, holders, Set.of());
    }

    /** A principal, checked: a host needs holder names; scopes must be valid patterns. */
    public static Principal of(String id, String name, Role role, Set<String> holders, Set<String> scopes) {
        if (role == Role.HOST && holders.isEmpty()) {
            throw new BadRequestException("a host credential needs at least one holder name (--holder)");
        }
        scopes.forEach(Scopes::check);
        return new Principal(id, name, role, holders, scopes);
    }
}
