package dev.baton.bench;

import dev.baton.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a Baton store with a fleet for the console's benchmark (issue 14), in seconds: set-based SQL (a recursive
 * row generator on SQLite, {@code generate_series} on PostgreSQL), one statement per table, after
 * {@link Database#embedded} or {@link Database#postgres} (baton-store's public entry points) created the schema.
 * Nothing else may use the store while it runs.
 *
 * <p>What it writes (see {@link Fleet} for the numbers): hosts {@code host-00001.bench.example.com} ... each with two
 * aliases ({@code host-00001-cert} and a 32-hex machine id), check-ins through two doors (3 % never called, 2 % last
 * called ten days ago), five progress reports each whose newest says done, failed (2 %), started in pre_update (5 %)
 * or waiting (2.5 %); locks {@code lock-0001} ... with 1-3 slots, a third of them held (every hundredth with a
 * one-minute stale_after, so stale), every thirtieth with five waiters that never expire; and the events of thirty
 * days, newest last: acquire and release by hosts over every door, a force-release every 997th, a refusal every
 * 499th, and ten events of the holder {@code rare-host}. On PostgreSQL it ends with {@code ANALYZE}, as autovacuum
 * would soon after such a load.
 */
final class ReadsSeed {

    /** How much to write. */
    record Fleet(int hosts, int locks, int events) {
        static final Fleet ISSUE_14 = new Fleet(10_000, 1_000, 1_000_000);
    }

    private ReadsSeed() {
    }

    /** Usage: {@code ReadsSeed --data DIR | --store JDBC_URL [--hosts N] [--locks N] [--events N]}. */
    public static void main(String[] args) throws Exception {
        Path data = null;
        String store = null;
        Fleet fleet = Fleet.ISSUE_14;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--store" -> store = args[i + 1];
                case "--hosts" -> fleet = new Fleet(Integer.parseInt(args[i + 1]), fleet.locks(), fleet.events());
                case "--locks" -> fleet = new Fleet(fleet.hosts(), Integer.parseInt(args[i + 1]), fleet.events());
                case "--events" -> fleet = new Fleet(fleet.hosts(), fleet.locks(), Integer.parseInt(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if ((data == null) == (store == null)) {
            System.err.println("ReadsSeed: give --data DIR (embedded store) or --store JDBC_URL (PostgreSQL)");
            System.exit(2);
        }
        long started = System.nanoTime();
        List<String> timings = store != null ? seedPostgres(store, fleet) : seedEmbedded(data, fleet);
        timings.forEach(System.out::println);
        System.out.printf("seeded in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Creates the schema in {@code dataDir} (if new) and fills it; returns what took how long. */
    static List<String> seedEmbedded(Path dataDir, Fleet fleet) throws SQLException {
        Database.embedded(dataDir, false).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("baton.db").toAbsolutePath()
                + "?journal_mode=WAL&synchronous=NORMAL&foreign_keys=true")) {
            return fill(c, false, fleet);
        }
    }

    /** Creates the schema in the database (if new) and fills it; returns what took how long. */
    static List<String> seedPostgres(String jdbcUrl, Fleet fleet) throws SQLException {
        Database.postgres(jdbcUrl).close();
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            List<String> timings = fill(c, true, fleet);
            long t = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            timings.add(String.format("  ANALYZE: %.1f s", (System.nanoTime() - t) / 1e9));
            return timings;
        }
    }

    private static List<String> fill(Connection c, boolean postgres, Fleet fleet) throws SQLException {
        Sql sql = new Sql(postgres);
        long now = System.currentTimeMillis();
        long month = Duration.ofDays(30).toMillis();
        long step = Math.max(1, month / Math.max(1, fleet.events()));
        java.util.function.UnaryOperator<String> host = n -> "'host-' || " + sql.pad(n, 5) + " || '.bench.example.com'";
        List<String[]> statements = List.of(
                new String[] {"hosts", "INSERT INTO hosts (name, can_acquire, created_at, last_checkin_at, last_protocol) "
                        + "SELECT " + host.apply("i") + ", TRUE, " + (now - month) + ", "
                        + "CASE WHEN i % 33 = 0 THEN NULL WHEN i % 50 = 1 THEN " + (now - Duration.ofDays(10).toMillis())
                        + " ELSE " + now + " - (i % 600) * 1000 END, "
                        + "CASE WHEN i % 33 = 0 THEN NULL WHEN i % 3 = 0 THEN 'foreman' WHEN i % 3 = 1 THEN 'native' ELSE 'fleetlock' END "
                        + "FROM " + sql.series(fleet.hosts()) + " ORDER BY i"},
                new String[] {"host names", "INSERT INTO host_names (identity, host_id, is_alias) SELECT name, id, FALSE FROM hosts"},
                new String[] {"host aliases", "INSERT INTO host_names (identity, host_id, is_alias) "
                        + "SELECT substr(name, 1, 10) || '-cert', id, TRUE FROM hosts UNION ALL "
                        + "SELECT " + sql.hex32("id") + ", id, TRUE FROM hosts"},
                new String[] {"host check-ins", "INSERT INTO host_checkins (host_id, protocol, at) "
                        + "SELECT id, last_protocol, last_checkin_at FROM hosts WHERE last_checkin_at IS NOT NULL UNION ALL "
                        + "SELECT id, 'dlm_v2', last_checkin_at - 3600000 FROM hosts WHERE last_checkin_at IS NOT NULL AND last_protocol <> 'native'"},
                new String[] {"host reports", "INSERT INTO host_reports (host, run_id, phase, script, status, exit_code, message, at, received_at) "
                        + "SELECT h.name, 'run-' || h.id, p.phase, NULL, 'ok', NULL, NULL, " + now + " - 7200000, " + now + " - 7200000 "
                        + "FROM hosts h CROSS JOIN (SELECT 'needs_update' AS phase UNION ALL SELECT 'lock_get' UNION ALL "
                        + "SELECT 'pre_update' UNION ALL SELECT 'update') p ORDER BY h.id"},
                new String[] {"newest reports", "INSERT INTO host_reports (host, run_id, phase, script, status, exit_code, message, at, received_at) "
                        + "SELECT name, 'run-' || id, "
                        + "CASE WHEN id % 50 = 2 THEN 'update' WHEN id % 20 = 3 THEN 'pre_update' WHEN id % 40 = 4 THEN 'lock_get' ELSE 'lock_release' END, "
                        + "CASE WHEN id % 50 = 2 THEN '10-upgrade' ELSE NULL END, "
                        + "CASE WHEN id % 50 = 2 THEN 'failed' WHEN id % 20 = 3 THEN 'started' WHEN id % 40 = 4 THEN 'waiting' ELSE 'done' END, "
                        + "CASE WHEN id % 50 = 2 THEN 1 ELSE NULL END, NULL, " + now + " - 600000, " + now + " - 600000 FROM hosts ORDER BY id"},
                new String[] {"locks", "INSERT INTO locks (name, slots, enabled, frozen, freeze_reason, stale_after_ms, lease_ms, created_at) "
                        + "SELECT 'lock-' || " + sql.pad("i", 4) + ", 1 + i % 3, TRUE, FALSE, NULL, "
                        + "CASE WHEN i % 100 = 0 THEN 60000 ELSE NULL END, NULL, " + (now - month) + " FROM " + sql.series(fleet.locks())},
                new String[] {"holders", "INSERT INTO lock_holders (lock_name, holder, acquired_at, renewed_at, protocol, stale_reported) "
                        + "SELECT 'lock-' || " + sql.pad("i", 4) + ", " + host.apply("(i * 7 % " + fleet.hosts() + ") + 1") + ", "
                        + now + " - (i % 60) * 60000 - 120000, " + now + " - (i % 60) * 60000 - 120000, 'native', FALSE "
                        + "FROM " + sql.series(fleet.locks()) + " WHERE i % 3 = 0"},
                new String[] {"waiters", "INSERT INTO lock_waiters (id, lock_name, holder, since, expires_at, server_id) "
                        + "SELECT 'seed-' || i || '-' || k, 'lock-' || " + sql.pad("i", 4) + ", "
                        + host.apply("((i * 13 + k * 101) % " + fleet.hosts() + ") + 1") + ", " + now + " - 60000, "
                        + (now + Duration.ofDays(3650).toMillis()) + ", 'bench-seed' "
                        + "FROM " + sql.series(fleet.locks()) + " CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 "
                        + "UNION ALL SELECT 4 UNION ALL SELECT 5) q WHERE i % 30 = 0 ORDER BY i, k"},
                new String[] {"events", "INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol) "
                        + "SELECT CASE WHEN i % 100001 = 50000 THEN NULL ELSE 'lock-' || " + sql.pad("(i % " + fleet.locks() + ") + 1", 4) + " END, "
                        + (now - month) + " + i * " + step + ", "
                        + "CASE WHEN i % 100001 = 50000 THEN 'freeze' WHEN i % 997 = 0 THEN 'force_release' WHEN i % 499 = 0 THEN 'refuse' "
                        + "WHEN i % 2 = 0 THEN 'acquire' ELSE 'release' END, "
                        + "CASE WHEN i % 997 = 0 OR i % 100001 = 50000 THEN 'ops' ELSE 'bench' END, "
                        + "CASE WHEN i % 100001 = 50000 THEN NULL WHEN i % 100003 = 7 THEN 'rare-host' ELSE "
                        + host.apply("(i * 31 % " + fleet.hosts() + ") + 1") + " END, "
                        + "CASE WHEN i % 997 = 0 THEN 'bench: stuck, said \"reboot\"' WHEN i % 100001 = 50000 THEN 'storm' ELSE NULL END, "
                        + "CASE WHEN i % 10 < 6 THEN 'native' WHEN i % 10 < 8 THEN 'foreman' WHEN i % 10 = 8 THEN 'fleetlock' ELSE 'dlm_v2' END "
                        + "FROM " + sql.series(fleet.events()) + " ORDER BY i"});
        List<String> timings = new ArrayList<>();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String[] statement : statements) {
                long t = System.nanoTime();
                int rows = s.executeUpdate(statement[1]);
                timings.add(String.format("  %-15s %,10d rows in %5.1f s", statement[0], rows, (System.nanoTime() - t) / 1e9));
            }
        }
        c.commit();
        return timings;
    }

    /** The few expressions that differ between the two engines. */
    private record Sql(boolean postgres) {
        /** Rows 1..n with the column {@code i}. */
        String series(int n) {
            return postgres ? "generate_series(1, " + n + "::bigint) AS n(i)"
                    : "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") SELECT i FROM s) n";
        }

        /** A whole number zero-padded to {@code width} digits. */
        String pad(String expr, int width) {
            return postgres ? "lpad((" + expr + ")::text, " + width + ", '0')" : "printf('%0" + width + "d', " + expr + ")";
        }

        /** A whole number as 32 hex digits (a FleetLock machine id). */
        String hex32(String expr) {
            return postgres ? "lpad(to_hex(" + expr + "), 32, '0')" : "printf('%032x', " + expr + ")";
        }
    }
}
