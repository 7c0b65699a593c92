package dev.baton.store;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The model-based property test: random sequences of operations applied both to the real service and to
 * {@link LockModel}; after every step the answers, the events written, every lock's policy and holders, and
 * the fleet freeze must agree.
 *
 * <p>The seed is printed; {@code -Dbaton.model.seed=N} replays from it, and {@code -Dbaton.model.sequences=N}
 * changes how many sequences run (a failure names the seed of its own sequence: replay it with
 * {@code -Dbaton.model.sequences=1}).
 */
public interface ModelContract extends LockFixture {

    int STEPS = 40;

    @Test
    default void theServiceBehavesLikeTheModel() {
        long base = Long.getLong("baton.model.seed", new SplittableRandom().nextLong());
        int sequences = Integer.getInteger("baton.model.sequences", modelSequences());
        System.out.println("model test on " + reader().describeStore() + ": " + sequences + " sequences of " + STEPS
                + " steps from seed " + base + " (replay with -Dbaton.model.seed=" + base + ")");
        for (int i = 0; i < sequences; i++) {
            runSequence(base + i, "s" + i + "-");
        }
    }

    private void runSequence(long seed, String prefix) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> locks = IntStream.range(0, 2 + random.nextInt(2)).mapToObj(i -> prefix + (char) ('a' + i)).toList();
        List<String> holders = IntStream.range(0, 4 + random.nextInt(2)).mapToObj(i -> "h" + i).toList();
        TestClock clock = TestClock.fixed();
        Locks service = locksWith(clock);
        if (service.reader().fleet().frozen()) {
            service.policy().unfreezeFleet("model");
        }
        LockModel model = new LockModel(clock.instant());
        long lastEvent = newestEventId();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            LockModel.Op op = LockModel.Op.random(random, locks, holders);
            log.add(op.toString());
            try {
                LockModel.Outcome expected = model.apply(op);
                String answer = run(service, clock, op);
                check("answer", expected.answer(), answer);
                List<LockEvent> written = eventsAfter(lastEvent);
                check("events", expected.events(), written.stream()
                        .map(e -> LockModel.event(e.type().name(), e.lockName(), e.holder())).toList());
                if (!written.isEmpty()) {
                    lastEvent = written.getLast().id();
                }
                // An operation changes its own lock; time, sweeps and the fleet freeze change every lock.
                boolean everyLock = switch (op.kind()) {
                    case FREEZE_FLEET, UNFREEZE_FLEET, ADVANCE, SWEEP -> true;
                    default -> step == STEPS - 1;
                };
                if (everyLock) {
                    check("fleet frozen", model.fleetFrozen, service.reader().fleet().frozen());
                }
                for (String lock : everyLock ? locks : List.of(op.lock())) {
                    check(lock, expectedView(model, lock), service.reader().show(lock).map(ModelContract::comparable));
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("the service differs from the model at step " + (step + 1) + " of the sequence "
                        + "with seed " + seed + " (replay: -Dbaton.model.seed=" + seed + " -Dbaton.model.sequences=1)"
                        + "\n  steps: " + String.join("\n         ", log) + "\n  " + e.getMessage(), e);
            }
        }
        // sweep() is fleet-wide: leave no holder for the next sequence, whose clock starts again.
        for (String lock : locks) {
            service.reader().show(lock).ifPresent(v -> v.holders().forEach(h ->
                    service.service().forceRelease(lock, h.holder(), "ops", "end of the sequence")));
        }
    }

    private static String run(Locks service, TestClock clock, LockModel.Op op) {
        String lock = op.lock();
        String holder = op.holder();
        try {
            return switch (op.kind()) {
                case ACQUIRE -> service.service().acquire(AcquireRequest.now(lock, holder, holder, Protocol.NATIVE)).status().name();
                case ACQUIRE_EXISTING -> service.service().acquire(
                        new AcquireRequest(lock, holder, holder, Protocol.NATIVE, Duration.ZERO, false)).status().name();
                case RELEASE -> service.service().release(lock, holder, holder, Protocol.NATIVE, false).status().name();
                case RELEASE_CREATING -> service.service().release(lock, holder, holder, Protocol.NATIVE, true).status().name();
                case FORCE_RELEASE -> service.service().forceRelease(lock, holder, "ops", "model says so").status().name();
                case SET_SLOTS -> ok(service.policy().setSlots(lock, op.slots(), "ops"));
                case ENABLE -> ok(service.policy().setEnabled(lock, true, "ops", null));
                case DISABLE -> ok(service.policy().setEnabled(lock, false, "ops", "model"));
                case FREEZE -> ok(service.policy().freeze(lock, "model", "ops"));
                case UNFREEZE -> ok(service.policy().unfreeze(lock, "ops"));
                case FREEZE_FLEET -> ok(service.policy().freezeFleet("model", "ops"));
                case UNFREEZE_FLEET -> ok(service.policy().unfreezeFleet("ops"));
                case SET_TIMING -> ok(service.policy().setTiming(lock, op.staleAfter(), op.lease(), "ops"));
                case ADVANCE -> {
                    clock.advance(op.by());
                    yield "ok";
                }
                case SWEEP -> String.valueOf(service.housekeeping().sweep());
            };
        } catch (LockNotFoundException e) {
            return "NO_SUCH_LOCK";
        }
    }

    private static String ok(Object ignored) {
        return "ok";
    }

    /** What a caller sees of a lock that the model predicts: policy, holders with their times and staleness. */
    record Seen(int slots, boolean enabled, boolean frozen, List<String> holders, int waiters) {
    }

    private static Seen comparable(LockView v) {
        return new Seen(v.slots(), v.enabled(), v.frozen(), v.holders().stream()
                .map(h -> h.holder() + "@" + h.acquiredAt() + "/" + h.renewedAt() + (h.stale() ? " stale" : "")).toList(),
                v.waiters().size());
    }

    private static Optional<Seen> expectedView(LockModel model, String name) {
        LockModel.Lock l = model.locks.get(name);
        if (l == null) {
            return Optional.empty();
        }
        return Optional.of(new Seen(l.slots, l.enabled, l.frozen || model.fleetFrozen, l.holders().stream()
                .map(h -> h.holder() + "@" + h.acquiredAt() + "/" + h.renewedAt() + (model.isStale(l, h) ? " stale" : ""))
                .toList(), 0));
    }

    private static void check(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + " but the service has " + actual);
        }
    }
}
