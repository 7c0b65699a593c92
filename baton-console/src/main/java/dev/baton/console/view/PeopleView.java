package dev.baton.console.view;

import dev.baton.auth.Credential;
import dev.baton.auth.Role;
import dev.baton.auth.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The People page: users and API credentials (never a password hash or a secret: the templates show neither). */
public record PeopleView(List<User> users, List<Credential> credentials, Instant now) {

    /** The roles a user may be given (hosts are credentials, never users). */
    public List<String> userRoles() {
        return Arrays.stream(Role.values()).filter(r -> r != Role.HOST).map(Role::wireName).toList();
    }

    public List<String> roles() {
        return Arrays.stream(Role.values()).map(Role::wireName).toList();
    }

    /** Names or patterns as one comma-separated line; "everything" for none. */
    public static String list(java.util.Collection<String> names, String none) {
        return names.isEmpty() ? none : String.join(", ", names.stream().sorted().toList());
    }
}
