package dev.baton.auth;

import dev.baton.lock.BadRequestException;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The users of {@link AuthService}: create, disable, enable, set the role, the scopes and the password. Every stored
 * change makes the service check the user again at its next request (a disabled user's sessions end there; a new
 * role applies there). Someone can always manage people: the last enabled admin can be neither disabled nor
 * demoted. Directory users ({@link User#directory()}) take their role and password from the directory.
 */
public final class UserAccounts {

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    private final AuthStore store;
    private final SecretHasher hasher;
    private final InstantSource clock;
    /** Drops what the service verified before a change. */
    private final Runnable changed;

    UserAccounts(AuthStore store, SecretHasher hasher, InstantSource clock, Runnable changed) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.changed = changed;
    }

    /** Every user, by name. */
    public List<User> list() {
        return store.users();
    }

    /** One user; {@link UserNotFoundException} when unknown. */
    public User user(String name) {
        return store.user(name).orElseThrow(() -> new UserNotFoundException(name));
    }

    /**
     * Creates a user. Names are 1 to 200 of letters, digits, {@code . _ @ -} and never look like a credential id; the
     * password needs at least 8 characters.
     *
     * @throws UserExistsException when the name is taken (nothing changed)
     */
    public User create(String name, Role role, String password, Set<String> scopes) {
        if (name == null || !USER_NAME.matcher(name).matches() || looksLikeCredentialId(name)) {
            throw new BadRequestException("a user name is 1 to 200 letters, digits, '.', '_', '@' or '-', got '" + name + "'");
        }
        if (role == Role.HOST) {
            throw new BadRequestException("hosts use API credentials bound to their holder names, not users: "
                    + "baton credentials create --role host --holder NAME");
        }
        checkPassword(password);
        Principal.of(name, name, role, Set.of(), scopes); // validates the scopes
        User user = new User(name, role, hasher.hash(password), clock.instant(), scopes, null, false);
        if (!store.createUser(user)) {
            throw new UserExistsException(name);
        }
        return user;
    }

    /** Sets a local user's password; refused for a directory user. */
    public void setPassword(String name, String password) {
        checkPassword(password);
        if (user(name).directory()) {
            throw new BadRequestException("'" + name + "' signs in against the directory; change the password there");
        }
        store.setPassword(name, hasher.hash(password));
        changed.run();
    }

    /**
     * Gives a user another role. Refused for the last enabled admin, so someone can always manage people, and for a
     * directory user, whose groups decide its role.
     */
    public User setRole(String name, Role role) {
        User user = user(name);
        if (user.directory()) {
            throw new BadRequestException("'" + name + "' signs in against the directory: its groups decide its role");
        }
        if (role == Role.HOST) {
            throw new BadRequestException("hosts use API credentials, not users; choose another role");
        }
        guarded(store.setRoleKeepingAnAdmin(name, role), name, "take the admin role from");
        return user(name);
    }

    /** Disables a user: it cannot sign in, and sessions that check {@link AuthService#userPrincipal} end. */
    public User disable(String name) {
        User user = user(name);
        if (user.disabled()) {
            return user;
        }
        guarded(store.disableKeepingAnAdmin(name, clock.instant()), name, "disable");
        return user(name);
    }

    public User enable(String name) {
        stored(store.setDisabled(user(name).name(), null), name);
        return user(name);
    }

    /** Limits a user to lock and host name patterns; empty for everything. */
    public User setScopes(String name, Set<String> scopes) {
        scopes.forEach(Scopes::check);
        stored(store.setScopes(user(name).name(), scopes), name);
        return user(name);
    }

    /** The store checks for another enabled admin in the same step as the change, so two admins cannot race past it. */
    private void guarded(AuthStore.AdminGuard outcome, String name, String what) {
        if (outcome == AuthStore.AdminGuard.LAST_ADMIN) {
            throw new BadRequestException("'" + name + "' is the last enabled admin: make another user admin "
                    + "before you " + what + " it");
        }
        stored(outcome == AuthStore.AdminGuard.DONE, name);
    }

    private void stored(boolean stored, String name) {
        if (!stored) {
            throw new UserNotFoundException(name);
        }
        changed.run();
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 8) {
            throw new BadRequestException("a password needs at least 8 characters");
        }
        if (password.length() > 1024) {
            throw new BadRequestException("a password may have at most 1024 characters");
        }
    }

    private static boolean looksLikeCredentialId(String name) {
        try {
            return name.length() == 36 && UUID.fromString(name) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
