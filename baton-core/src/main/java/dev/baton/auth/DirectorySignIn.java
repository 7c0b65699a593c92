package dev.baton.auth;

import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * Signing in against the {@link Directory}: a user the directory knows, in a group that {@link DirectoryRoles} maps,
 * is kept as a directory user in the store on first sign-in (no password of its own), gets its role from its groups at
 * every sign-in, and keeps the scopes and the disabled state that Baton's own user management gives it.
 */
final class DirectorySignIn {

    private final AuthStore store;
    private final Directory directory;
    private final DirectoryRoles roles;
    private final InstantSource clock;

    DirectorySignIn(AuthStore store, Directory directory, DirectoryRoles roles, InstantSource clock) {
        this.store = store;
        this.directory = directory;
        this.roles = roles;
        this.clock = clock;
    }

    /**
     * The principal of {@code name} when the directory accepts {@code password} and a group maps to a role; empty
     * otherwise, and when the user is disabled here.
     *
     * @throws DirectoryUnavailableException when the directory cannot answer
     */
    Optional<Principal> signIn(String name, String password) {
        Optional<Set<String>> groups = directory.authenticate(name, password);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Optional<Role> role = roles.roleOf(groups.get());
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> known = store.user(name);
        if (known.isEmpty()) {
            store.createUser(new User(name, role.get(), User.NO_PASSWORD, clock.instant(), Set.of(), null, true));
        } else if (!known.get().directory()) {
            return Optional.empty(); // a local user of that name was created meanwhile: its own password decides
        } else if (known.get().role() != role.get()) {
            store.setRole(name, role.get());
        }
        return store.user(name).filter(u -> u.directory() && !u.disabled()).map(User::principal);
    }

    String describe() {
        return directory.describe();
    }
}
