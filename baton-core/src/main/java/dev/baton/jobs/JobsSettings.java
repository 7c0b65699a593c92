package dev.baton.jobs;

import dev.baton.lock.Names;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * How one server runs jobs.
 *
 * @param serverId         this server's id: the holder of the job locks it takes and the {@link Job#runner()} of the
 *                         jobs it claims. New for every process (the host name and a random part), so that a restarted
 *                         server never mistakes the locks of its previous life for its own.
 * @param lease            the lease of the job locks: a runner that does not renew its lock within this (its server died
 *                         or hangs) loses it, and another runner takes the job over. Renewed every third of it. Default
 *                         30 seconds.
 * @param pollInterval     how often the server looks for jobs to claim or take over, checks its running jobs for cancel
 *                         requests and runs its schedules. A submit on this server is looked at at once. Default 1 second.
 * @param progressInterval the least time between two progress writes of one job. Default 500 ms.
 * @param maxAttempts      a job claimed this many times without finishing (its servers died each time) is given up as
 *                         failed instead of being run again. Default 5.
 * @param scheduleRefresh  how often the schedules kept in the store ({@link Jobs#scheduleEach}) are read again, so
 *                         that one added, changed or removed through another server is followed here. Default 15
 *                         seconds.
 */
public record JobsSettings(String serverId, Duration lease, Duration pollInterval, Duration progressInterval,
                           int maxAttempts, Duration scheduleRefresh) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public JobsSettings {
        Names.holder(serverId);
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the job lease must be at least 1 second, got " + lease);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the job poll interval must be positive, got " + pollInterval);
        }
        if (progressInterval == null || progressInterval.isNegative()) {
            throw new IllegalArgumentException("the job progress interval must not be negative, got " + progressInterval);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("the job attempts must be at least 1, got " + maxAttempts);
        }
        if (scheduleRefresh == null || scheduleRefresh.isNegative() || scheduleRefresh.isZero()) {
            throw new IllegalArgumentException("the job schedule refresh must be positive, got " + scheduleRefresh);
        }
    }

    /** The defaults, with a new server id. */
    public static JobsSettings defaults() {
        return new JobsSettings(newServerId(), DEFAULT_LEASE, Duration.ofSeconds(1), Duration.ofMillis(500), 5,
                Duration.ofSeconds(15));
    }

    public JobsSettings withLease(Duration newLease) {
        return new JobsSettings(serverId, newLease, pollInterval, progressInterval, maxAttempts, scheduleRefresh);
    }

    public JobsSettings withPollInterval(Duration newPollInterval) {
        return new JobsSettings(serverId, lease, newPollInterval, progressInterval, maxAttempts, scheduleRefresh);
    }

    public JobsSettings withScheduleRefresh(Duration newScheduleRefresh) {
        return new JobsSettings(serverId, lease, pollInterval, progressInterval, maxAttempts, newScheduleRefresh);
    }

    /** This host's name and a random part: unique per process, and readable in a lock's holder list. */
    public static String newServerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "");
        } catch (Exception e) {
            host = "";
        }
        String random = UUID.randomUUID().toString().substring(0, 8);
        return (host.isEmpty() ? "baton" : host.length() > 60 ? host.substring(0, 60) : host) + "-" + random;
    }
}
