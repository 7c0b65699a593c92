package dev.baton.pipeline.repository;

/** No repository (or no version of it) by the name and number asked for. */
public class RepositoryNotFoundException extends RuntimeException {
    public RepositoryNotFoundException(String message) {
        super(message);
    }
}
