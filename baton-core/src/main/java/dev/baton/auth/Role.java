package dev.baton.auth;

import static dev.baton.auth.Permission.FREEZE_FLEET;
import static dev.baton.auth.Permission.HOLD;
import static dev.baton.auth.Permission.MANAGE_NOTIFICATIONS;
import static dev.baton.auth.Permission.MANAGE_RELEASES;
import static dev.baton.auth.Permission.OPERATE_JUMPS;
import static dev.baton.auth.Permission.OPERATE_LOCKS;
import static dev.baton.auth.Permission.REPORT_PROGRESS;
import static dev.baton.auth.Permission.SIGN_PACKAGES;
import static dev.baton.auth.Permission.TEST_PACKAGES;
import static dev.baton.auth.Permission.VIEW;
import static dev.baton.auth.Permission.VIEW_AUDIT;

import dev.baton.lock.BadRequestException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user or an API credential may do: the one table of roles and their {@link Permission}s.
 *
 * <table>
 *   <caption>Roles and permissions</caption>
 *   <tr><th>role</th><th>permissions</th></tr>
 *   <tr><td>admin</td><td>every permission</td></tr>
 *   <tr><td>operator</td><td>view, hold (any holder), report-progress, operate-locks, freeze-fleet,
 *       manage-notifications, view-audit, operate-jumps</td></tr>
 *   <tr><td>release-manager</td><td>view, manage-releases, view-audit</td></tr>
 *   <tr><td>signer</td><td>view, sign-packages</td></tr>
 *   <tr><td>tester</td><td>view, test-packages</td></tr>
 *   <tr><td>host</td><td>view, hold and report-progress, only as the holder names it is bound to</td></tr>
 *   <tr><td>viewer</td><td>view</td></tr>
 * </table>
 *
 * A user or credential may further be limited to lock and host name patterns ({@link Principal#scopes()}).
 */
public enum Role {
    /** Everything, including people, credentials and hosts. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Force-release, freeze, slots, enable/disable; acquire and release under any holder name; run release jumps. */
    OPERATOR(EnumSet.of(VIEW, HOLD, REPORT_PROGRESS, OPERATE_LOCKS, FREEZE_FLEET, MANAGE_NOTIFICATIONS, VIEW_AUDIT,
            OPERATE_JUMPS)),
    /** Approves and promotes releases in the package pipeline. */
    RELEASE_MANAGER(EnumSet.of(VIEW, MANAGE_RELEASES, VIEW_AUDIT)),
    /** Signs packages in the package pipeline. */
    SIGNER(EnumSet.of(VIEW, SIGN_PACKAGES)),
    /** Marks packages tested in the package pipeline. */
    TESTER(EnumSet.of(VIEW, TEST_PACKAGES)),
    /** Acquire, release and report progress only, and only as the holder names bound to the credential. */
    HOST(EnumSet.of(VIEW, HOLD, REPORT_PROGRESS)),
    /** Read only. */
    VIEWER(EnumSet.of(VIEW));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    /** Whether this role has {@code permission}, wherever it applies (scopes and holder names aside). */
    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    /** This role's permissions. */
    public Set<Permission> permissions() {
        return permissions;
    }

    /** The roles that have {@code permission}, as people write them, for messages. */
    public static String withPermission(Permission permission) {
        return Arrays.stream(values()).filter(r -> r.grants(permission)).map(Role::wireName).collect(Collectors.joining(", "));
    }

    /** {@code admin}, {@code release-manager}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** All roles as people write them, for messages and completion. */
    public static String names() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }

    public static Role parse(String name) {
        String wanted = name == null ? "" : name.strip().replace('_', '-');
        for (Role r : values()) {
            if (r.wireName().equalsIgnoreCase(wanted)) {
                return r;
            }
        }
        throw new BadRequestException("unknown role '" + name + "': use one of " + names());
    }
}
