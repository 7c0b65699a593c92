package dev.baton.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.postgres.FairConnections;
import dev.baton.store.postgres.PooledWrites;
import dev.baton.store.sql.SqlFailure;
import dev.baton.store.sql.Writes;
import dev.baton.store.sqlite.SqliteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * An open database: a connection pool for reads, the {@link Writes} strategy of its dialect, and the
 * schema brought up to date by Flyway on open.
 *
 * <h2>Why SQLite for the embedded store</h2>
 * Measured on this 2-core machine (see docs/store.md): H2 2.4 by default acknowledges a commit and
 * writes it up to 500 ms later (a {@code kill -9} lost 11,000 of 20,000 acknowledged commits); with
 * {@code WRITE_DELAY=0} it kept them but wrote a fresh chunk per commit (233 MB for 20,000 one-row
 * commits) and never fsyncs. SQLite in WAL mode with {@code synchronous=FULL} fsyncs the log at every
 * commit (6,200 fsynced commits/s from one thread here, and far more with {@link SqliteWriter}'s group
 * commit), stays a small file, and allows exactly one writer, so a lock change cannot interleave with
 * another.
 */
public final class Database implements AutoCloseable {

    /** Connections for concurrent reads (SQLite readers do not block the writer in WAL mode). */
    static final int READ_POOL_SIZE = 8;
    /** PostgreSQL connections per server process, shared by reads and writes. */
    static final int POSTGRES_POOL_SIZE = 16;
    /** How long a PostgreSQL caller waits for a connection before it is answered 503 store_unavailable. */
    static final long CONNECTION_TIMEOUT_MS = 10_000;

    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Writes writes;
    private final String description;
    private final DataDirLock dataDirLock;

    private Database(Dialect dialect, HikariDataSource pool, Jdbi jdbi, Writes writes, String description,
                     DataDirLock dataDirLock) {
        this.dialect = dialect;
        this.pool = pool;
        this.jdbi = jdbi;
        this.writes = writes;
        this.description = description;
        this.dataDirLock = dataDirLock;
    }

    /**
     * Opens the embedded store in {@code dataDir} (created if missing). Only one server may use a data
     * directory at a time; a second one is refused with a message naming the directory.
     *
     * @param fsync {@code true} (the default): fsync at every commit, survives power loss;
     *              {@code false}: survives a crash of the server process but not of the machine
     */
    public static Database embedded(Path dataDir, boolean fsync) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            Path file = dataDir.resolve("baton.db").toAbsolutePath();
            String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=" + (fsync ? "FULL" : "NORMAL")
                    + "&foreign_keys=true&busy_timeout=10000&transaction_mode=IMMEDIATE"
                    // Nothing here asks for generated keys; left on, the driver matched every INSERT's SQL
                    // against a regular expression to find them, on the single writer's thread.
                    + "&jdbc.get_generated_keys=false";
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(READ_POOL_SIZE);
            config.setPoolName("baton-sqlite-read");
            HikariDataSource pool = open(config, "the embedded store in " + dataDir);
            migrate(pool, Dialect.SQLITE, "the embedded store in " + dataDir);
            Jdbi writer = Jdbi.create(url);
            return new Database(Dialect.SQLITE, pool, Jdbi.create(pool), new SqliteWriter(writer.open()),
                    "sqlite:" + file, lock);
        } catch (RuntimeException e) {
            // A failed open must not keep the directory locked: the next attempt would be told it is in use.
            lock.release();
            throw e;
        }
    }

    /** Opens a PostgreSQL store: {@code jdbc:postgresql://host:port/db?user=...&password=...}. */
    public static Database postgres(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setPoolName("baton-postgres");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        String where = redact(jdbcUrl);
        HikariDataSource pool = open(config, where);
        migrate(pool, Dialect.POSTGRESQL, where);
        // Reads and writes share the pool, and take turns for it in arrival order.
        Jdbi jdbi = Jdbi.create(new FairConnections(pool, POSTGRES_POOL_SIZE, CONNECTION_TIMEOUT_MS));
        return new Database(Dialect.POSTGRESQL, pool, jdbi, new PooledWrites(jdbi), where, null);
    }

    /** Opens what a {@code --store} value names: a PostgreSQL JDBC URL, or {@code null} for the embedded store. */
    public static Database open(String storeUrl, Path dataDir, boolean fsync) {
        if (storeUrl == null || storeUrl.isBlank()) {
            return embedded(dataDir, fsync);
        }
        if (storeUrl.startsWith("jdbc:postgresql:") || storeUrl.startsWith("postgresql:")) {
            return postgres(storeUrl.startsWith("jdbc:") ? storeUrl : "jdbc:" + storeUrl);
        }
        throw new IllegalArgumentException("--store must be a PostgreSQL JDBC URL such as "
                + "jdbc:postgresql://db.example.com:5432/baton?user=baton&password=..., got " + redact(storeUrl));
    }

    public Dialect dialect() {
        return dialect;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Writes writes() {
        return writes;
    }

    public String describe() {
        return description;
    }

    /** True when the database answers a trivial query. */
    public boolean healthy() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writes.close();
        pool.close();
        if (dataDirLock != null) {
            dataDirLock.release();
        }
    }

    private static HikariDataSource open(HikariConfig config, String where) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open " + where + ": " + SqlFailure.rootMessage(e), e);
        }
    }

    private static void migrate(HikariDataSource pool, Dialect dialect, String where) {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:" + dialect.migrations)
                    .loggers("slf4j").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreUnavailableException("cannot bring the schema of " + where + " up to date: " + e.getMessage(), e);
        }
    }

    /** The URL without its password, for messages and logs. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }
}
