package dev.baton.store;

import dev.baton.progress.ReportStore;
import dev.baton.progress.RunReport;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Agent progress reports in the {@code host_reports} table. */
public final class SqlReportStore implements ReportStore {

    private final Database db;

    public SqlReportStore(Database db) {
        this.db = db;
    }

    @Override
    public RunReport add(RunReport r) {
        long id = db.writes().inTransaction(h -> h.createQuery(
                        "INSERT INTO host_reports (host, run_id, phase, script, status, exit_code, message, at, received_at) "
                                + "VALUES (:host, :run, :phase, :script, :status, :code, :message, :at, :received) RETURNING id")
                .bind("host", r.host()).bind("run", r.runId()).bind("phase", r.phase()).bind("script", r.script())
                .bind("status", r.status()).bind("code", r.exitCode()).bind("message", r.message())
                .bind("at", r.at().toEpochMilli()).bind("received", r.receivedAt().toEpochMilli())
                .mapTo(Long.class).one());
        return new RunReport(id, r.host(), r.runId(), r.phase(), r.script(), r.status(), r.exitCode(), r.message(),
                r.at(), r.receivedAt());
    }

    @Override
    public List<RunReport> latestPerHost() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT r.* FROM host_reports r JOIN "
                        + "(SELECT host, MAX(id) AS id FROM host_reports GROUP BY host) latest ON r.id = latest.id ORDER BY r.host")
                .map((rs, ctx) -> report(rs)).list());
    }

    @Override
    public List<RunReport> forHost(String host, Long before, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM host_reports WHERE host = :host AND id < :before ORDER BY id DESC LIMIT :limit")
                .bind("host", host).bind("before", before == null ? Long.MAX_VALUE : before).bind("limit", limit)
                .map((rs, ctx) -> report(rs)).list());
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM host_reports WHERE received_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute());
    }

    static RunReport report(ResultSet rs) throws SQLException {
        int code = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : code;
        return new RunReport(rs.getLong("id"), rs.getString("host"), rs.getString("run_id"), rs.getString("phase"),
                rs.getString("script"), rs.getString("status"), exitCode, rs.getString("message"),
                Rows.instant(rs, "at"), Rows.instant(rs, "received_at"));
    }
}
