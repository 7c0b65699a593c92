package dev.baton.hosts;

import dev.baton.lock.BadRequestException;

/** A host name or alias is already taken by a host; nothing was changed. */
public class HostConflictException extends BadRequestException {
    public HostConflictException(String message) {
        super(message);
    }
}
