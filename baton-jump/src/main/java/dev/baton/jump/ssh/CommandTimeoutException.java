package dev.baton.jump.ssh;

import java.io.IOException;

/** A remote command ran longer than its timeout; its channel was closed (the command may still run on the host). */
public final class CommandTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String message) {
        super(message);
    }
}
