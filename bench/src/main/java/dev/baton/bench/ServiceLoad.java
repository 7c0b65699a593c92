package dev.baton.bench;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockService;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.store.Database;
import dev.baton.store.SqlLockStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Diagnosis, not a target: the same acquire + release pairs called on {@link LockService} in this JVM,
 * without HTTP, on a store opened as the server opens it. Comparing it with the HTTP run tells whether
 * the time goes to the lock service and store or to the HTTP layer. For the embedded store it also
 * reports the CPU time of the single writer thread per transaction, which bounds the throughput no
 * matter how many cores there are.
 */
final class ServiceLoad {

    record Result(String store, int clients, double seconds, long pairs, Samples.Summary pair, double writerCpuSeconds,
                  double processCpuSeconds, long failures, String firstFailure) {
        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    private ServiceLoad() {
    }

    static Result run(String label, Database database, int clients, double warmupSeconds, double seconds) throws Exception {
        LockService locks = new Locks(new SqlLockStore(database, InstantSource.system()), LockServiceSettings.DEFAULTS,
                InstantSource.system(), e -> { }).service();
        List<Samples> samples = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicReference<String> fatal = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
        long[] window = new long[2];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String lock = "svc-" + i;
            String holder = PairsLoad.holder(i);
            Samples mine = new Samples();
            samples.add(mine);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= window[1]) {
                            break;
                        }
                        AcquireResult a;
                        ReleaseResult r;
                        try {
                            a = locks.acquire(AcquireRequest.now(lock, holder, "bench", Protocol.NATIVE));
                            r = locks.release(lock, holder, "bench", Protocol.NATIVE, false);
                        } catch (dev.baton.lock.StoreUnavailableException e) {
                            // What the server answers 503 for (e.g. no pooled connection within 10 s): count, go on.
                            failures.incrementAndGet();
                            failure.compareAndSet(null, e.getMessage());
                            continue;
                        }
                        long t2 = System.nanoTime();
                        if (!a.granted() || !r.released()) {
                            throw new IllegalStateException(lock + ": " + a.status() + " / " + r.status());
                        }
                        if (t0 >= window[0] && t2 <= window[1]) {
                            mine.add(t2 - t0);
                        }
                    }
                } catch (Exception e) {
                    fatal.compareAndSet(null, e.toString());
                }
            }));
        }
        window[0] = System.nanoTime() + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        PairsLoad.sleepUntil(window[0]);
        long writer0 = writerCpu();
        long process0 = processCpu();
        PairsLoad.sleepUntil(window[1]);
        long writer1 = writerCpu();
        long process1 = processCpu();
        for (Thread t : threads) {
            t.join();
        }
        if (fatal.get() != null) {
            throw new IllegalStateException("in-process pairs failed: " + fatal.get());
        }
        Samples all = Samples.merge(samples);
        return new Result(label, clients, seconds, all.size(), all.summary(),
                writer1 < 0 ? Double.NaN : (writer1 - writer0) / 1e9, (process1 - process0) / 1e9, failures.get(), failure.get());
    }

    static Database embedded(Path dir) {
        return Database.embedded(dir, true);
    }

    /** CPU nanoseconds of the embedded store's writer thread, -1 when there is none. */
    private static long writerCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("baton-sqlite-writer")) {
                return mx.getThreadCpuTime(t.threadId());
            }
        }
        return -1;
    }

    private static long processCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
