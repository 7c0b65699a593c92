package dev.baton.client.tls;

import java.io.IOException;

/** A CA, certificate or key file that cannot be used; the message names the file and what to do. */
public class TlsFileException extends IOException {
    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
