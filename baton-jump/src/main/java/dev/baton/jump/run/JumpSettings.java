package dev.baton.jump.run;

import dev.baton.jump.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How this server runs jumps.
 *
 * @param logDirectory     where the hosts' logs ({@code %_LOGFILE%}) go: {@code <logDirectory>/<run>/<host>.log}. The
 *                         server's default: {@code jump-logs} in its data directory.
 * @param ssh              the key, known_hosts and timeouts of the SSH connections to the hosts
 * @param commandTimeout   the longest one {@code local} or {@code remote} line may run before it counts as failed.
 *                         Default 2 hours (a jump image's extraction takes minutes).
 * @param pollInterval     how often a run looks for operators' decisions and aborts, and for slots freed by others.
 *                         Default 1 second.
 * @param outputInterval   how often the output of a running line is saved to the store (so that an interrupted line's
 *                         output so far can be shown). Default 2 seconds.
 * @param localEnvironment added to the environment of {@code local} lines and {@code key=`cmd`} (e.g. a {@code PATH});
 *                         default none: the server's own environment.
 */
public record JumpSettings(Path logDirectory, SshSettings ssh, Duration commandTimeout, Duration pollInterval,
                           Duration outputInterval, Map<String, String> localEnvironment) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofHours(2);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_OUTPUT_INTERVAL = Duration.ofSeconds(2);

    public JumpSettings {
        java.util.Objects.requireNonNull(logDirectory, "logDirectory");
        java.util.Objects.requireNonNull(ssh, "ssh");
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        outputInterval = outputInterval == null ? DEFAULT_OUTPUT_INTERVAL : outputInterval;
        localEnvironment = localEnvironment == null ? Map.of() : Map.copyOf(localEnvironment);
    }

    /** The defaults but for the log directory and SSH settings. */
    public static JumpSettings of(Path logDirectory, SshSettings ssh) {
        return new JumpSettings(logDirectory, ssh, null, null, null, null);
    }

    public JumpSettings withPollInterval(Duration poll) {
        return new JumpSettings(logDirectory, ssh, commandTimeout, poll, outputInterval, localEnvironment);
    }

    public JumpSettings withLocalEnvironment(Map<String, String> environment) {
        return new JumpSettings(logDirectory, ssh, commandTimeout, pollInterval, outputInterval, environment);
    }

    /** The directory of one run's host logs. */
    public Path runLogDirectory(String run) {
        return logDirectory.resolve(run);
    }
}
