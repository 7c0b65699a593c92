package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's raw durable commit rate, the ceiling for anything built on it: single-row
 * {@code UPDATE} transactions in autocommit, each connection on its own row (no row contention), with
 * the durability settings the server uses: SQLite in WAL mode with {@code synchronous=FULL} (an fsync
 * of the log per commit), PostgreSQL with {@code synchronous_commit=on} (and the fixture's
 * {@code fsync=on}). From one connection, and from M connections at once.
 */
final class RawCommits {

    /** Commits per second and the latency of one commit. */
    record Result(int connections, double commitsPerSecond, Samples.Summary latency, String settings) {
    }

    private RawCommits() {
    }

    /** The JDBC URL of an SQLite file with the embedded store's durability settings. */
    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000";
    }

    static Result sqlite(Path dir, int connections, double warmupSeconds, double seconds) throws Exception {
        Files.createDirectories(dir);
        String url = sqliteUrl(dir.resolve("raw.db"));
        String settings;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            seed(c, connections);
            settings = "journal_mode=" + one(s, "PRAGMA journal_mode") + " synchronous=" + one(s, "PRAGMA synchronous")
                    + " (2 = FULL)";
        }
        return run(url, connections, warmupSeconds, seconds, settings, c -> { });
    }

    static Result postgres(String url, int connections, double warmupSeconds, double seconds) throws Exception {
        String settings;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            seed(c, connections);
            settings = "synchronous_commit=on fsync=" + one(s, "SHOW fsync") + " wal_sync_method=" + one(s, "SHOW wal_sync_method");
        }
        return run(url, connections, warmupSeconds, seconds, settings, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = on");
            }
        });
    }

    private interface Setup {
        void apply(Connection c) throws SQLException;
    }

    private static void seed(Connection c, int rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO bench_rows (id, n) VALUES (?, 0) ON CONFLICT (id) DO NOTHING")) {
            for (int i = 0; i < rows; i++) {
                p.setInt(1, i);
                p.executeUpdate();
            }
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Result run(String url, int connections, double warmupSeconds, double seconds, String settings,
                              Setup setup) throws Exception {
        List<Samples> samples = new ArrayList<>();
        AtomicLong commits = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(connections);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        Object startSignal = new Object();
        boolean[] started = {false};
        for (int i = 0; i < connections; i++) {
            int row = i;
            Samples mine = new Samples();
            samples.add(mine);
            threads.add(Thread.ofPlatform().name("raw-" + i).start(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    setup.apply(c);
                    c.setAutoCommit(true);
                    try (PreparedStatement p = c.prepareStatement("UPDATE bench_rows SET n = n + 1 WHERE id = ?")) {
                        p.setInt(1, row);
                        ready.countDown();
                        synchronized (startSignal) {
                            while (!started[0]) {
                                startSignal.wait();
                            }
                        }
                        while (true) {
                            long t0 = System.nanoTime();
                            if (t0 >= window[1]) {
                                break;
                            }
                            if (p.executeUpdate() != 1) {
                                throw new IllegalStateException("row " + row + " is missing");
                            }
                            long t1 = System.nanoTime();
                            if (t0 >= window[0] && t1 <= window[1]) {
                                mine.add(t1 - t0);
                                commits.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }));
        }
        ready.await();
        long now = System.nanoTime();
        window[0] = now + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (seconds * 1e9);
        synchronized (startSignal) {
            started[0] = true;
            startSignal.notifyAll();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw commit run failed: " + failure.get(), failure.get());
        }
        return new Result(connections, commits.get() / seconds, Samples.merge(samples).summary(), settings);
    }
}
