package dev.baton.store;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobPage;
import dev.baton.jobs.JobProgress;
import dev.baton.jobs.JobQuery;
import dev.baton.jobs.JobState;
import dev.baton.jobs.JobStore;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Durable jobs on SQL (SQLite and PostgreSQL).
 *
 * <p>One active job per kind and subject is a partial unique index ({@code jobs_one_active}); a submit inserts with
 * {@code ON CONFLICT DO NOTHING} and, when nothing was inserted, answers the active job. Every change of a job is one
 * {@code UPDATE} guarded by what the caller last saw (state and attempts): on SQLite the single writer runs one at a time;
 * on PostgreSQL a second update of the same row waits for the first to commit, re-reads the row and no longer matches.
 * So a job is claimed by one runner, and a runner whose attempt was superseded changes nothing.
 */
public final class SqlJobStore implements JobStore {

    private final Database db;

    public SqlJobStore(Database db) {
        this.db = db;
    }

    @Override
    public Submitted submit(String kind, String subject, String parameters, String actor, Instant at) {
        return db.writes().inTransaction(h -> {
            // Loops only when the active job it collided with ended between the insert and the read.
            while (true) {
                Optional<Long> id = h.createQuery("INSERT INTO jobs (kind, subject, state, parameters, actor, attempts, "
                                + "progress_done, progress_total, progress_unit, progress_message, created_at, updated_at) "
                                + "VALUES (:kind, :subject, 'queued', :parameters, :actor, 0, 0, 0, '', '', :at, :at) "
                                + "ON CONFLICT DO NOTHING RETURNING id")
                        .bind("kind", kind).bind("subject", subject).bind("parameters", parameters).bind("actor", actor)
                        .bind("at", at.toEpochMilli()).mapTo(Long.class).findOne();
                if (id.isPresent()) {
                    return new Submitted(read(h, id.get()).orElseThrow(), true);
                }
                Optional<Job> active = h.createQuery("SELECT * FROM jobs WHERE kind = :kind AND subject = :subject "
                                + "AND state IN ('queued', 'running')")
                        .bind("kind", kind).bind("subject", subject).map((rs, ctx) -> job(rs)).findOne();
                if (active.isPresent()) {
                    return new Submitted(active.get(), false);
                }
            }
        });
    }

    @Override
    public Optional<Job> get(long id) {
        return reading(() -> db.jdbi().withHandle(h -> read(h, id)));
    }

    @Override
    public JobPage list(JobQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE id < :before");
        if (q.kind() != null) {
            sql.append(" AND kind = :kind");
        }
        if (q.state() != null) {
            sql.append(" AND state = :state");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        List<Job> jobs = reading(() -> db.jdbi().withHandle(h -> {
            var query = h.createQuery(sql.toString()).bind("before", q.before() == null ? Long.MAX_VALUE : q.before())
                    .bind("limit", q.limit() + 1);
            if (q.kind() != null) {
                query.bind("kind", q.kind());
            }
            if (q.state() != null) {
                query.bind("state", q.state().wireName());
            }
            return query.map((rs, ctx) -> job(rs)).list();
        }));
        if (jobs.size() > q.limit()) {
            List<Job> page = jobs.subList(0, q.limit());
            return new JobPage(List.copyOf(page), page.getLast().id());
        }
        return new JobPage(jobs, null);
    }

    @Override
    public List<Job> active(Collection<String> kinds, int limit) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jobs WHERE state IN ('queued', 'running') "
                        + "AND kind IN (<kinds>) ORDER BY id LIMIT :limit")
                .bindList("kinds", List.copyOf(kinds)).bind("limit", limit).map((rs, ctx) -> job(rs)).list()));
    }

    @Override
    public Optional<Job> latest(String kind, String subject) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jobs WHERE kind = :kind "
                        + "AND subject = :subject ORDER BY id DESC LIMIT 1")
                .bind("kind", kind).bind("subject", subject).map((rs, ctx) -> job(rs)).findOne()));
    }

    @Override
    public Optional<Job> claim(long id, JobState expected, int expectedAttempts, String runner, Instant at) {
        return db.writes().inTransaction(h -> {
            int changed = h.createUpdate("UPDATE jobs SET state = 'running', runner = :runner, attempts = attempts + 1, "
                            + "started_at = COALESCE(started_at, :at), updated_at = :at "
                            + "WHERE id = :id AND state = :expected AND attempts = :attempts")
                    .bind("runner", runner).bind("at", at.toEpochMilli()).bind("id", id)
                    .bind("expected", expected.wireName()).bind("attempts", expectedAttempts).execute();
            return changed == 1 ? read(h, id) : Optional.<Job>empty();
        });
    }

    @Override
    public Optional<Job> progress(long id, int attempts, JobProgress p, Instant at) {
        return db.writes().inTransaction(h -> {
            int changed = h.createUpdate("UPDATE jobs SET progress_done = :done, progress_total = :total, "
                            + "progress_unit = :unit, progress_message = :message, updated_at = :at "
                            + "WHERE id = :id AND state = 'running' AND attempts = :attempts")
                    .bind("done", p.done()).bind("total", p.total()).bind("unit", p.unit()).bind("message", p.message())
                    .bind("at", at.toEpochMilli()).bind("id", id).bind("attempts", attempts).execute();
            return changed == 1 ? read(h, id) : Optional.<Job>empty();
        });
    }

    @Override
    public boolean finish(long id, int attempts, JobState state, JobProgress p, String error, Instant at) {
        if (state.active()) {
            throw new IllegalArgumentException("a job ends in a finished state, not " + state);
        }
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE jobs SET state = :state, error = :error, "
                        + "progress_done = :done, progress_total = :total, progress_unit = :unit, progress_message = :message, "
                        + "updated_at = :at, finished_at = :at WHERE id = :id AND state = 'running' AND attempts = :attempts")
                .bind("state", state.wireName()).bind("error", cut(error)).bind("done", p.done()).bind("total", p.total())
                .bind("unit", p.unit()).bind("message", p.message()).bind("at", at.toEpochMilli()).bind("id", id)
                .bind("attempts", attempts).execute() == 1);
    }

    @Override
    public Optional<Job> cancel(long id, String actor, Instant at) {
        return db.writes().inTransaction(h -> {
            h.createUpdate("UPDATE jobs SET state = 'cancelled', error = :error, updated_at = :at, finished_at = :at "
                            + "WHERE id = :id AND state = 'queued'")
                    .bind("error", cut("cancelled by " + actor)).bind("at", at.toEpochMilli()).bind("id", id).execute();
            h.createUpdate("UPDATE jobs SET cancel_requested_by = :actor, updated_at = :at "
                            + "WHERE id = :id AND state = 'running' AND cancel_requested_by IS NULL")
                    .bind("actor", actor).bind("at", at.toEpochMilli()).bind("id", id).execute();
            return read(h, id);
        });
    }

    // ------------------------------------------------------------------------------------------------- mapping

    private static Optional<Job> read(Handle h, long id) {
        return h.createQuery("SELECT * FROM jobs WHERE id = :id").bind("id", id).map((rs, ctx) -> job(rs)).findOne();
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("subject"),
                JobState.fromWire(rs.getString("state")),
                new JobProgress(rs.getLong("progress_done"), rs.getLong("progress_total"), rs.getString("progress_unit"),
                        rs.getString("progress_message")),
                rs.getString("parameters"), rs.getString("actor"), rs.getInt("attempts"), rs.getString("runner"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "finished_at"), rs.getString("error"), rs.getString("cancel_requested_by"));
    }

    private static String cut(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
        }
    }
}
