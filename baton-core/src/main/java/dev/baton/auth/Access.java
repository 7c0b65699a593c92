package dev.baton.auth;

/**
 * The one place where Baton decides whether a principal may do something: every API route and every console page
 * or action asks here ({@link #require}), so the rules are {@link Role}'s table plus {@link Principal#may}, nowhere
 * else.
 */
public final class Access {

    private Access() {
    }

    /**
     * Returns {@code principal} when it may use {@code permission} on {@code target}; throws otherwise.
     *
     * @param target the lock or host name the action concerns (for {@link Permission#HOLD}, the holder's name), or
     *               {@code null} for fleet-wide actions and listings
     * @throws ForbiddenException naming the permission, the roles that have it and who asked
     */
    public static Principal require(Principal principal, Permission permission, String target) {
        if (principal.may(permission, target)) {
            return principal;
        }
        throw new ForbiddenException(permission, refusal(principal, permission, target));
    }

    private static String refusal(Principal p, Permission permission, String target) {
        String who = p.role().wireName() + " '" + p.name() + "'";
        if (!p.role().grants(permission)) {
            return who + " may not " + permission.wireName() + ": that needs the role " + Role.withPermission(permission);
        }
        if (permission == Permission.HOLD && !p.holders().isEmpty()) {
            return who + " may not lock as holder '" + target + "'";
        }
        if (target == null) {
            return who + " is limited to " + String.join(", ", p.scopes()) + " and may not "
                    + permission.wireName() + " fleet-wide";
        }
        return who + " may not " + permission.wireName() + " on '" + target + "': it is limited to "
                + String.join(", ", p.scopes());
    }
}
