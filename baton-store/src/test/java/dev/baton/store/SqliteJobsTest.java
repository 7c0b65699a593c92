package dev.baton.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The durable-jobs contract on the embedded store. */
class SqliteJobsTest extends JobsContract {

    @TempDir
    Path temp;

    private int databases;

    @Override
    Database database() {
        return Database.embedded(temp.resolve("data" + databases++), false);
    }
}
