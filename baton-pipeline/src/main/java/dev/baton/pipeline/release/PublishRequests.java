package dev.baton.pipeline.release;

/**
 * Asks for a repository's latest version to be published after a change (the server submits a
 * {@code repo-publish} job; a burst of changes publishes once or twice).
 */
@FunctionalInterface
public interface PublishRequests {

    /** Nothing is published: for tests and tools that publish themselves. */
    PublishRequests NONE = (repository, actor) -> { };

    void request(String repository, String actor);
}
