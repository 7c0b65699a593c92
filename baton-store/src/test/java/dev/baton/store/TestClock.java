package dev.baton.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of the lock tests: time the test moves forward by hand, so leases, staleness and waiter expiry
 * are tested in hours without sleeping.
 *
 * <p>A {@linkplain #ticking ticking} clock also follows real time, as a server's clock does, so a caller
 * that waits 300 ms for a slot really times out after 300 ms; a {@linkplain #fixed fixed} clock moves only
 * when told, for tests that compare exact times (the model test). Times are whole milliseconds, as the
 * stores keep them.
 */
public final class TestClock implements InstantSource {

    /** An arbitrary, recognisable start: 2030-01-01T00:00:00Z. */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final long startMillis;
    private final long startNanos = System.nanoTime();
    private final boolean ticking;
    private final AtomicLong offsetMillis = new AtomicLong();

    private TestClock(Instant start, boolean ticking) {
        this.startMillis = start.toEpochMilli();
        this.ticking = ticking;
    }

    public static TestClock ticking() {
        return new TestClock(START, true);
    }

    public static TestClock fixed() {
        return new TestClock(START, false);
    }

    @Override
    public Instant instant() {
        long real = ticking ? (System.nanoTime() - startNanos) / 1_000_000 : 0;
        return Instant.ofEpochMilli(startMillis + offsetMillis.get() + real);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }
}
