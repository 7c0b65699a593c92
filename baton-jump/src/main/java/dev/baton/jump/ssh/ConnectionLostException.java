package dev.baton.jump.ssh;

import java.io.IOException;

/**
 * The connection to a host closed while a command ran, before the command's exit status arrived: the host rebooted,
 * its SSH server stopped, or the network failed. Whether the command finished on the host is unknown.
 */
public final class ConnectionLostException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message) {
        super(message);
    }
}
