package dev.baton.jump.ssh;

import java.io.IOException;

/**
 * A host presented a key that is neither in {@code known_hosts} nor the key a recipe declared: nothing was sent to
 * it. The message names the host, the fingerprint it offered, the known_hosts file and what the operator can do.
 */
public final class HostKeyRejectedException extends IOException {

    private static final long serialVersionUID = 1L;

    public HostKeyRejectedException(String message) {
        super(message);
    }
}
