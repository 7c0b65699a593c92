package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide history with filters (issue 14): each filter alone and together gives exactly the events that
 * match, newest first, and keyset pages of a filtered query put together are the whole filtered history.
 */
public interface HistoryContract extends LockFixture {

    /** Three locks, four holders, three doors, a force-release, a freeze, spread over six minutes. */
    private List<LockEvent> aMixedHistory() {
        Protocol[] doors = {Protocol.NATIVE, Protocol.FOREMAN, Protocol.FLEETLOCK};
        policy().setSlots("db", 2, "ops");
        for (int i = 0; i < 12; i++) {
            String lock = i % 3 == 0 ? "db" : i % 3 == 1 ? "web" : "cache";
            String holder = "host-" + (i % 4);
            service().acquire(AcquireRequest.now(lock, holder, holder, doors[i % 3]));
            clock().advance(Duration.ofSeconds(30));
            if (i % 5 == 4) {
                service().forceRelease(lock, holder, "ops", "stuck");
            } else {
                service().release(lock, holder, holder, doors[i % 3], false);
            }
        }
        policy().freezeFleet("storm", "ops");
        return eventsAfter(0).reversed(); // newest first
    }

    private List<LockEvent> everyPage(EventQuery query) {
        List<LockEvent> all = new ArrayList<>();
        EventQuery page = query;
        for (int n = 0; n < 1000; n++) {
            EventPage events = reader().history(page);
            assertThat(events.events()).hasSizeLessThanOrEqualTo(query.limit());
            all.addAll(events.events());
            if (events.nextBefore() == null) {
                return all;
            }
            assertThat(events.events()).hasSize(query.limit());
            page = page.before(events.nextBefore());
        }
        throw new AssertionError("pagination must end");
    }

    private void matches(List<LockEvent> history, EventQuery query, Predicate<LockEvent> filter) {
        List<LockEvent> expected = history.stream().filter(filter).toList();
        assertThat(expected).as("the test's history has events for " + query).isNotEmpty();
        assertThat(everyPage(query)).as(query.toString()).isEqualTo(expected);
        assertThat(everyPage(query.limit(1))).isEqualTo(expected);
        assertThat(everyPage(query.limit(1000))).isEqualTo(expected);
    }

    @Test
    default void eachFilterAloneGivesExactlyItsEventsOnEveryPage() {
        List<LockEvent> history = aMixedHistory();
        matches(history, EventQuery.all(3), e -> true);
        matches(history, new EventQuery("web", Set.of(), null, null, null, null, null, 3), e -> "web".equals(e.lockName()));
        matches(history, new EventQuery(null, Set.of(EventType.FORCE_RELEASE), null, null, null, null, null, 3),
                e -> e.type() == EventType.FORCE_RELEASE);
        matches(history, new EventQuery(null, Set.of(), "host-2", null, null, null, null, 3), e -> "host-2".equals(e.holder()));
        matches(history, new EventQuery(null, Set.of(), null, Protocol.FOREMAN, null, null, null, 3),
                e -> e.protocol() == Protocol.FOREMAN);
        Instant from = TestClock.START.plus(Duration.ofSeconds(90));
        Instant to = TestClock.START.plus(Duration.ofSeconds(240));
        matches(history, new EventQuery(null, Set.of(), null, null, from, to, null, 3),
                e -> !e.at().isBefore(from) && e.at().isBefore(to));
        matches(history, new EventQuery(null, Set.of(), null, null, from, null, null, 3), e -> !e.at().isBefore(from));
        matches(history, new EventQuery(null, Set.of(), null, null, null, to, null, 3), e -> e.at().isBefore(to));
    }

    @Test
    default void severalTypesAndFiltersTogetherGiveTheEventsThatMatchThemAll() {
        List<LockEvent> history = aMixedHistory();
        Set<EventType> types = EnumSet.of(EventType.ACQUIRE, EventType.FORCE_RELEASE, EventType.FREEZE);
        matches(history, new EventQuery(null, types, null, null, null, null, null, 4), e -> types.contains(e.type()));
        matches(history, new EventQuery("db", types, null, null, null, null, null, 2),
                e -> "db".equals(e.lockName()) && types.contains(e.type()));
        Instant from = TestClock.START.plus(Duration.ofSeconds(60));
        matches(history, new EventQuery(null, EnumSet.of(EventType.ACQUIRE, EventType.RELEASE), "host-1", Protocol.FOREMAN,
                        from, null, null, 2),
                e -> (e.type() == EventType.ACQUIRE || e.type() == EventType.RELEASE) && "host-1".equals(e.holder())
                        && e.protocol() == Protocol.FOREMAN && !e.at().isBefore(from));
        matches(history, new EventQuery(null, EnumSet.allOf(EventType.class), null, null, null, null, null, 5), e -> true);
        assertThat(reader().history(new EventQuery(null, Set.of(), "nobody", null, null, null, null, 10)))
                .isEqualTo(new EventPage(List.of(), null));
    }

    @Test
    default void anExportIsEveryMatchingEventWhateverThePageSize() {
        List<LockEvent> history = aMixedHistory();
        List<LockEvent> exported = new ArrayList<>();
        long count = reader().export(new EventQuery(null, Set.of(), "host-0", null, null, null, null, 2), exported::add);
        List<LockEvent> expected = history.stream().filter(e -> "host-0".equals(e.holder())).toList();
        assertThat(exported).isEqualTo(expected);
        assertThat(count).isEqualTo(expected.size());
        exported.clear();
        reader().export(EventQuery.all(1000).before(history.get(4).id()), exported::add);
        assertThat(exported).as("from a place on").isEqualTo(history.subList(5, history.size()));
    }

    @Test
    default void badQueriesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> EventQuery.all(0)).isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> EventQuery.all(1001)).isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        Instant t = TestClock.START;
        assertThatThrownBy(() -> new EventQuery(null, Set.of(), null, null, t, t, null, 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'from'");
        assertThatThrownBy(() -> new EventQuery("bad name/", Set.of(), null, null, null, null, null, 10))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> new EventQuery(null, Set.of(), "x".repeat(256), null, null, null, null, 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("holder");
    }
}
