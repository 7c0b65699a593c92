package dev.baton.client;

import dev.baton.client.http.TransportException;

/** The server could not be reached, or the connection broke: nothing is known about the outcome. */
public class BatonUnreachableException extends RuntimeException {

    public BatonUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when trying again will not help until a setting changes (an untrusted certificate, a wrong scheme). */
    public boolean permanent() {
        return getCause() instanceof TransportException t && t.permanent();
    }
}
