package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobPage;
import dev.baton.jobs.JobProgress;
import dev.baton.jobs.JobQuery;
import dev.baton.jobs.JobState;
import dev.baton.jobs.JobStore;
import dev.baton.jobs.Jobs;
import dev.baton.jobs.JobsSettings;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Locks;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The durable-jobs contract on one store, run by {@link SqliteJobsTest} and {@link PostgresJobsTest}: the store's
 * compare-and-sets, and {@link Jobs} over the real lock service and store (success with progress, failure, cancel,
 * schedules).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class JobsContract {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** A database of its own for each test. */
    abstract Database database();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    Database opened() {
        Database db = database();
        open.add(db);
        return db;
    }

    /** A runner of its own over the database (its own lock service, as a second server would have). */
    Jobs runner(Database db, Duration lease) {
        Jobs jobs = new Jobs(new SqlJobStore(db), new Locks(new SqlLockStore(db, InstantSource.system())),
                JobsSettings.defaults().withLease(lease).withPollInterval(Duration.ofMillis(100)), InstantSource.system());
        open.add(jobs);
        return jobs;
    }

    @Test
    void oneActiveJobPerKindAndSubjectAndEveryChangeIsACompareAndSet() {
        JobStore store = new SqlJobStore(opened());
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        var first = store.submit("sync", "upstream", "{\"full\":true}", "alice", at);
        var second = store.submit("sync", "upstream", "{}", "bob", at);
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.job()).isEqualTo(first.job());
        assertThat(first.job().state()).isEqualTo(JobState.QUEUED);
        assertThat(first.job().parameters()).isEqualTo("{\"full\":true}");
        assertThat(store.submit("sync", "other", "", "bob", at).created()).as("another subject").isTrue();
        assertThat(store.submit("publish", "upstream", "", "bob", at).created()).as("another kind").isTrue();

        long id = first.job().id();
        Job claimed = store.claim(id, JobState.QUEUED, 0, "server-a", at.plusSeconds(1)).orElseThrow();
        assertThat(claimed.state()).isEqualTo(JobState.RUNNING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.runner()).isEqualTo("server-a");
        assertThat(claimed.startedAt()).isEqualTo(at.plusSeconds(1));
        assertThat(store.claim(id, JobState.QUEUED, 0, "server-b", at)).as("claimed once").isEmpty();

        assertThat(store.progress(id, 1, new JobProgress(3, 10, "packages", "fetching"), at.plusSeconds(2)))
                .hasValueSatisfying(j -> assertThat(j.progress()).isEqualTo(new JobProgress(3, 10, "packages", "fetching")));
        // A takeover: attempt 2 fences attempt 1 off.
        Job taken = store.claim(id, JobState.RUNNING, 1, "server-b", at.plusSeconds(3)).orElseThrow();
        assertThat(taken.attempts()).isEqualTo(2);
        assertThat(taken.startedAt()).as("the first start is kept").isEqualTo(at.plusSeconds(1));
        assertThat(store.progress(id, 1, JobProgress.NONE, at)).as("the old attempt's progress").isEmpty();
        assertThat(store.finish(id, 1, JobState.SUCCEEDED, JobProgress.NONE, null, at)).as("the old attempt's end").isFalse();
        assertThat(store.finish(id, 2, JobState.FAILED, new JobProgress(5, 10, "packages", ""), "boom", at.plusSeconds(4)))
                .isTrue();
        Job failed = store.get(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("boom");
        assertThat(failed.finishedAt()).isEqualTo(at.plusSeconds(4));
        assertThat(failed.progress().done()).isEqualTo(5);
        assertThat(store.submit("sync", "upstream", "", "carol", at).created()).as("a finished job is not active").isTrue();
    }

    @Test
    void cancelEndsAQueuedJobAtOnceAndAsksARunningOne() {
        JobStore store = new SqlJobStore(opened());
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        Job queued = store.submit("sync", "a", "", "alice", at).job();
        Job cancelled = store.cancel(queued.id(), "bob", at).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled by bob");
        assertThat(store.claim(queued.id(), JobState.QUEUED, 0, "s", at)).isEmpty();

        Job running = store.submit("sync", "b", "", "alice", at).job();
        store.claim(running.id(), JobState.QUEUED, 0, "s", at).orElseThrow();
        Job asked = store.cancel(running.id(), "bob", at).orElseThrow();
        assertThat(asked.state()).isEqualTo(JobState.RUNNING);
        assertThat(asked.cancelRequestedBy()).isEqualTo("bob");
        assertThat(store.cancel(running.id(), "carol", at).orElseThrow().cancelRequestedBy()).as("the first asker").isEqualTo("bob");
        assertThat(store.cancel(999_999, "bob", at)).isEmpty();
    }

    @Test
    void listsNewestFirstFilteredAndPagedByKeys() {
        JobStore store = new SqlJobStore(opened());
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        List<Long> syncs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            syncs.add(store.submit("sync", "r" + i, "", "alice", at).job().id());
            store.submit("publish", "r" + i, "", "alice", at);
        }
        store.cancel(syncs.get(1), "bob", at);
        JobPage first = store.list(new JobQuery("sync", null, null, 2));
        assertThat(first.jobs()).extracting(Job::id).containsExactly(syncs.get(4), syncs.get(3));
        JobPage second = store.list(new JobQuery("sync", null, first.nextBefore(), 2));
        assertThat(second.jobs()).extracting(Job::id).containsExactly(syncs.get(2), syncs.get(1));
        JobPage last = store.list(new JobQuery("sync", null, second.nextBefore(), 2));
        assertThat(last.jobs()).extracting(Job::id).containsExactly(syncs.get(0));
        assertThat(last.nextBefore()).isNull();
        assertThat(store.list(new JobQuery(null, JobState.CANCELLED, null, 50)).jobs()).extracting(Job::id)
                .containsExactly(syncs.get(1));
        assertThat(store.active(Set.of("sync"), 100)).extracting(Job::id)
                .containsExactly(syncs.get(0), syncs.get(2), syncs.get(3), syncs.get(4));
        assertThat(store.latest("sync", "r3")).map(Job::id).contains(syncs.get(3));
    }

    @Test
    void aJobRunsUnderItsLockShowsItsProgressAndSucceeds() throws Exception {
        Database db = opened();
        Jobs jobs = runner(db, Duration.ofSeconds(5));
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<Boolean> resumed = new AtomicReference<>();
        jobs.register("count", context -> {
            resumed.set(context.resume());
            context.progress(7, 10, "packages", "fetching " + context.parameters());
            reported.countDown();
            finish.await();
        });
        jobs.start();
        Job job = jobs.submit("count", "upstream", "hello", "alice");
        assertThat(reported.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Job running = awaitState(jobs, job.id(), JobState.RUNNING);
        assertThat(running.runner()).isEqualTo(jobs.serverId());
        var lock = new Locks(new SqlLockStore(db, InstantSource.system())).reader().show("baton-job-count-upstream").orElseThrow();
        assertThat(lock.slots()).isEqualTo(1);
        assertThat(lock.lease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(lock.isHeldBy(jobs.serverId())).as("held while it runs").isTrue();
        assertThat(jobs.submit("count", "upstream", "again", "bob").id()).as("one active job per subject").isEqualTo(job.id());
        awaitProgress(jobs, job.id(), 7);

        finish.countDown();
        Job done = jobs.await(job.id(), WAIT).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(new JobProgress(7, 10, "packages", "fetching hello"));
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.error()).isNull();
        assertThat(resumed.get()).isFalse();
        // The job ends first and then its lock is released (the other way round, another runner could run it again).
        var reader = new Locks(new SqlLockStore(db, InstantSource.system())).reader();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!reader.show("baton-job-count-upstream").orElseThrow().holders().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(reader.show("baton-job-count-upstream").orElseThrow().holders()).as("released after it ended").isEmpty();
    }

    /**
     * Between the end being written and the run being done (the lock's release), the runner's periodic check sees the
     * job ended: that is this run's own end, not a takeover, so the run is not told it lost the job (an interrupt
     * there breaks the release of the lock).
     */
    @Test
    void aRunThatJustEndedIsNotTakenForATakeover() throws Exception {
        Database db = opened();
        AtomicReference<String> interrupted = new AtomicReference<>();
        JobStore slowEnd = new SlowEnd(new SqlJobStore(db), interrupted);
        Jobs jobs = new Jobs(slowEnd, new Locks(new SqlLockStore(db, InstantSource.system())),
                JobsSettings.defaults().withLease(Duration.ofSeconds(30)).withPollInterval(Duration.ofMillis(100)),
                InstantSource.system());
        open.add(jobs);
        jobs.register("quick", context -> { }); // no progress to write: the check reads the job's state
        jobs.start();
        Job job = jobs.submit("quick", "upstream", "", "alice");
        assertThat(jobs.await(job.id(), WAIT).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        Thread.sleep(1000);
        assertThat(interrupted.get()).isNull();
        assertThat(new Locks(new SqlLockStore(db, InstantSource.system())).reader().show("baton-job-quick-upstream")
                .orElseThrow().holders()).as("released after it ended").isEmpty();
    }

    @Test
    void aHandlerThatThrowsLeavesTheJobFailedWithItsError() throws Exception {
        Jobs jobs = runner(opened(), Duration.ofSeconds(5));
        jobs.register("broken", context -> {
            throw new IllegalStateException("upstream answered 500 for repomd.xml");
        });
        jobs.start();
        Job job = jobs.submit("broken", "upstream", "", "alice");
        Job failed = jobs.await(job.id(), WAIT).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("upstream answered 500 for repomd.xml");
        assertThat(failed.finishedAt()).isNotNull();
    }

    @Test
    void cancelStopsACooperativeHandler() throws Exception {
        Database db = opened();
        Jobs jobs = runner(db, Duration.ofSeconds(5));
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Boolean> sawCancel = new AtomicReference<>(false);
        jobs.register("loop", context -> {
            started.countDown();
            long i = 0;
            while (!context.cancelled()) {
                context.progress(++i, 0, "rounds", "");
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    // cancelled() says why
                }
            }
            sawCancel.set(true);
        });
        jobs.start();
        Job job = jobs.submit("loop", "upstream", "", "alice");
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // Cancelled through another server's view of the store: the runner sees it at its next check.
        Jobs other = runner(db, Duration.ofSeconds(5));
        other.cancel(job.id(), "bob");
        Job cancelled = jobs.await(job.id(), WAIT).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled by bob");
        assertThat(sawCancel.get()).isTrue();
        assertThat(cancelled.progress().done()).isPositive();
    }

    @Test
    void aScheduleSubmitsEveryIntervalAndNeverWhileAJobIsActive() throws Exception {
        Jobs jobs = runner(opened(), Duration.ofSeconds(5));
        Set<Long> runs = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        jobs.register("tick", context -> {
            runs.add(context.job().id());
            if (runs.size() == 1) {
                release.await(); // the first run is long: the schedule must not add a second one meanwhile
            }
        });
        jobs.start();
        jobs.schedule("tick", "upstream", "", Duration.ofSeconds(1));
        Thread.sleep(2_500);
        assertThat(runs).as("one job while the first runs").hasSize(1);
        assertThat(jobs.list(new JobQuery("tick", null, null, 50)).jobs()).hasSize(1);
        release.countDown();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runs.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runs).as("again every interval after it ended").hasSizeGreaterThanOrEqualTo(3);
        jobs.unschedule("tick", "upstream");
    }

    @Test
    void schedulesKeptInTheStoreAreFollowedWithoutARestart() throws Exception {
        Database db = opened();
        Jobs jobs = new Jobs(new SqlJobStore(db), new Locks(new SqlLockStore(db, InstantSource.system())),
                JobsSettings.defaults().withPollInterval(Duration.ofMillis(100)).withScheduleRefresh(Duration.ofMillis(300)),
                InstantSource.system());
        open.add(jobs);
        Map<String, Duration> stored = new ConcurrentHashMap<>(); // what another server changes in the store
        jobs.register("tick", context -> { });
        jobs.scheduleEach("tick", "{}", () -> Map.copyOf(stored));
        jobs.start();

        stored.put("added-elsewhere", Duration.ofSeconds(1));
        awaitJobs(jobs, "added-elsewhere", 2); // a schedule this server was never told of, followed: every interval

        stored.remove("added-elsewhere");
        Thread.sleep(1_000); // past a refresh: the schedule is gone
        int count = jobs.list(new JobQuery("tick", null, null, 100)).jobs().size();
        Thread.sleep(2_500);
        assertThat(jobs.list(new JobQuery("tick", null, null, 100)).jobs()).as("removed elsewhere: no more jobs").hasSize(count);
    }

    private static void awaitJobs(Jobs jobs, String subject, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (jobs.list(new JobQuery("tick", null, null, 100)).jobs().stream().filter(j -> j.subject().equals(subject))
                .count() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jobs.list(new JobQuery("tick", null, null, 100)).jobs()).filteredOn(j -> j.subject().equals(subject))
                .hasSizeGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void aServerRestartedAfterACrashResumesItsJobOnceTheLeaseRanOut() throws Exception {
        Database db = opened();
        Jobs before = runner(db, Duration.ofSeconds(2));
        CountDownLatch started = new CountDownLatch(1);
        before.register("sync", context -> {
            context.progress(1, 2, "files", "first half");
            started.countDown();
            Thread.sleep(Duration.ofMinutes(5));
        });
        before.start();
        Job job = before.submit("sync", "upstream", "", "alice");
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitProgress(before, job.id(), 1);
        before.halt(); // kill -9: the job stays running in the store, its lock held until the lease runs out

        Jobs after = runner(db, Duration.ofSeconds(2)); // the restarted server: a new id
        AtomicReference<Job> seen = new AtomicReference<>();
        AtomicReference<Boolean> resumed = new AtomicReference<>();
        after.register("sync", context -> {
            seen.set(context.job());
            resumed.set(context.resume());
            context.progress(2, 2, "files", "second half");
        });
        after.start();
        Job done = after.await(job.id(), WAIT).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(resumed.get()).isTrue();
        assertThat(seen.get().progress().message()).as("the handler sees how far the last run came").isEqualTo("first half");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.runner()).isEqualTo(after.serverId());
    }

    @Test
    void aServerThatStopsReleasesItsJobsLocksSoAnotherResumesThemAtOnce() throws Exception {
        Database db = opened();
        Jobs stopping = runner(db, Duration.ofMinutes(10)); // a lease that would block a takeover for the whole test
        CountDownLatch started = new CountDownLatch(1);
        stopping.register("sync", context -> {
            started.countDown();
            while (!context.cancelled()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    // cancelled() says why
                }
            }
        });
        stopping.start();
        Job job = stopping.submit("sync", "upstream", "", "alice");
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        stopping.close();
        assertThat(stopping.get(job.id()).orElseThrow().state()).as("not ended by a stop").isEqualTo(JobState.RUNNING);

        Jobs other = runner(db, Duration.ofMinutes(10));
        AtomicReference<Boolean> resumed = new AtomicReference<>();
        other.register("sync", context -> resumed.set(context.resume()));
        other.start();
        Job done = other.await(job.id(), WAIT).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(resumed.get()).isTrue();
    }

    @Test
    void kindsAndSubjectsThatCannotNameALockAreRefusedClearly() {
        Jobs jobs = runner(opened(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> jobs.submit("Sync", "a", "", "alice")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("job kind");
        assertThatThrownBy(() -> jobs.submit("sync", "a/b", "", "alice")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("job subject").hasMessageContaining("'/'");
        assertThatThrownBy(() -> jobs.submit("sync", "x".repeat(86), "", "alice")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("1 to 85");
    }

    static Job awaitState(Jobs jobs, long id, JobState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Job job = jobs.get(id).orElseThrow();
            if (job.state() == state || System.nanoTime() > deadline) {
                assertThat(job.state()).isEqualTo(state);
                return job;
            }
            Thread.sleep(20);
        }
    }

    static void awaitProgress(Jobs jobs, long id, long done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (jobs.get(id).orElseThrow().progress().done() < done && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jobs.get(id).orElseThrow().progress().done()).isEqualTo(done);
    }

    /** A store whose end of a job takes a while after it is written (several poll intervals), noting an interrupt. */
    private record SlowEnd(JobStore store, AtomicReference<String> interrupted) implements JobStore {
        @Override
        public Submitted submit(String kind, String subject, String parameters, String actor, Instant at) {
            return store.submit(kind, subject, parameters, actor, at);
        }

        @Override
        public java.util.Optional<Job> get(long id) {
            return store.get(id);
        }

        @Override
        public JobPage list(JobQuery query) {
            return store.list(query);
        }

        @Override
        public List<Job> active(java.util.Collection<String> kinds, int limit) {
            return store.active(kinds, limit);
        }

        @Override
        public java.util.Optional<Job> latest(String kind, String subject) {
            return store.latest(kind, subject);
        }

        @Override
        public java.util.Optional<Job> claim(long id, JobState expected, int expectedAttempts, String runner, Instant at) {
            return store.claim(id, expected, expectedAttempts, runner, at);
        }

        @Override
        public java.util.Optional<Job> progress(long id, int attempts, JobProgress progress, Instant at) {
            return store.progress(id, attempts, progress, at);
        }

        @Override
        public boolean finish(long id, int attempts, JobState state, JobProgress progress, String error, Instant at) {
            boolean finished = store.finish(id, attempts, state, progress, error, at);
            try {
                Thread.sleep(700); // several poll intervals: the runner's checks see the job ended meanwhile
            } catch (InterruptedException e) {
                interrupted.set("the run was interrupted after its own end");
            }
            return finished;
        }

        @Override
        public java.util.Optional<Job> cancel(long id, String actor, Instant at) {
            return store.cancel(id, actor, at);
        }
    }
}
