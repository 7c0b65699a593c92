package dev.baton.store;

import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.notify.NoticeSources;
import dev.baton.progress.RunReport;
import dev.baton.store.sql.Rows;
import java.util.List;
import java.util.Set;

/** The rows notices come from, and the shared positions in {@code notice_cursors} (one row per source). */
public final class SqlNoticeSources implements NoticeSources {

    private final Database db;

    public SqlNoticeSources(Database db) {
        this.db = db;
    }

    @Override
    public long position(String source) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT position FROM notice_cursors WHERE source = :source")
                .bind("source", source).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public void advance(String source, long position) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE notice_cursors SET position = :position "
                        + "WHERE source = :source AND position < :position")
                .bind("source", source).bind("position", position).execute());
    }

    @Override
    public List<LockEvent> lockEventsAfter(long after, Set<EventType> types, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM lock_events WHERE id > :after AND type IN (<types>) "
                        + "ORDER BY id LIMIT :limit")
                .bind("after", after).bindList("types", types.stream().map(EventType::wireName).sorted().toList())
                .bind("limit", limit).map((rs, ctx) -> Rows.event(rs)).list());
    }

    @Override
    public List<RunReport> reportsAfter(long after, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM host_reports WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", after).bind("limit", limit).map((rs, ctx) -> SqlReportStore.report(rs)).list());
    }
}
