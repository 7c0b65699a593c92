package dev.baton.store.sql;

import dev.baton.audit.AuditDraft;
import dev.baton.lock.Attachment;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * How the stores write an {@link Attachment} in a change's own transaction (a lock or fleet change, a host's): one statement per
 * kind, with positional arguments. A kind not listed here fails the change, so that nothing is stored without it.
 */
public final class AttachmentSql {
    private AttachmentSql() {
    }

    public static final String INSERT_AUDIT = "INSERT INTO audit_entries (at, actor, via, address, action, target, reason, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** A statement and its arguments, in the order of its {@code ?}. */
    public record Statement(String sql, Object[] args) {
    }

    /** Writes {@code attachment}, when there is one, in the transaction of {@code h}. */
    public static void write(Handle h, Attachment attachment) {
        if (attachment == null) {
            return;
        }
        Statement statement = of(attachment);
        try (Update insert = h.createUpdate(statement.sql())) {
            LockSql.bind(insert, statement.args());
            insert.execute();
        }
    }

    /** The statement that stores {@code attachment}. */
    public static Statement of(Attachment attachment) {
        if (attachment instanceof AuditDraft d) {
            return new Statement(INSERT_AUDIT, new Object[] {d.at().toEpochMilli(), d.actor().name(), d.actor().via(),
                d.actor().address(), d.action(), d.target(), d.reason(), d.detail()});
        }
        throw new IllegalArgumentException("the lock store cannot write an attachment of type " + attachment.getClass().getName());
    }
}
