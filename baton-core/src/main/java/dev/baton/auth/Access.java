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

    /**
     * Returns {@code principal} when its role grants {@code permission}, or one of {@code others}, on anything; throws
     * otherwise. A route whose target is named in the request's body checks this before it reads the body, so a
     * caller who may not make the request is refused (403) whatever it sent, then {@link #require} with the target.
     *
     * @throws ForbiddenException naming {@code permission}, the roles that have it and who asked
     */
    public static Principal requireRole(Principal principal, Permission permission, Permission... others) {
        if (principal.role().grants(permission) || java.util.Arrays.stream(others).anyMatch(principal.role()::grants)) {
            return principal;
        }
        throw new ForbiddenException(permission, refusal(principal, permission, null));
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
