package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;

/**
 * A change that collides with the repository as it is: its name is taken, or others kept changing it while this
 * change was retried. Nothing was changed; trying again is safe.
 */
public class RepositoryConflictException extends BadRequestException {
    public RepositoryConflictException(String message) {
        super(message);
    }
}
