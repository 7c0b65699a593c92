package dev.baton.store;

import dev.baton.store.testing.PostgresServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** The repositories contract on the PostgreSQL server the tests start, a fresh database per test. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresRepositoriesTest implements RepositoryRaceContract {

    private Database db;
    private final TestClock clock = TestClock.fixed();

    @BeforeEach
    void open() {
        db = Database.postgres(PostgresServer.shared().createDatabase());
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
}
