package dev.baton.jump.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An authenticated SSH connection to one host, from {@link SshConnector#connect}. Commands run one at a time or
 * concurrently, each on its own channel; {@link #close()} ends the connection. A session does not reconnect: after a
 * {@link ConnectionLostException} (the host rebooted) the caller connects again.
 */
public interface HostSession extends AutoCloseable {

    /**
     * Runs a shell command line on the host (through the user's login shell, like {@code ssh host 'command'}) and
     * waits for it to end. Output, standard output and error merged in order of arrival, goes line by line to
     * {@code output} as it arrives (without line ends), from one thread at a time.
     *
     * @return the exit status, the output's tail and the duration
     * @throws ConnectionLostException when the connection closed before the exit status arrived (the host rebooted)
     * @throws CommandTimeoutException when the command ran longer than {@code timeout}
     * @throws InterruptedException when the calling thread was interrupted (the channel is closed)
     */
    CommandResult run(String command, Duration timeout, Consumer<String> output)
            throws IOException, InterruptedException;

    /**
     * Copies a local file into a directory on the host (SFTP), under the same file name, with the same permission
     * bits (so a script stays executable); an existing file is replaced.
     *
     * @throws IOException naming the file and the host when the local file cannot be read or the remote directory
     *         cannot be written (it must exist)
     */
    void upload(Path localFile, String remoteDirectory) throws IOException;

    /**
     * Ends the commands running on this session, for an abort, and refuses new ones (their {@link #run} throws an
     * {@code IOException} saying so); returns at once. Each command gets SIGTERM through SSH (OpenSSH sends it to the
     * command's whole process group), SIGKILL {@code grace} later if it still runs, and its channel is closed a second
     * after that; its {@link #run} then returns with the status the host reported (128 + the signal's number) or
     * throws an {@code IOException}. A process that left its process group (a daemon) is not reached.
     */
    void endCommands(Duration grace);

    /** The host this session is connected to. */
    HostAddress host();

    /** Ends the connection; idempotent, never throws. */
    @Override
    void close();

    /** Runs {@code command} and discards its output line by line (the result still has the tail). */
    default CommandResult run(String command, Duration timeout) throws IOException, InterruptedException {
        Consumer<String> ignore = line -> { };
        return run(command, timeout, ignore);
    }
}
