package dev.baton.auth;

import java.util.Locale;

/**
 * What a user or an API credential may do. Each role includes the ones below it, except {@code host},
 * which may only take and give back slots under the holder names it is bound to.
 */
public enum Role {
    /** Everything, including users and credentials. */
    ADMIN,
    /** Force-release, freeze, slots, enable/disable; acquire and release under any holder name. */
    OPERATOR,
    /** Acquire and release only, and only as the holder names bound to the credential. */
    HOST,
    /** Read only. */
    VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return r;
            }
        }
        throw new dev.baton.lock.BadRequestException("unknown role '" + name + "': use admin, operator, host or viewer");
    }
}
