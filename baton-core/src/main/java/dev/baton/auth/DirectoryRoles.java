package dev.baton.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which role a directory user gets from its groups: a map from group (its name or distinguished name, compared
 * without regard to case) to role. A user in several mapped groups gets the most powerful of their roles (the first
 * in {@link Role}'s order); a user in none may not sign in.
 */
public final class DirectoryRoles {

    private final Map<String, Role> byGroup = new LinkedHashMap<>();

    public DirectoryRoles(Map<String, Role> byGroup) {
        byGroup.forEach((group, role) -> {
            if (role == Role.HOST) {
                throw new dev.baton.lock.BadRequestException("group '" + group + "' maps to the host role, which is for "
                        + "credentials only; map it to another role");
            }
            this.byGroup.put(group.strip().toLowerCase(Locale.ROOT), role);
        });
    }

    /**
     * Parses {@code GROUP=ROLE} mappings, as {@code --ldap-group-role} takes them.
     *
     * @throws dev.baton.lock.BadRequestException naming a mapping without {@code =} or with an unknown role
     */
    public static DirectoryRoles parse(Iterable<String> mappings) {
        Map<String, Role> byGroup = new LinkedHashMap<>();
        for (String mapping : mappings) {
            int eq = mapping.lastIndexOf('=');
            if (eq <= 0 || eq == mapping.length() - 1) {
                throw new dev.baton.lock.BadRequestException("'" + mapping + "' is not GROUP=ROLE, e.g. baton-admins=admin");
            }
            byGroup.put(mapping.substring(0, eq), Role.parse(mapping.substring(eq + 1)));
        }
        return new DirectoryRoles(byGroup);
    }

    /** The role of a member of {@code groups}; empty when none of them is mapped. */
    public Optional<Role> roleOf(Set<String> groups) {
        Role best = null;
        for (String group : groups) {
            Role role = byGroup.get(group.strip().toLowerCase(Locale.ROOT));
            if (role != null && (best == null || role.ordinal() < best.ordinal())) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean isEmpty() {
        return byGroup.isEmpty();
    }
}
