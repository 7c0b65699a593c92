package dev.baton.auth;

import java.util.Optional;
import java.util.Set;

/**
 * A directory people sign in against (LDAP): it checks a name and password by binding as that user, and names the
 * groups the user is a member of, which {@link DirectoryRoles} turns into a role. Implemented outside the domain
 * ({@code dev.baton.server.ldap}).
 */
public interface Directory {

    /**
     * The groups of {@code name} (group names and distinguished names, as the implementation finds them) when
     * {@code password} is right; empty when the name is unknown or the password wrong.
     *
     * @throws DirectoryUnavailableException when the directory cannot be reached or fails to answer
     */
    Optional<Set<String>> authenticate(String name, String password);

    /** Where the directory is, for messages and logs (never a password). */
    String describe();
}
