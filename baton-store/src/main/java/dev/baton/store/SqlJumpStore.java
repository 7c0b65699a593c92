package dev.baton.store;

import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpStep;
import dev.baton.jump.run.JumpStore;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.SavedVariables;
import dev.baton.jump.run.StepState;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Jump runs on SQL (SQLite and PostgreSQL). Every write of the runner is guarded by the run's {@code runner} token
 * ({@code EXISTS} on the run row in the same statement), so a runner that lost its run changes nothing; a step's start
 * or end and its host's new state are one transaction. An operator's decision is written only while the host waits for
 * one and has none yet, so a second click, or a click racing the runner's own change, writes nothing.
 */
public final class SqlJumpStore implements JumpStore {

    private static final String MINE = "EXISTS (SELECT 1 FROM jump_runs r WHERE r.name = :run AND r.runner = :token)";

    private final Database db;

    public SqlJumpStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean create(JumpRun run, List<JumpHost> hosts) {
        return db.writes().inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO jump_runs (name, recipe_file, recipe_text, directory, slots, "
                            + "max_failures, state, created_by, created_at, finished_at, aborted_by, message) VALUES (:name, "
                            + ":file, :text, :dir, :slots, :maxFailures, :state, :by, :at, :finished, :aborted, :message) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .bind("name", run.name()).bind("file", run.recipeFile()).bind("text", run.recipeText())
                    .bind("dir", run.directory()).bind("slots", run.slots()).bind("maxFailures", run.maxFailures())
                    .bind("state", run.state().wireName()).bind("by", run.createdBy())
                    .bind("at", run.createdAt().toEpochMilli()).bind("finished", Rows.millis(run.finishedAt()))
                    .bind("aborted", run.abortedBy()).bind("message", cut(run.message())).execute();
            if (inserted == 0) {
                return false;
            }
            for (JumpHost host : hosts) {
                h.createUpdate("INSERT INTO jump_hosts (run, name, position, address, state, next_statement, line, "
                                + "variables, expected_host_key, decision, message, started_at, updated_at, finished_at) "
                                + "VALUES (:run, :name, :position, :address, :state, :next, :line, :variables, :key, "
                                + ":decision, :message, :started, :updated, :finished)")
                        .bindMap(hostColumns(host)).execute();
            }
            return true;
        });
    }

    @Override
    public Optional<JumpRun> run(String name) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jump_runs WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> run(rs)).findOne()));
    }

    @Override
    public List<JumpRun> runs(Instant before, int limit) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jump_runs WHERE created_at < :before "
                        + "ORDER BY created_at DESC, name LIMIT :limit")
                .bind("before", before == null ? Long.MAX_VALUE : before.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> run(rs)).list()));
    }

    @Override
    public List<JumpHost> hosts(String run) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jump_hosts WHERE run = :run "
                + "ORDER BY position").bind("run", run).map((rs, ctx) -> host(rs)).list()));
    }

    @Override
    public Optional<JumpHost> host(String run, String host) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jump_hosts WHERE run = :run "
                + "AND name = :name").bind("run", run).bind("name", host).map((rs, ctx) -> host(rs)).findOne()));
    }

    @Override
    public List<JumpStep> steps(String run, String host) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM jump_steps WHERE run = :run "
                        + "AND host = :host ORDER BY seq").bind("run", run).bind("host", host)
                .map((rs, ctx) -> step(rs)).list()));
    }

    @Override
    public void claim(String run, String token) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE jump_runs SET runner = :token WHERE name = :run")
                .bind("token", token).bind("run", run).execute());
    }

    @Override
    public boolean saveHost(String token, JumpHost host) {
        return db.writes().inTransaction(h -> updateHost(h, token, host));
    }

    @Override
    public boolean stepStarted(String token, JumpStep step, JumpHost host) {
        return db.writes().inTransaction(h -> {
            if (!updateHost(h, token, host)) {
                return false;
            }
            h.createUpdate("INSERT INTO jump_steps (run, host, seq, statement, line, text, state, exit_status, output, "
                            + "started_at, finished_at) VALUES (:run, :host, :seq, :statement, :line, :text, :state, "
                            + ":exit, :output, :started, :finished)")
                    .bindMap(stepColumns(step)).execute();
            return true;
        });
    }

    @Override
    public boolean stepOutput(String token, JumpStep step) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE jump_steps SET output = :output WHERE run = :run "
                        + "AND host = :host AND seq = :seq AND " + MINE)
                .bind("output", step.output()).bind("run", step.run()).bind("host", step.host()).bind("seq", step.seq())
                .bind("token", token).execute() == 1);
    }

    @Override
    public boolean stepEnded(String token, JumpStep step, JumpHost host) {
        return db.writes().inTransaction(h -> {
            if (!updateHost(h, token, host)) {
                return false;
            }
            h.createUpdate("UPDATE jump_steps SET state = :state, exit_status = :exit, output = :output, "
                            + "finished_at = :finished WHERE run = :run AND host = :host AND seq = :seq")
                    .bindMap(stepColumns(step)).execute();
            return true;
        });
    }

    @Override
    public boolean saveRun(String token, JumpRun run) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE jump_runs SET state = :state, message = :message, "
                        + "finished_at = :finished WHERE name = :run AND runner = :token")
                .bind("state", run.state().wireName()).bind("message", cut(run.message()))
                .bind("finished", Rows.millis(run.finishedAt())).bind("run", run.name()).bind("token", token)
                .execute() == 1);
    }

    @Override
    public boolean decide(String run, String host, Decision decision, Instant at) {
        String states = decision == Decision.RETRY ? "('failed', 'interrupted', 'refused')" : "('failed', 'interrupted')";
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE jump_hosts SET decision = :decision, "
                        + "updated_at = :at WHERE run = :run AND name = :host AND decision IS NULL AND state IN " + states
                        + " AND EXISTS (SELECT 1 FROM jump_runs r WHERE r.name = :run AND r.state IN ('running', 'stopped'))")
                .bind("decision", decision.wireName()).bind("at", at.toEpochMilli()).bind("run", run)
                .bind("host", host).execute() == 1);
    }

    @Override
    public boolean requestAbort(String run, String actor, Instant at) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE jump_runs SET aborted_by = :actor WHERE name = :run "
                        + "AND aborted_by IS NULL AND state IN ('running', 'stopped')")
                .bind("actor", actor).bind("run", run).execute() == 1);
    }

    // ------------------------------------------------------------------------------------------------- mapping

    private static boolean updateHost(Handle h, String token, JumpHost host) {
        return h.createUpdate("UPDATE jump_hosts SET state = :state, next_statement = :next, line = :line, "
                        + "variables = :variables, expected_host_key = :key, decision = :decision, message = :message, "
                        + "started_at = :started, updated_at = :updated, finished_at = :finished "
                        + "WHERE run = :run AND name = :name AND " + MINE)
                .bindMap(hostColumns(host)).bind("token", token).execute() == 1;
    }

    private static java.util.Map<String, Object> hostColumns(JumpHost host) {
        var columns = new java.util.HashMap<String, Object>();
        columns.put("run", host.run());
        columns.put("name", host.name());
        columns.put("position", host.position());
        columns.put("address", host.address());
        columns.put("state", host.state().wireName());
        columns.put("next", host.next());
        columns.put("line", host.line());
        columns.put("variables", SavedVariables.encode(host.variables()));
        columns.put("key", host.expectedHostKey());
        columns.put("decision", host.decision() == null ? null : host.decision().wireName());
        columns.put("message", host.message());
        columns.put("started", Rows.millis(host.startedAt()));
        columns.put("updated", host.updatedAt().toEpochMilli());
        columns.put("finished", Rows.millis(host.finishedAt()));
        return columns;
    }

    private static java.util.Map<String, Object> stepColumns(JumpStep step) {
        var columns = new java.util.HashMap<String, Object>();
        columns.put("run", step.run());
        columns.put("host", step.host());
        columns.put("seq", step.seq());
        columns.put("statement", step.statement());
        columns.put("line", step.line());
        columns.put("text", step.text());
        columns.put("state", step.state().wireName());
        columns.put("exit", step.exitStatus());
        columns.put("output", step.output());
        columns.put("started", step.startedAt().toEpochMilli());
        columns.put("finished", Rows.millis(step.finishedAt()));
        return columns;
    }

    private static JumpRun run(ResultSet rs) throws SQLException {
        return new JumpRun(rs.getString("name"), rs.getString("recipe_file"), rs.getString("recipe_text"),
                rs.getString("directory"), rs.getInt("slots"), rs.getInt("max_failures"),
                RunState.fromWire(rs.getString("state")), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "finished_at"), rs.getString("aborted_by"), rs.getString("message"));
    }

    private static JumpHost host(ResultSet rs) throws SQLException {
        String decision = rs.getString("decision");
        return new JumpHost(rs.getString("run"), rs.getInt("position"), rs.getString("name"), rs.getString("address"),
                HostState.fromWire(rs.getString("state")), rs.getInt("next_statement"), rs.getInt("line"),
                SavedVariables.decode(rs.getString("variables")), rs.getString("expected_host_key"),
                decision == null ? null : Decision.fromWire(decision), rs.getString("message"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "finished_at"));
    }

    private static JumpStep step(ResultSet rs) throws SQLException {
        int exit = rs.getInt("exit_status");
        Integer exitStatus = rs.wasNull() ? null : exit;
        return new JumpStep(rs.getString("run"), rs.getString("host"), rs.getInt("seq"), rs.getInt("statement"),
                rs.getInt("line"), rs.getString("text"), StepState.fromWire(rs.getString("state")), exitStatus,
                rs.getString("output"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"));
    }

    private static String cut(String text) {
        return text == null ? "" : text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
        }
    }
}
