package dev.baton.jobs;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Durable jobs: long work (a sync, a publish, a build, a jump) whose state is in the store, that survives a restart,
 * and that one server runs at a time. Build one per server over the server's {@link Locks}; {@link #register} a
 * {@link JobHandler} per kind, then {@link #start}.
 *
 * <p>The contract, across any number of servers sharing one store:
 * <ul>
 *   <li><b>One active job per kind and subject.</b> {@link #submit} of a kind and subject that has a queued or running
 *       job answers that job instead of adding one (the store makes this atomic).</li>
 *   <li><b>One runner at a time per subject.</b> A runner first takes the only slot of the Baton lock
 *       {@code baton-job-<kind>-<subject>} (created on demand with one slot and a {@link JobsSettings#lease lease}), its
 *       holder being the server's id; then it claims the job by a compare-and-set on the job's state and attempt number.
 *       It renews the lock every third of the lease while the handler runs, and releases it after the job ended.</li>
 *   <li><b>A crashed runner's job is taken over</b> once its lock's lease ran out: by another server, or by the same
 *       server after its restart (every server looks for running jobs whose lock it can take). The handler then runs
 *       again with {@link JobContext#resume()} true. A runner that lost its job (its lease ran out while it hung) can
 *       change nothing of it any more: each change is guarded by the attempt number.</li>
 *   <li><b>Cancel</b> ends a queued job at once and asks a running one to stop: its handler sees
 *       {@link JobContext#cancelled()} (and an interrupt) within a {@link JobsSettings#pollInterval poll interval}, and
 *       the job ends cancelled when the handler returns.</li>
 *   <li><b>Schedules</b> ({@link #schedule}) are kept in memory by whoever owns the interval (a remote's sync interval
 *       is stored with the remote), and registered on every server; whether one is due is read from the store (the
 *       newest job of its kind and subject was created at least an interval ago and is not active), so several
 *       servers together still submit about once per interval, and never while a job of it is active.</li>
 * </ul>
 * Handlers run on virtual threads; one platform thread polls the store, runs the schedules and checks the running jobs.
 */
public final class Jobs implements AutoCloseable {

    /** The actor of what the server does by itself (scheduled submits) and of its job locks. */
    public static final String SYSTEM = "system";

    private static final System.Logger log = System.getLogger(Jobs.class.getName());
    private static final int CLAIM_BATCH = 100;
    private static final Duration AWAIT_POLL = Duration.ofMillis(100);

    private final JobStore store;
    private final Locks locks;
    private final JobsSettings settings;
    private final InstantSource clock;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, JobRun> running = new ConcurrentHashMap<>();
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final Map<String, ScheduleSource> scheduleSources = new ConcurrentHashMap<>();
    private volatile Instant sourcesReadAt = Instant.MIN;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /** A periodic submit, and when its store need not be looked at again. */
    private record Schedule(String kind, String subject, String parameters, Duration every, Instant notBefore) {
        Schedule at(Instant next) {
            return new Schedule(kind, subject, parameters, every, next);
        }
    }

    /** The subjects of one kind to be submitted periodically, as the store says at the time (see {@link #scheduleEach}). */
    private record ScheduleSource(String parameters, Supplier<Map<String, Duration>> intervals) {
    }

    public Jobs(JobStore store, Locks locks, JobsSettings settings, InstantSource clock) {
        this.store = store;
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("baton-jobs").factory());
    }

    /** Starts looking for jobs to run, every {@link JobsSettings#pollInterval()}. */
    public Jobs start() {
        long poll = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::dispatch, 0, poll, TimeUnit.MILLISECONDS);
        return this;
    }

    /** This server's id: the holder of its job locks and the runner of the jobs it claims. */
    public String serverId() {
        return settings.serverId();
    }

    /** Runs jobs of {@code kind} on this server from now on; replaces an earlier handler of that kind. */
    public void register(String kind, JobHandler handler) {
        handlers.put(JobNames.kind(kind), handler);
        wake();
    }

    // ------------------------------------------------------------------------------------------------ asking

    /**
     * Submits a job, or answers the active job of the same kind and subject. The kind need not have a handler on this
     * server: a server that has one runs it.
     */
    public Job submit(String kind, String subject, String parameters, String actor) {
        JobNames.kind(kind);
        JobNames.subject(subject);
        JobStore.Submitted submitted = store.submit(kind, subject, parameters == null ? "" : parameters, actor, now());
        if (submitted.created()) {
            wake();
        }
        return submitted.job();
    }

    public Optional<Job> get(long id) {
        return store.get(id);
    }

    public JobPage list(JobQuery query) {
        return store.list(query);
    }

    /**
     * Cancels a job (see the class comment); answers it afterwards, empty when there is no such job. A finished job
     * is answered as it is.
     */
    public Optional<Job> cancel(long id, String actor) {
        Optional<Job> job = store.cancel(id, actor, now());
        JobRun run = running.get(id);
        if (run != null && job.isPresent() && job.get().cancelRequestedBy() != null) {
            run.cancel(job.get().cancelRequestedBy());
        }
        return job;
    }

    /**
     * Waits until the job has ended or {@code timeout} passed, and answers it as it is then (still active after a
     * timeout); empty when there is no such job.
     */
    public Optional<Job> await(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Job> job = store.get(id);
            if (job.isEmpty() || !job.get().active() || System.nanoTime() - deadline >= 0) {
                return job;
            }
            Thread.sleep(Math.max(1, Math.min(AWAIT_POLL.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /**
     * Submits a job of this kind and subject every {@code every}, as {@link #SYSTEM}, skipping while one is active;
     * replaces an earlier schedule of the same kind and subject. Kept in memory by this server only: call it at
     * every start, or let {@link #scheduleEach} follow a list kept in the store.
     */
    public void schedule(String kind, String subject, String parameters, Duration every) {
        JobNames.kind(kind);
        JobNames.subject(subject);
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new dev.baton.lock.BadRequestException("a job's interval must be at least 1 second, got " + every);
        }
        schedules.put(kind + "\n" + subject, new Schedule(kind, subject, parameters == null ? "" : parameters, every,
                Instant.MIN));
        wake();
    }

    public void unschedule(String kind, String subject) {
        schedules.remove(kind + "\n" + subject);
    }

    /**
     * Schedules a job of {@code kind} for every subject that {@code intervals} answers (subject to interval), read now
     * and again every {@link JobsSettings#scheduleRefresh()}: the schedules of a kind whose list is kept in the store
     * (a remote's sync interval), so that a subject added, changed or removed through another server sharing the store
     * is followed here without a restart. A subject the source no longer answers is unscheduled. When reading fails,
     * the schedules stay as they were until the next read.
     */
    public void scheduleEach(String kind, String parameters, Supplier<Map<String, Duration>> intervals) {
        JobNames.kind(kind);
        scheduleSources.put(kind, new ScheduleSource(parameters == null ? "" : parameters, intervals));
        sourcesReadAt = Instant.MIN;
        wake();
    }

    // ------------------------------------------------------------------------------------------------ running

    private void wake() {
        if (!closed) {
            try {
                timer.execute(this::dispatch);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** One pass: the due schedules, then the jobs this server may claim or take over, then the running ones' checks. */
    private void dispatch() {
        if (closed) {
            return;
        }
        try {
            runSchedules();
            if (!handlers.isEmpty()) {
                for (Job job : store.active(List.copyOf(handlers.keySet()), CLAIM_BATCH)) {
                    if (closed) {
                        return;
                    }
                    if (!running.containsKey(job.id())) {
                        tryToRun(job);
                    }
                }
            }
            running.values().forEach(JobRun::tick);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "looking for jobs failed: {0}", e.getMessage());
        }
    }

    private void runSchedules() {
        Instant now = now();
        if (!now.isBefore(sourcesReadAt.plus(settings.scheduleRefresh()))) {
            sourcesReadAt = now;
            scheduleSources.forEach(this::follow);
        }
        for (Map.Entry<String, Schedule> entry : schedules.entrySet()) {
            Schedule s = entry.getValue();
            if (now.isBefore(s.notBefore())) {
                continue;
            }
            Optional<Job> latest = store.latest(s.kind(), s.subject());
            Instant next;
            if (latest.isPresent() && latest.get().active()) {
                next = now.plus(settings.pollInterval());
            } else if (latest.isPresent() && now.isBefore(latest.get().createdAt().plus(s.every()))) {
                next = latest.get().createdAt().plus(s.every());
            } else {
                submit(s.kind(), s.subject(), s.parameters(), SYSTEM);
                next = now.plus(s.every());
            }
            schedules.replace(entry.getKey(), s, s.at(next));
        }
    }

    /** Makes this kind's schedules what its source says now: new subjects and intervals in, missing subjects out. */
    private void follow(String kind, ScheduleSource source) {
        Map<String, Duration> wanted;
        try {
            wanted = source.intervals().get();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "reading the schedules of {0} jobs failed, kept as they were: {1}", kind,
                    e.getMessage());
            return;
        }
        String prefix = kind + "\n";
        schedules.keySet().removeIf(key -> key.startsWith(prefix) && !wanted.containsKey(key.substring(prefix.length())));
        wanted.forEach((subject, every) -> {
            Schedule now = schedules.get(prefix + subject);
            if (now == null || !now.every().equals(every) || !now.parameters().equals(source.parameters())) {
                try {
                    schedule(kind, subject, source.parameters(), every);
                } catch (RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "not scheduling {0} {1}: {2}", kind, subject, e.getMessage());
                }
            }
        });
    }

    /** Takes the job's lock if it is free (or its holder's lease ran out), claims the job and starts its handler. */
    private void tryToRun(Job job) {
        JobHandler handler = handlers.get(job.kind());
        String lockName = job.lockName();
        Optional<LockView> lock = locks.reader().show(lockName);
        if (lock.isEmpty() || lock.get().slots() != 1 || lock.get().lease() == null) {
            // Created on demand, and kept at one slot with a lease: another runner must be able to take over.
            locks.policy().setSlots(lockName, 1, SYSTEM);
            if (lock.isEmpty() || lock.get().lease() == null) {
                locks.policy().setLease(lockName, settings.lease(), SYSTEM);
            }
        } else if (heldElsewhere(lock.get())) {
            return; // running on another server: asking would only write a refusal into the lock's history
        }
        AcquireResult taken = locks.service().acquire(lockRequest(lockName, settings.serverId()));
        if (!taken.granted()) {
            return;
        }
        Optional<Job> claimed = store.claim(job.id(), job.state(), job.attempts(), settings.serverId(), now());
        if (claimed.isEmpty()) {
            release(lockName); // it ended or was cancelled meanwhile
            return;
        }
        Job mine = claimed.get();
        boolean resume = job.state() == JobState.RUNNING;
        if (mine.cancelRequestedBy() != null) {
            finishAtOnce(mine, JobState.CANCELLED, "cancelled by " + mine.cancelRequestedBy());
            return;
        }
        if (mine.attempts() > settings.maxAttempts()) {
            finishAtOnce(mine, JobState.FAILED, "given up after " + settings.maxAttempts()
                    + " attempts: the server running it stopped each time before it ended");
            return;
        }
        if (resume) {
            log.log(System.Logger.Level.INFO, "job {0} ({1} {2}) resumes here after runner {3} stopped", mine.id(),
                    mine.kind(), mine.subject(), job.runner());
        }
        JobRun run = new JobRun(mine, resume, handler, store, locks, settings, clock, () -> running.remove(mine.id()));
        running.put(mine.id(), run);
        run.start();
    }

    private boolean heldElsewhere(LockView lock) {
        Instant now = now();
        return lock.holders().stream().anyMatch(h -> !h.holder().equals(settings.serverId())
                && h.renewedAt().plus(lock.lease()).isAfter(now));
    }

    private void finishAtOnce(Job job, JobState state, String error) {
        store.finish(job.id(), job.attempts(), state, job.progress(), error, now());
        release(job.lockName());
    }

    private void release(String lockName) {
        locks.service().release(lockName, settings.serverId(), SYSTEM, Protocol.SYSTEM, false);
    }

    static AcquireRequest lockRequest(String lockName, String serverId) {
        return new AcquireRequest(lockName, serverId, SYSTEM, Protocol.SYSTEM, Duration.ZERO, false);
    }

    private Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------------------------------------ stopping

    /**
     * Stops: no new jobs are claimed; running handlers are asked to stop (and interrupted) and given a few seconds. Their
     * jobs stay running and their locks are released, so another server, or this one after its restart, resumes them.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            // A pass under way may be starting a job right now: wait for it, so that job is among those stopped below
            // instead of running on after close (writing into a data directory its owner is about to delete).
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<JobRun> runs = List.copyOf(running.values());
        runs.forEach(JobRun::stop);
        for (JobRun run : runs) {
            try {
                Thread t = run.thread();
                if (t != null) {
                    t.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops as a crash would (for tests of takeover): nothing more is written or released, running handlers are
     * interrupted and whatever they do afterwards is ignored. Their locks run out after the lease.
     */
    public void halt() {
        closed = true;
        timer.shutdownNow();
        running.values().forEach(JobRun::halt);
    }

    /** The ids of the jobs running on this server now. */
    public List<Long> runningHere() {
        return List.copyOf(running.keySet());
    }
}
