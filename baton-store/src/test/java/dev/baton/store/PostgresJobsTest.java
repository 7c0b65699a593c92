package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobState;
import dev.baton.jobs.Jobs;
import dev.baton.store.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The durable-jobs contract on PostgreSQL, and what only a shared database shows: two runners (each with its own
 * connection pool and lock service, as two servers) never run one subject at once, and a runner that dies mid-job
 * has its job taken over by the other after the lease, resumed and finished.
 */
class PostgresJobsTest extends JobsContract {

    private String url;

    @Override
    Database database() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return Database.postgres(url);
    }

    @Test
    void twoRunnersOnOneDatabaseNeverRunTheSameSubjectAtOnce() throws Exception {
        Jobs a = runner(opened(), Duration.ofSeconds(10));
        Jobs b = runner(opened(), Duration.ofSeconds(10));
        Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, Set<String>> ranOn = new ConcurrentHashMap<>();
        for (Jobs runner : List.of(a, b)) {
            runner.register("work", context -> {
                String subject = context.job().subject();
                ranOn.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet()).add(runner.serverId());
                if (inside.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(250); // longer than a poll: the other runner sees it running, and must keep off
                } finally {
                    inside.get(subject).decrementAndGet();
                }
            });
        }
        a.start();
        b.start();
        List<Long> ids = new ArrayList<>();
        // Three subjects, each submitted again and again from both servers while the jobs run.
        for (int round = 0; round < 12; round++) {
            for (String subject : List.of("s1", "s2", "s3")) {
                Jobs via = round % 2 == 0 ? a : b;
                ids.add(via.submit("work", subject, "", "alice").id());
                Thread.sleep(40);
            }
        }
        for (long id : Set.copyOf(ids)) {
            Job done = a.await(id, WAIT).orElseThrow();
            assertThat(done.state()).as("job %d", id).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempts()).as("claimed once: job %d", id).isEqualTo(1);
        }
        assertThat(overlaps.get()).as("runs of one subject at the same time").isZero();
        assertThat(Set.copyOf(ids).size()).as("several jobs per subject").isGreaterThan(3);
        assertThat(ranOn.values().stream().flatMap(Set::stream).distinct().count()).as("both servers ran jobs")
                .isEqualTo(2);
    }

    @Test
    void aJobWhoseRunnerDiedIsTakenOverAfterTheLeaseResumedAndFinished() throws Exception {
        Jobs a = runner(opened(), Duration.ofSeconds(2));
        Jobs b = runner(opened(), Duration.ofSeconds(2));
        CountDownLatch startedOnA = new CountDownLatch(1);
        AtomicReference<Boolean> resumedOnB = new AtomicReference<>();
        AtomicInteger writesAfterTheCrash = new AtomicInteger();
        a.register("sync", context -> {
            context.progress(40, 100, "packages", "half way");
            startedOnA.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                // A dead server's thread does not stop politely: it goes on reporting, and must change nothing.
                context.progress(99, 100, "packages", "a ghost");
                writesAfterTheCrash.incrementAndGet();
            }
        });
        a.start();
        Job job = a.submit("sync", "upstream", "", "alice");
        assertThat(startedOnA.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitProgress(a, job.id(), 40);

        a.halt(); // as kill -9: no more renewals, nothing released, nothing finished
        long haltedAt = System.nanoTime();
        b.register("sync", context -> {
            resumedOnB.set(context.resume());
            context.progress(100, 100, "packages", "done");
        });
        b.start();
        Job done = b.await(job.id(), WAIT).orElseThrow();
        long tookOverAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - haltedAt);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.runner()).isEqualTo(b.serverId());
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.progress().message()).isEqualTo("done");
        assertThat(resumedOnB.get()).as("the handler is told it resumes").isTrue();
        assertThat(tookOverAfter).as("not before the lease ran out").isGreaterThanOrEqualTo(1_000);
        assertThat(writesAfterTheCrash.get()).as("the dead runner's thread went on").isEqualTo(1);
    }
}
