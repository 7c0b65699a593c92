package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.auth.Access;
import dev.baton.auth.AuthService;
import dev.baton.auth.ForbiddenException;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.auth.SecretHasher;
import dev.baton.auth.UserExistsException;
import dev.baton.auth.UserNotFoundException;
import dev.baton.lock.BadRequestException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Users' lifecycle (create, disable, enable, role, scopes, password) and credentials' scopes, in the store. */
public interface PeopleContract extends LockFixture {

    private AuthService people() {
        return new AuthService(new SqlAuthStore(database()), new SecretHasher(1000), clock());
    }

    @Test
    default void aDisabledUserCannotLogInAndHasNoPrincipalUntilEnabledAgainOnThisOrAnotherServer() {
        AuthService auth = people();
        AuthService other = people(); // another server on the same store
        auth.ensureAdmin("admin password 1");
        auth.accounts().create("alice", Role.OPERATOR, "alice password", Set.of());
        assertThat(auth.verifyPassword("alice", "alice password")).isPresent();
        assertThat(auth.userPrincipal("alice")).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.OPERATOR));

        auth.accounts().disable("alice");
        assertThat(auth.accounts().user("alice").disabled()).isTrue();
        assertThat(auth.verifyPassword("alice", "alice password")).as("disabled, though the check was cached").isEmpty();
        assertThat(auth.userPrincipal("alice")).as("a session re-checking its user ends").isEmpty();
        assertThat(other.userPrincipal("alice")).isEmpty();

        other.accounts().enable("alice");
        assertThat(auth.verifyPassword("alice", "alice password")).isPresent();
        assertThat(auth.userPrincipal("alice")).isPresent();
    }

    @Test
    default void aDisabledOrChangedUserIsNotRenewedFromTheCacheOfAnotherServerAfterTheTtl() {
        AuthService auth = people();
        AuthService other = people();
        auth.ensureAdmin("admin password 1");
        auth.accounts().create("bob", Role.OPERATOR, "bob password", Set.of());
        assertThat(auth.verifyPassword("bob", "bob password")).isPresent();

        other.accounts().setRole("bob", Role.VIEWER);
        clock().advance(AuthService.CACHE_TTL.plusSeconds(1));
        assertThat(auth.verifyPassword("bob", "bob password")).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.VIEWER));

        other.accounts().disable("bob");
        clock().advance(AuthService.CACHE_TTL.plusSeconds(1));
        assertThat(auth.verifyPassword("bob", "bob password")).isEmpty();
    }

    @Test
    default void roleScopesAndPasswordChangesTakeEffectAtOnce() {
        AuthService auth = people();
        auth.ensureAdmin("admin password 1");
        auth.accounts().create("carol", Role.OPERATOR, "carol password", Set.of("web-*"));
        Principal carol = auth.verifyPassword("carol", "carol password").orElseThrow();
        assertThat(carol.scopes()).containsExactly("web-*");
        assertThat(carol.may(Permission.OPERATE_LOCKS, "web-3")).isTrue();
        assertThat(carol.may(Permission.OPERATE_LOCKS, "db-1")).isFalse();
        assertThatThrownBy(() -> Access.require(carol, Permission.FREEZE_FLEET, null)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("limited to web-*");

        auth.accounts().setScopes("carol", Set.of("db-*", "web-*"));
        assertThat(auth.verifyPassword("carol", "carol password").orElseThrow().may(Permission.OPERATE_LOCKS, "db-1")).isTrue();
        auth.accounts().setRole("carol", Role.RELEASE_MANAGER);
        Principal manager = auth.verifyPassword("carol", "carol password").orElseThrow();
        assertThat(manager.role()).isEqualTo(Role.RELEASE_MANAGER);
        assertThat(manager.may(Permission.OPERATE_LOCKS, "db-1")).isFalse();
        assertThat(manager.may(Permission.MANAGE_RELEASES, "db-1")).isTrue();

        auth.setPassword("carol", "a new password");
        assertThat(auth.verifyPassword("carol", "carol password")).isEmpty();
        assertThat(auth.verifyPassword("carol", "a new password")).isPresent();
        assertThat(auth.accounts().list()).extracting(u -> u.name()).containsExactly("admin", "carol");
    }

    @Test
    default void theLastEnabledAdminCanBeNeitherDisabledNorDemoted() {
        AuthService auth = people();
        auth.ensureAdmin("admin password 1");
        assertThatThrownBy(() -> auth.accounts().disable("admin")).isInstanceOf(BadRequestException.class).hasMessageContaining("last enabled admin");
        assertThatThrownBy(() -> auth.accounts().setRole("admin", Role.VIEWER)).isInstanceOf(BadRequestException.class);
        auth.accounts().create("dave", Role.ADMIN, "dave password", Set.of());
        auth.accounts().disable("admin");
        assertThatThrownBy(() -> auth.accounts().setRole("dave", Role.OPERATOR)).as("admin is disabled").isInstanceOf(BadRequestException.class);
        auth.accounts().enable("admin");
        auth.accounts().setRole("dave", Role.OPERATOR);
        assertThat(auth.accounts().user("dave").role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    default void twoAdminsDemotingOrDisablingEachOtherAtOnceNeverLeaveNoEnabledAdmin() {
        AuthService auth = people();
        auth.ensureAdmin("admin password 1");
        auth.accounts().create("pat", Role.ADMIN, "pat password", Set.of());
        auth.accounts().create("quinn", Role.ADMIN, "quinn password", Set.of());
        auth.accounts().disable("admin"); // pat and quinn are the two enabled admins
        for (int round = 0; round < 60; round++) {
            int kind = round % 3; // both demote, both disable, or one of each
            List<Boolean> done = Concurrently.run(2, false, i -> {
                String name = i == 0 ? "pat" : "quinn";
                try {
                    if (kind == 0 || (kind == 2 && i == 0)) {
                        auth.accounts().setRole(name, Role.VIEWER);
                    } else {
                        auth.accounts().disable(name);
                    }
                    return true;
                } catch (BadRequestException e) {
                    assertThat(e).hasMessageContaining("last enabled admin");
                    return false;
                }
            });
            List<String> admins = auth.accounts().list().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled())
                    .map(u -> u.name()).toList();
            assertThat(admins).as("enabled admins after round " + round).hasSize(1);
            assertThat(done).as("round " + round).containsExactlyInAnyOrder(true, false);
            for (String name : List.of("pat", "quinn")) { // two enabled admins again
                auth.accounts().enable(name);
                auth.accounts().setRole(name, Role.ADMIN);
            }
        }
    }

    @Test
    default void badUsersAreRefusedWithAMessageAndNothingStored() {
        AuthService auth = people();
        auth.ensureAdmin("admin password 1");
        assertThatThrownBy(() -> auth.accounts().create("admin", Role.VIEWER, "some password", Set.of())).isInstanceOf(UserExistsException.class);
        assertThatThrownBy(() -> auth.accounts().create("a:b", Role.VIEWER, "some password", Set.of())).hasMessageContaining("user name");
        assertThatThrownBy(() -> auth.accounts().create("6f1c2a4e-3b1d-4c5e-9f00-112233445566", Role.VIEWER, "some password", Set.of()))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> auth.accounts().create("erin", Role.VIEWER, "short", Set.of())).hasMessageContaining("8 characters");
        assertThatThrownBy(() -> auth.accounts().create("erin", Role.HOST, "some password", Set.of())).hasMessageContaining("credentials");
        assertThatThrownBy(() -> auth.accounts().create("erin", Role.VIEWER, "some password", Set.of("web *"))).hasMessageContaining("scope");
        assertThatThrownBy(() -> auth.accounts().disable("nobody")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> auth.setPassword("nobody", "some password")).isInstanceOf(UserNotFoundException.class);
        assertThat(auth.accounts().list()).extracting(u -> u.name()).containsExactly("admin");
    }

    @Test
    default void aCredentialKeepsItsScopes() {
        AuthService auth = people();
        var issued = auth.createCredential("web ops", Role.OPERATOR, Set.of(), Set.of("web-*"));
        Principal p = auth.verifyCredential(issued.credential().id(), issued.secret()).orElseThrow();
        assertThat(p.scopes()).containsExactly("web-*");
        assertThat(p.canHold("web-1")).isTrue();
        assertThat(p.canHold("db-1")).isFalse();
        assertThat(auth.credentials()).singleElement().satisfies(c -> assertThat(c.scopes()).containsExactly("web-*"));
    }
}
