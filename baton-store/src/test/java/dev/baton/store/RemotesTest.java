package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteExistsException;
import dev.baton.pipeline.remote.RemoteNotFoundException;
import dev.baton.pipeline.remote.RemoteSyncState;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.store.testing.PostgresServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's remotes (issue 15) on both stores: added once, listed, changed, removed with their sync state;
 * bad settings refused with a message naming them, and nothing stored from them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemotesTest {

    /** A real (Ed25519) public key: the keys are read when a remote is added. */
    static final String KEY = """
            -----BEGIN PGP PUBLIC KEY BLOCK-----

            mDMEaxW7gBYJKwYBBAHaRw8BAQdAY0Ei1rgN6YxEbQQ30D4nXoAD9F/KgpmG20aG
            gjqvLw20IFJlbW90ZSBUZXN0IDxyZW1vdGVAZXhhbXBsZS5jb20+iJAEExYIADgW
            IQSvMjVDnSf2jGCWpiRk8bYuH57jPAUCaxW7gAIbAwULCQgHAgYVCgkICwIEFgID
            AQIeAQIXgAAKCRBk8bYuH57jPIjRAQCLvjkPBj4V2qUZfez3Jxp3YQu6r00goEg+
            +QiPMLMl4gD9FIabl0+oR+mN564S3WdDzBc1aVLqg11z15G8ySPwOgY=
            =XUOF
            -----END PGP PUBLIC KEY BLOCK-----
            """;

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            remotesAreKeptCheckedAndRemoved(db);
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            remotesAreKeptCheckedAndRemoved(db);
        }
    }

    private void remotesAreKeptCheckedAndRemoved(Database db) throws Exception {
        TestClock clock = TestClock.fixed();
        Remotes remotes = new Remotes(new SqlRemoteStore(db), clock);
        Path cert = Files.writeString(temp.resolve("client.pem"), "cert");
        Path key = Files.writeString(temp.resolve("client.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        Remote added = remotes.add(new Remote("upstream", URI.create("https://mirror.example.com/el9/baseos"), KEY, true,
                cert, key, URI.create("http://proxy.example.com:3128"), Duration.ofHours(6), "/srv/csaf", null, null), "alice");

        assertThat(added.url()).hasToString("https://mirror.example.com/el9/baseos/");
        assertThat(added.createdBy()).isEqualTo("alice");
        assertThat(remotes.get("upstream")).isEqualTo(added);
        assertThat(remotes.list()).extracting(Remote::name).containsExactly("upstream");
        assertThatThrownBy(() -> remotes.add(spec("upstream", "http://other.example.com/"), "bob"))
                .isInstanceOf(RemoteExistsException.class);
        assertThat(remotes.get("upstream").url().getHost()).isEqualTo("mirror.example.com");

        Remote changed = remotes.change(new Remote("upstream", URI.create("http://mirror2.example.com/el9"), KEY, false,
                null, null, null, null, null, null, null));
        assertThat(changed.url()).hasToString("http://mirror2.example.com/el9/");
        assertThat(changed.createdBy()).isEqualTo("alice");
        assertThat(remotes.get("upstream").syncInterval()).isNull();

        assertThat(remotes.lastSync("upstream")).isEmpty();
        remotes.recordSync(new RemoteSyncState("upstream", Instant.parse("2026-12-06T10:00:00Z"), "ab".repeat(32), "17", 10, 2, "ok"));
        remotes.recordSync(new RemoteSyncState("upstream", Instant.parse("2026-12-06T11:00:00Z"), "ab".repeat(32), "17", 10, 2, "unchanged"));
        assertThat(remotes.lastSync("upstream")).get().extracting(RemoteSyncState::result).isEqualTo("unchanged");

        remotes.remove("upstream");
        assertThat(remotes.list()).isEmpty();
        assertThatThrownBy(() -> remotes.lastSync("upstream")).isInstanceOf(RemoteNotFoundException.class);
        assertThatThrownBy(() -> remotes.remove("upstream")).isInstanceOf(RemoteNotFoundException.class);
        remotes.add(spec("upstream", "http://mirror.example.com/"), "alice"); // its sync state went with it
        assertThat(remotes.lastSync("upstream")).isEmpty();
    }

    @Test
    void badSettingsAreRefusedNamingWhatIsWrongAndNothingIsStored() throws Exception {
        try (Database db = Database.embedded(temp.resolve("bad"), false)) {
            Remotes remotes = new Remotes(new SqlRemoteStore(db), TestClock.fixed());
            Path openKey = Files.writeString(temp.resolve("open.key"), "key");
            Files.setPosixFilePermissions(openKey, PosixFilePermissions.fromString("rw-r--r--"));
            Path cert = Files.writeString(temp.resolve("c.pem"), "cert");

            assertRefused(remotes, spec("up stream", "http://a.example.com/"), "lock name may contain only");
            assertRefused(remotes, spec("up", "ftp://a.example.com/"), "http:// or https://");
            assertRefused(remotes, spec("up", "file:///etc/"), "http:// or https://");
            assertRefused(remotes, spec("up", "http://user:secret@a.example.com/"), "stored in clear");
            assertRefused(remotes, spec("up", "http://a.example.com/x?token=1"), "without ?query");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), "not a key", false,
                    null, null, null, null, null, null, null), "trusted keys cannot be read");
            // Looks like a key block, is not one: the textual check passed this, reading the keys does not.
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"),
                    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF...\n-----END PGP PUBLIC KEY BLOCK-----\n", false,
                    null, null, null, null, null, null, null), "trusted keys cannot be read");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), "", true,
                    null, null, null, null, null, null, null), "repo_gpgcheck needs the key");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), KEY, false,
                    cert, openKey, null, null, null, null, null), "chmod 600");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), KEY, false,
                    temp.resolve("missing.pem"), null, null, null, null, null, null), "not a readable file");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), KEY, false,
                    null, null, URI.create("socks5://p.example.com:1080"), null, null, null, null), "http://HOST:PORT");
            assertRefused(remotes, new Remote("up", URI.create("http://a.example.com/"), KEY, false,
                    null, null, null, Duration.ofSeconds(10), null, null, null), "at least 1 minute");

            assertThat(remotes.list()).isEmpty();
        }
    }

    private static void assertRefused(Remotes remotes, Remote spec, String message) {
        assertThatThrownBy(() -> remotes.add(spec, "alice")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }

    private static Remote spec(String name, String url) {
        return new Remote(name, URI.create(url), KEY, false, null, null, null, null, null, null, null);
    }
}
