package dev.baton.audit;

import java.util.List;

/** A page of entries, newest first; {@code nextBefore} is the {@code before} of the next page, {@code null} at the end. */
public record AuditPage(List<AuditEntry> entries, Long nextBefore) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
