package dev.baton.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs many tasks at the same moment, for the race tests. */
final class Concurrently {

    /** How long a race may take before the test fails instead of hanging. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private Concurrently() {
    }

    /**
     * Starts {@code n} threads (virtual or platform) that wait at one barrier, then all run {@code task(i)} at
     * once; returns the results in task order. A task that throws fails the call with its exception.
     */
    static <T> List<T> run(int n, boolean virtual, IntFunction<T> task) {
        CyclicBarrier start = new CyclicBarrier(n);
        CountDownLatch done = new CountDownLatch(n);
        List<FutureTask<T>> tasks = new ArrayList<>(n);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            FutureTask<T> f = new FutureTask<>(() -> {
                try {
                    start.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    return task.apply(index);
                } finally {
                    done.countDown();
                }
            });
            tasks.add(f);
            threads.add((virtual ? Thread.ofVirtual() : Thread.ofPlatform()).name("race-" + i).start(f));
        }
        try {
            if (!done.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                threads.forEach(Thread::interrupt);
                throw new AssertionError("the race did not finish within " + LIMIT.toSeconds() + " s");
            }
            List<T> results = new ArrayList<>(n);
            for (FutureTask<T> f : tasks) {
                results.add(f.get(1, TimeUnit.SECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
