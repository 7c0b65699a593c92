package dev.baton.store;

import dev.baton.store.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lock service contract on a real PostgreSQL server started by the tests ({@link PostgresServer}), a fresh
 * database per test. The second server of the two-server tests has its own connection pool.
 *
 * <p>Each fresh database is a copy of one template migrated once per JVM: copying takes a tenth of what
 * migrating takes. Databases are dropped in the background, since a drop waits for a checkpoint.
 */
class PostgresLockServiceTest extends LockServiceContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final ExecutorService DROPS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "drop-test-databases");
        t.setDaemon(true);
        return t;
    });
    private static String template;
    private String name;

    @Override
    protected Database openFreshDatabase() {
        name = "lock_contract_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        admin("CREATE DATABASE " + name + " TEMPLATE " + template());
        return Database.postgres(PostgresServer.shared().jdbcUrl(name));
    }

    @Override
    protected Database openSameDatabaseAgain() {
        return Database.postgres(PostgresServer.shared().jdbcUrl(name));
    }

    @Override
    protected void dropDatabase() {
        String dropped = name;
        DROPS.execute(() -> PostgresServer.shared().dropDatabase(dropped));
    }

    @Override
    public int modelSequences() {
        return 40;
    }

    /** An empty Baton schema, migrated by {@link Database#postgres} once, with nobody connected to it. */
    private static synchronized String template() {
        if (template == null) {
            String t = PostgresServer.shared().createDatabaseNamed("lock_contract_template_" + ProcessHandle.current().pid());
            Database.postgres(PostgresServer.shared().jdbcUrl(t)).close();
            template = t;
        }
        return template;
    }

    private static void admin(String sql) {
        try (Connection c = PostgresServer.shared().connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
