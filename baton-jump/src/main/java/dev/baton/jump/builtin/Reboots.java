package dev.baton.jump.builtin;

import dev.baton.jump.ssh.CommandResult;
import dev.baton.jump.ssh.CommandTimeoutException;
import dev.baton.jump.ssh.ConnectionLostException;
import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.HostKeyRejectedException;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.HostWaitTimeoutException;
import dev.baton.jump.ssh.SshConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A host's reboot as the runner does it ({@code remote reboot}, {@code jump(reboot[, TIMEOUT])}): send the command,
 * expect the connection to drop, wait until the host stops answering, then until it answers SSH again, and connect
 * anew, with the key the recipe declared ({@code jump(hostkey, ...)}) if any, which then replaces the host's old key in
 * {@code known_hosts} (said in the log). The whole takes at most the timeout.
 */
public final class Reboots {

    /** How long the reboot command itself may run before the host is simply watched. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** Between connection attempts once the host answers: sshd may answer before it accepts logins. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    private Reboots() {
    }

    /**
     * Reboots the session's host with {@code command} and returns a new session to it; the old one is closed.
     *
     * @throws HostWaitTimeoutException when the host does not go down or come back within {@code timeout}
     * @throws IOException when the reboot command fails (exit status not 0) or the host refuses the connection
     *         afterwards (e.g. {@code HostKeyRejectedException}: not the declared key)
     */
    public static HostSession reboot(SshConnector ssh, HostSession session, String command, Duration timeout,
            Optional<ExpectedHostKey> expected, Consumer<String> log) throws IOException, InterruptedException {
        HostAddress host = session.host();
        long deadline = System.nanoTime() + timeout.toNanos();
        log.accept("$ " + command);
        try {
            CommandResult r = session.run(command, COMMAND_TIMEOUT, log);
            if (r.exitStatus() != 0) {
                throw new IOException("the reboot command '" + command + "' failed on " + host.name()
                        + " with exit status " + r.exitStatus());
            }
            log.accept("reboot: the command returned; waiting for " + host.name() + " to go down");
        } catch (ConnectionLostException e) {
            log.accept("reboot: the connection dropped; waiting for " + host.name() + " to go down");
        } catch (CommandTimeoutException e) {
            log.accept("reboot: the command did not return within " + COMMAND_TIMEOUT.toSeconds() + "s; watching " + host.name());
        } finally {
            session.close();
        }
        ssh.awaitDown(host, left(deadline));
        log.accept("reboot: " + host.name() + " is down; waiting for SSH (at most " + left(deadline).toSeconds() + "s)");
        ssh.awaitUp(host, left(deadline));
        while (true) {
            try {
                HostSession fresh = ssh.connect(host, expected, log);
                log.accept("reboot: " + host.name() + " is back" + expected.map(k -> " with the declared key " + k)
                        .orElse(""));
                return fresh;
            } catch (IOException e) {
                if (e instanceof HostKeyRejectedException || left(deadline).compareTo(RETRY) <= 0) {
                    throw e;
                }
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
