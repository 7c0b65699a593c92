package dev.baton.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The jump store's contract on the embedded store. */
class SqliteJumpStoreTest extends JumpStoreContract {

    @TempDir
    Path temp;

    @Override
    Database database() {
        return Database.embedded(temp.resolve("data"), false);
    }
}
