package dev.baton.pipeline.remote;

/** A remote of that name exists already. */
public class RemoteExistsException extends RuntimeException {
    public RemoteExistsException(String name) {
        super("a remote named '" + name + "' exists already: remove it first, or choose another name");
    }
}
