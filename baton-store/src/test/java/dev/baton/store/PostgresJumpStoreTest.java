package dev.baton.store;

import dev.baton.store.testing.PostgresServer;

/** The jump store's contract on PostgreSQL. */
class PostgresJumpStoreTest extends JumpStoreContract {

    @Override
    Database database() {
        return Database.postgres(PostgresServer.shared().createDatabase());
    }
}
