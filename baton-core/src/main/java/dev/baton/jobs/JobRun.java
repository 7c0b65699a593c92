package dev.baton.jobs;

import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * One run of one job on this server: the handler's thread, its {@link JobContext}, and the periodic {@link #tick} that
 * renews the job's lock, writes pending progress and notices a cancel request made on another server.
 *
 * <p>How a run ends decides what is written:
 * <ul>
 *   <li>the handler returned or threw: the job is finished (cancelled if a cancel was requested, else failed if it
 *       threw, else succeeded) by a compare-and-set on this run's attempt, then the lock is released;</li>
 *   <li>this runner lost the job (the store no longer has it as this attempt's, or the lock could not be renewed) or the
 *       server is stopping: nothing is finished, the job stays running for a takeover, the lock is released;</li>
 *   <li>the runner was halted (a crash, in tests): nothing at all is written.</li>
 * </ul>
 */
final class JobRun implements JobContext {

    private static final System.Logger log = System.getLogger(JobRun.class.getName());

    private final Job job;
    private final boolean resume;
    private final JobHandler handler;
    private final JobStore store;
    private final Locks locks;
    private final JobsSettings settings;
    private final InstantSource clock;
    private final Runnable ended;

    private volatile JobProgress latest;
    private volatile boolean dirty;
    private volatile long lastWrite = System.nanoTime();
    private volatile Instant lastRenewal;
    private volatile String cancelledBy;
    private volatile boolean stopping;
    private volatile boolean lost;
    private volatile boolean halted;
    private volatile Thread thread;
    /** Set, under this run's monitor, once the handler returned: no renewal after that. */
    private boolean over;
    /** Set once the handler returned: from then on the job ending in the store is this run's own doing. */
    private volatile boolean returned;

    JobRun(Job job, boolean resume, JobHandler handler, JobStore store, Locks locks, JobsSettings settings,
           InstantSource clock, Runnable ended) {
        this.job = job;
        this.resume = resume;
        this.handler = handler;
        this.store = store;
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
        this.ended = ended;
        this.latest = job.progress();
        this.lastRenewal = clock.instant();
        this.cancelledBy = job.cancelRequestedBy();
    }

    // ------------------------------------------------------------------------------------------ the handler's view

    @Override
    public Job job() {
        return job;
    }

    @Override
    public boolean resume() {
        return resume;
    }

    @Override
    public void progress(long done, long total, String unit, String message) {
        latest = new JobProgress(done, total, unit, message);
        dirty = true;
        if (System.nanoTime() - lastWrite >= settings.progressInterval().toNanos()) {
            flush();
        }
    }

    @Override
    public boolean cancelled() {
        return cancelledBy != null || stopping || lost || halted;
    }

    @Override
    public String cancelledBy() {
        return cancelledBy;
    }

    // ----------------------------------------------------------------------------------------------- the runner's

    void start() {
        thread = Thread.ofVirtual().name("baton-job-" + job.id()).start(this::run);
    }

    /** An operator cancelled the job on this server. */
    void cancel(String actor) {
        cancelledBy = actor;
        interrupt();
    }

    /** The server is stopping: the handler should stop; the job stays running, to be resumed. */
    void stop() {
        stopping = true;
        interrupt();
    }

    /** A crash, for tests: from now on this run writes nothing, renews nothing and releases nothing. */
    void halt() {
        halted = true;
        interrupt();
    }

    Thread thread() {
        return thread;
    }

    /** Renews the lock when a third of the lease has passed, writes pending progress, and reads cancel requests. */
    void tick() {
        if (halted || lost || returned) {
            return; // after the handler returned, run() ends the job and releases the lock itself
        }
        try {
            Instant now = clock.instant();
            if (Duration.between(lastRenewal, now).compareTo(settings.lease().dividedBy(3)) >= 0 && !renew()) {
                return;
            }
            if (dirty) {
                flush();
            } else {
                Optional<Job> now2 = store.get(job.id());
                if (now2.isEmpty() || now2.get().state() != JobState.RUNNING || now2.get().attempts() != job.attempts()) {
                    loseJob("another runner took it over");
                } else if (now2.get().cancelRequestedBy() != null && cancelledBy == null) {
                    cancel(now2.get().cancelRequestedBy());
                }
            }
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "job {0}: checking on it failed: {1}", job.id(), e.getMessage());
        }
    }

    /**
     * Renews the job's lock; false when it could not be. Never after the run ended: a renewal racing the release at
     * the end would take the lock again and keep it until its lease ran out.
     */
    private synchronized boolean renew() {
        if (over) {
            return false;
        }
        var renewed = locks.service().acquire(Jobs.lockRequest(job.lockName(), settings.serverId()));
        if (!renewed.granted()) {
            loseJob("could not renew its lock: " + renewed.status());
            return false;
        }
        lastRenewal = clock.instant();
        return true;
    }

    private synchronized void flush() {
        if (halted || lost) {
            return;
        }
        dirty = false;
        lastWrite = System.nanoTime();
        Optional<Job> after = store.progress(job.id(), job.attempts(), latest, clock.instant());
        if (after.isEmpty()) {
            loseJob("another runner took it over");
        } else if (after.get().cancelRequestedBy() != null && cancelledBy == null) {
            cancel(after.get().cancelRequestedBy());
        }
    }

    private void loseJob(String why) {
        if (!lost) {
            log.log(System.Logger.Level.WARNING, "job {0} ({1} {2}) stops on this server: {3}", job.id(), job.kind(),
                    job.subject(), why);
        }
        lost = true;
        interrupt();
    }

    private void interrupt() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    private void run() {
        Throwable failure = null;
        try {
            handler.run(this);
        } catch (Throwable t) {
            failure = t;
        }
        returned = true;
        Thread.interrupted(); // an interrupt meant for the handler must not fail the store's I/O below
        try {
            if (halted) {
                return;
            }
            if (!stopping && !lost) {
                JobState end = cancelledBy != null ? JobState.CANCELLED : failure != null ? JobState.FAILED : JobState.SUCCEEDED;
                String error = cancelledBy != null ? "cancelled by " + cancelledBy : failure != null ? describe(failure) : null;
                synchronized (this) {
                    if (!store.finish(job.id(), job.attempts(), end, latest, error, clock.instant())) {
                        log.log(System.Logger.Level.WARNING, "job {0} was taken over before it ended here", job.id());
                    }
                }
            }
            synchronized (this) {
                over = true;
            }
            locks.service().release(job.lockName(), settings.serverId(), Jobs.SYSTEM, Protocol.SYSTEM, false);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "job {0}: ending it failed: {1}", job.id(), e.getMessage());
        } finally {
            ended.run();
        }
    }

    /** The error people are shown: the exception's message, or its type when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
