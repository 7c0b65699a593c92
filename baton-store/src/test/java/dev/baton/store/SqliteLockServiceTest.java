package dev.baton.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock service contract on the embedded store (SQLite), with fsync on as in production. Each fresh
 * database is a copy of one file migrated once per class: copying costs far less than migrating.
 */
class SqliteLockServiceTest extends LockServiceContract {

    @TempDir
    static Path shared;
    private static Path template;

    @TempDir
    Path temp;

    @Override
    protected Database openFreshDatabase() {
        try {
            Path dir = Files.createTempDirectory(temp, "data-");
            Files.copy(template().resolve("baton.db"), dir.resolve("baton.db"));
            return Database.embedded(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Database openSameDatabaseAgain() {
        return null; // one server per data directory: the second server shares the first one's database
    }

    @Override
    public int modelSequences() {
        return 300;
    }

    /** A data directory with an empty, migrated store, closed (so its write-ahead log is folded in). */
    private static synchronized Path template() {
        if (template == null) {
            Path dir = shared.resolve("template");
            Database.embedded(dir, true).close();
            if (Files.exists(dir.resolve("baton.db-wal"))) {
                throw new IllegalStateException("the template store kept a write-ahead log after close");
            }
            template = dir;
        }
        return template;
    }
}
