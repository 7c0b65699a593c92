package dev.baton.jump.run;

import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.HostKeyRejectedException;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** A host's SSH connection for one run: made when first needed, dropped at a reboot and made again afterwards. */
final class HostConnection implements AutoCloseable {

    private final SshConnector connector;
    private final String noConnector;
    private final HostAddress address;
    private HostSession session;

    /** @param noConnector why {@code connector} is null (every connection fails saying so); null when it is not */
    HostConnection(SshConnector connector, String noConnector, HostAddress address) {
        this.connector = connector;
        this.noConnector = noConnector;
        this.address = address;
    }

    HostAddress address() {
        return address;
    }

    SshConnector connector() throws IOException {
        if (connector == null) {
            throw new IOException(noConnector);
        }
        return connector;
    }

    /** The session, connecting first if there is none; {@code expectedKey}: a fingerprint a recipe declared, or null. */
    synchronized HostSession session(String expectedKey) throws IOException {
        if (connector == null) {
            throw new IOException(noConnector);
        }
        if (session == null) {
            session = connect(expectedKey);
        }
        return session;
    }

    /**
     * A declared key is the one the host shows once it has rebooted into the system that has it. A connection made
     * again before that reboot (the old one was lost, or the run resumed between the {@code hostkey} line and the
     * reboot) still finds the host's old key, which {@code known_hosts} holds; so such a connection accepts either.
     * The return from the reboot itself is checked against the declared key alone ({@code Reboots}): that is where a
     * host that did not boot the expected system is caught, and from then on {@code known_hosts} holds the new key.
     */
    private HostSession connect(String expectedKey) throws IOException {
        if (expectedKey == null) {
            return connector.connect(address, Optional.empty());
        }
        try {
            return connector.connect(address, Optional.of(new ExpectedHostKey(expectedKey)));
        } catch (HostKeyRejectedException notDeclared) {
            try {
                return connector.connect(address, Optional.empty());
            } catch (HostKeyRejectedException notKnown) {
                throw new HostKeyRejectedException(notDeclared.getMessage() + ". Nor is it the key known_hosts holds: "
                        + notKnown.getMessage());
            }
        }
    }

    /** Uses {@code fresh} from now on (the host came back from a reboot); the old session was closed. */
    synchronized void replace(HostSession fresh) {
        session = fresh;
    }

    /** Ends the commands running on the session now, if there is one, and refuses new ones: the run is aborted. */
    synchronized void endCommands(Duration grace) {
        if (session != null) {
            session.endCommands(grace);
        }
    }

    /** Forgets the session (it was lost, or the host reboots); the next {@link #session} connects again. */
    synchronized void drop() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
