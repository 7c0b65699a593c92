package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.auth.AuthService;
import dev.baton.auth.Role;
import dev.baton.auth.SecretHasher;
import dev.baton.auth.SessionTimeouts;
import dev.baton.auth.Sessions;
import dev.baton.auth.User;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sessions (issue 14) on both stores: only the token's hash is stored; a session ends at its idle and its
 * absolute timeout, at logout, and when its user is gone; a second server sharing the store sees the same sessions.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionsTest {

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            sessionsEndAtTimeoutsLogoutAndWithTheirUser(db);
        }
    }

    @Test
    void onPostgres() {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            sessionsEndAtTimeoutsLogoutAndWithTheirUser(db);
        }
    }

    @Test
    void timeoutsThatCannotWorkAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new SessionTimeouts(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--session-idle");
        assertThatThrownBy(() -> new SessionTimeouts(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--session-max").hasMessageContaining("PT2H");
    }

    private static void sessionsEndAtTimeoutsLogoutAndWithTheirUser(Database db) {
        TestClock clock = TestClock.fixed();
        SqlAuthStore users = new SqlAuthStore(db);
        AuthService auth = new AuthService(users, new SecretHasher(1000), clock);
        users.createUser(new User("ops", Role.OPERATOR, "x", clock.instant()));
        SqlSessionStore store = new SqlSessionStore(db);
        var timeouts = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(2));
        Sessions sessions = new Sessions(store, auth, clock, timeouts);
        Sessions otherServer = new Sessions(new SqlSessionStore(db), auth, clock, timeouts);

        var opened = sessions.open("ops", "192.0.2.7");
        assertThat(store.find(opened.token())).as("the token itself is not a key of the store").isEmpty();
        assertThat(store.find(opened.session().tokenHash())).contains(opened.session());
        assertThat(opened.session().csrf()).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(opened.token());
        var active = otherServer.resolve(opened.token()).orElseThrow();
        assertThat(active.principal().role()).isEqualTo(Role.OPERATOR);
        assertThat(active.session().address()).isEqualTo("192.0.2.7");
        assertThat(sessions.resolve("not-a-token")).isEmpty();

        // Busy: a request every 20 minutes keeps it open past the idle timeout, until the absolute one.
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.resolve(opened.token())).as("after %d min", 20 * (i + 1)).isPresent();
        }
        clock.advance(Duration.ofMinutes(20)); // 120 min after login
        assertThat(sessions.resolve(opened.token())).as("past the absolute timeout").isEmpty();
        assertThat(store.find(opened.session().tokenHash())).as("deleted when presented after its end").isEmpty();

        // Idle: 30 minutes without a request.
        var idle = sessions.open("ops", "192.0.2.7");
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.resolve(idle.token())).isEmpty();

        // Logout on one server ends it on the other.
        var loggedOut = sessions.open("ops", "192.0.2.7");
        otherServer.close(loggedOut.token());
        assertThat(sessions.resolve(loggedOut.token())).isEmpty();

        // A role changed in the store applies to the next request; a user gone ends the session.
        var changed = sessions.open("ops", "192.0.2.7");
        db.writes().inTransaction(h -> h.createUpdate("UPDATE users SET role = 'viewer' WHERE name = 'ops'").execute());
        assertThat(sessions.resolve(changed.token()).orElseThrow().principal().role()).isEqualTo(Role.VIEWER);
        auth.accounts().disable("ops");
        assertThat(sessions.resolve(changed.token())).as("a disabled user's session ends").isEmpty();
        db.writes().inTransaction(h -> h.createUpdate("DELETE FROM users WHERE name = 'ops'").execute());

        // The purge deletes what nobody presents again.
        users.createUser(new User("ops", Role.OPERATOR, "x", clock.instant()));
        var forgotten = sessions.open("ops", "192.0.2.7");
        var fresh = sessions.open("ops", "192.0.2.7");
        clock.advance(Duration.ofMinutes(31));
        sessions.resolve(fresh.token()); // gone by now too
        var kept = sessions.open("ops", "192.0.2.7");
        assertThat(sessions.purge()).isEqualTo(1);
        assertThat(store.find(forgotten.session().tokenHash())).isEmpty();
        assertThat(sessions.resolve(kept.token())).isPresent();
    }
}
