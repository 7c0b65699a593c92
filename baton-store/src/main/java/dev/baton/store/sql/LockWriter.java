package dev.baton.store.sql;

import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;

/**
 * How lock updates are run on one SQL engine: {@link LockStore#update}'s compare-and-set, durable before it
 * returns. SQLite runs each on its single writer ({@link dev.baton.store.sqlite.SqliteLockWriter});
 * PostgreSQL groups them into shared transactions ({@link dev.baton.store.postgres.PostgresLockWriter}).
 */
public interface LockWriter extends AutoCloseable {

    /** As {@link LockStore#update}. */
    <T> T update(String name, LockSettings initial, LockStore.Work<T> work);

    @Override
    void close();
}
