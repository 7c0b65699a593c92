package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditPage;
import dev.baton.audit.AuditQuery;
import dev.baton.audit.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit trail in the store: recorded in full, listed newest first, filtered, and paged by id. */
public interface AuditTrailContract extends LockFixture {

    private AuditTrail trail() {
        return new AuditTrail(new SqlAuditStore(database()), clock());
    }

    @Test
    default void anEntryKeepsWhoWhatWhenFromWhereAndWhy() {
        AuditTrail trail = trail();
        Actor alice = new Actor("alice", Actor.credential("6f1c2a4e-3b1d-4c5e-9f00-112233445566"), "10.0.0.7");
        java.time.Instant before = clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        AuditEntry stored = trail.record(alice, "lock.force_release", "web", "host died", "holder=web-3");
        AuditEntry read = trail.list(AuditQuery.latest(10)).entries().getFirst();
        assertThat(read).isEqualTo(stored);
        assertThat(read.actor()).isEqualTo(alice);
        assertThat(read.at()).isBetween(before, clock().instant()); // the test clock ticks
        assertThat(trail.record(new Actor("admin", Actor.LOCAL, null), "fleet.unfreeze", null, " ", null).reason())
                .as("a blank reason is no reason").isNull();
    }

    @Test
    default void entriesAreFilteredByActorActionAndTargetAndPagedNewestFirst() {
        AuditTrail trail = trail();
        Actor alice = new Actor("alice", Actor.PASSWORD, "10.0.0.7");
        Actor bob = new Actor("bob", Actor.SESSION, "10.0.0.8");
        for (int i = 0; i < 7; i++) {
            trail.record(i % 2 == 0 ? alice : bob, i % 3 == 0 ? "lock.freeze" : "lock_x.set_slots", "lock-" + i, null, null);
        }
        trail.record(alice, "host.add", "web-1", null, null);

        assertThat(trail.list(new AuditQuery("alice", null, null, null, 100)).entries()).extracting(AuditEntry::target)
                .containsExactly("web-1", "lock-6", "lock-4", "lock-2", "lock-0");
        assertThat(trail.list(new AuditQuery(null, "lock.freeze", null, null, 100)).entries()).extracting(AuditEntry::target)
                .containsExactly("lock-6", "lock-3", "lock-0");
        assertThat(trail.list(new AuditQuery(null, "lock.*", null, null, 100)).entries()).as("lock_x is not under lock.")
                .extracting(AuditEntry::target).containsExactly("lock-6", "lock-3", "lock-0");
        assertThat(trail.list(new AuditQuery(null, null, "lock-4", null, 100)).entries()).hasSize(1);

        List<String> paged = new ArrayList<>();
        Long before = null;
        do {
            AuditPage page = trail.list(new AuditQuery(null, null, null, before, 3));
            page.entries().forEach(e -> paged.add(e.target()));
            before = page.nextBefore();
        } while (before != null);
        assertThat(paged).containsExactly("web-1", "lock-6", "lock-5", "lock-4", "lock-3", "lock-2", "lock-1", "lock-0");
    }
}
