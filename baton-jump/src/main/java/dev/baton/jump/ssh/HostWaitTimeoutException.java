package dev.baton.jump.ssh;

import java.io.IOException;

/** A host did not go down, or did not come back, within the time allowed ({@link SshConnector#awaitDown}, {@link SshConnector#awaitUp}). */
public final class HostWaitTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public HostWaitTimeoutException(String message) {
        super(message);
    }
}
