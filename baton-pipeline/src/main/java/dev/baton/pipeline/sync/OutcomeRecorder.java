package dev.baton.pipeline.sync;

import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.StateChange;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a sync's fetches found, group commit style: a fetch hands its package's new state over once the file
 * is durable (in the content store, or in quarantine) and goes on with its next download; one virtual thread writes
 * everything handed over meanwhile in one store transaction ({@link Packages#setStates}), then runs what was to
 * follow each record (the notice of a package that failed a check). So a fetch never waits for the store, the store
 * sees one transaction per batch rather than one per package, and still a package is recorded only after its file
 * is stored: a crash in between leaves it MIRRORING with its file in the content store, which the next sync checks
 * again and records.
 *
 * <p>A write that fails drops its batch (those packages stay MIRRORING) and is remembered: {@link #close} waits for
 * the writer to finish everything handed over, then {@link #failure} tells the sync to fail.
 */
final class OutcomeRecorder implements AutoCloseable {

    /** The most changes written in one transaction. */
    static final int BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private record Outcome(StateChange change, Runnable afterwards) {
    }

    private final Packages packages;
    private final Thread writer;
    /** Guarded by this. */
    private final List<Outcome> queue = new ArrayList<>();
    /** Guarded by this. */
    private boolean closed;
    private volatile RuntimeException failure;
    private volatile int dropped;

    OutcomeRecorder(Packages packages) {
        this.packages = packages;
        this.writer = Thread.ofVirtual().name("baton-sync-recorder").start(this::write);
    }

    /** Hands over a state to record; {@code afterwards} (may be null) runs once it is recorded. */
    synchronized void record(StateChange change, Runnable afterwards) {
        if (closed) {
            throw new IllegalStateException("the recorder of this sync is closed");
        }
        queue.add(new Outcome(change, afterwards));
        notifyAll();
    }

    /** The first write that failed, or null; the packages of failed writes stay MIRRORING. */
    RuntimeException failure() {
        return failure;
    }

    /** How many state changes were not recorded because their write failed. */
    int dropped() {
        return dropped;
    }

    /** Waits until everything handed over is written (or its write failed). */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        writer.join();
    }

    private void write() {
        while (true) {
            List<Outcome> batch;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread; should it happen, it keeps writing what is queued
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                List<Outcome> head = queue.subList(0, Math.min(BATCH, queue.size()));
                batch = new ArrayList<>(head);
                head.clear();
            }
            try {
                packages.setStates(batch.stream().map(Outcome::change).toList());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
                dropped += batch.size();
                log.warn("the states of {} packages could not be recorded (they stay MIRRORING; the next sync records "
                        + "them): {}", batch.size(), e.toString());
                continue;
            }
            for (Outcome o : batch) {
                if (o.afterwards() != null) {
                    o.afterwards().run();
                }
            }
        }
    }
}
