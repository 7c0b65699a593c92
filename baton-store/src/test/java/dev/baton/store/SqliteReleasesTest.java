package dev.baton.store;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The releases contract on the embedded SQLite store, a fresh data directory per test. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SqliteReleasesTest implements ReleasesContract {

    @TempDir
    Path temp;

    private Database db;
    private final TestClock clock = TestClock.fixed();

    @BeforeEach
    void open() {
        db = Database.embedded(temp.resolve("data"), false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public Database database() {
        return db;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public Path temp() {
        return temp;
    }
}
