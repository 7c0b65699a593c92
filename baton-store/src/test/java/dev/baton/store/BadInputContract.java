package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused with a message that names the problem, and nothing stored changes. */
public interface BadInputContract extends LockFixture {

    static Stream<Arguments> badLockNames() {
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "missing"),
                Arguments.of("a".repeat(129), "longer than 128"),
                Arguments.of("a/b", "'/' at position 2"),
                Arguments.of("../etc/passwd", "'/' at position 3"),
                Arguments.of("..", "'.' or '..'"),
                Arguments.of(".", "'.' or '..'"),
                Arguments.of("a b", "U+0020 at position 2"),
                Arguments.of("a\tb", "U+0009"),
                Arguments.of("a\nb", "U+000A"),
                Arguments.of("bell\u0007", "U+0007"),
                Arguments.of("nul\u0000", "U+0000"),
                Arguments.of("a\\b", "'\\'"),
                Arguments.of("a%2Fb", "'%'"),
                Arguments.of("räksmörgås", "'ä'"),
                Arguments.of("a?b", "'?'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("dev.baton.store.BadInputContract#badLockNames")
    default void badLockNamesAreRefusedEverywhereAndChangeNothing(String name, String problem) {
        policy().setSlots("deploy", 2, "ops");
        acquire("deploy", "web-1");
        Snapshot before = snapshot();

        List<ThrowingCallable> calls = List.of(
                () -> service().acquire(AcquireRequest.now(name, "web-1", "web-1", Protocol.NATIVE)),
                () -> service().release(name, "web-1", "web-1", Protocol.NATIVE, true),
                () -> service().forceRelease(name, "web-1", "ops", "why"),
                () -> policy().setSlots(name, 3, "ops"),
                () -> policy().setEnabled(name, false, "ops", "why"),
                () -> policy().freeze(name, "why", "ops"),
                () -> policy().unfreeze(name, "ops"),
                () -> policy().setTiming(name, Duration.ofHours(1), null, "ops"),
                () -> reader().show(name),
                // null asks events for the whole fleet: not a bad name there
                name == null ? () -> reader().show(null) : () -> reader().events(name, null, 10));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("lock name").hasMessageContaining(problem);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> badHolders() {
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "missing"),
                Arguments.of("h".repeat(256), "longer than 255"),
                Arguments.of("web 1", "U+0020 at position 4"),
                Arguments.of("web-1\n", "U+000A"),
                Arguments.of("web\t1", "U+0009"),
                Arguments.of("\u0000", "U+0000"),
                Arguments.of("web\u00851", "U+0085"),
                Arguments.of("web\u20281", "U+2028"),
                Arguments.of("web\u00a01", "U+00A0"),
                Arguments.of("web-\ud800", "U+D800"),
                Arguments.of("\udc00web", "U+DC00"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("dev.baton.store.BadInputContract#badHolders")
    default void badHoldersAreRefusedAndChangeNothing(String holder, String problem) {
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        List<ThrowingCallable> calls = List.of(
                () -> service().acquire(AcquireRequest.now("deploy", holder, "someone", Protocol.NATIVE)),
                () -> service().acquire(AcquireRequest.now("other", holder, "someone", Protocol.NATIVE)),
                () -> service().release("deploy", holder, "someone", Protocol.NATIVE, true),
                () -> service().forceRelease("deploy", holder, "ops", "why"));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("holder").hasMessageContaining(problem);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web-1.example.com", "a.b-c_d:e@f+g", "machine-id:4f9c2d1e8a7b", "ünïcødé-host",
            "機械-01", "host-😀", "a'b\"c;--", "$(reboot)", "<script>", "%00"})
    default void oddButValidHoldersAndNamesRoundTripExactly(String holder) {
        String name = "Deploy.Group-1_a:b@c+d" + "x".repeat(100);
        assertThat(acquire(name, holder).status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders(name)).containsExactly(holder);
        assertThat(acquire(name, holder).status()).isEqualTo(AcquireResult.Status.ALREADY_HELD);
        assertThat(reader().list()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo(name));
        assertThat(reader().events(name, null, 10).events().getFirst().holder()).isEqualTo(holder);
        assertThat(release(name, holder).status()).isEqualTo(ReleaseResult.Status.RELEASED);
        // Names differ by case: two locks.
        assertThat(acquire(name.toLowerCase(java.util.Locale.ROOT), holder).status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(reader().list()).hasSize(2);
    }

    @Test
    default void theLongestNameAndHolderAreAccepted() {
        String name = "n".repeat(128);
        String holder = "h".repeat(255);
        assertThat(acquire(name, holder).status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders(name)).containsExactly(holder);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -100, Integer.MIN_VALUE, 100_001, Integer.MAX_VALUE})
    default void slotsOutOfRangeAreRefusedAndChangeNothing(int slots) {
        policy().setSlots("deploy", 2, "ops");
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        assertThatThrownBy(() -> policy().setSlots("deploy", slots, "ops"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("slots must be between 0 and 100000").hasMessageContaining(String.valueOf(slots));
        assertThatThrownBy(() -> policy().setSlots("new-lock", slots, "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("slots");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    default void badWaitsAndTimingsAreRefusedAndChangeNothing() {
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        assertThatThrownBy(() -> new AcquireRequest("deploy", "web-2", "web-2", Protocol.NATIVE, Duration.ofSeconds(-1), true))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("wait");
        assertThatThrownBy(() -> new AcquireRequest("deploy", "web-2", "web-2", Protocol.NATIVE, null, true))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("wait");
        assertThatThrownBy(() -> service().acquire(new AcquireRequest("deploy", "web-2", "web-2", Protocol.NATIVE,
                service().settings().maxWait().plusSeconds(1), true)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("wait may be at most 3600 seconds");
        assertThatThrownBy(() -> policy().setTiming("deploy", Duration.ofSeconds(-1), null, "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("stale_after must be positive");
        assertThatThrownBy(() -> policy().setTiming("deploy", null, Duration.ofSeconds(-5), "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("lease must be positive");
        assertThat(snapshot()).isEqualTo(before);
    }
}
