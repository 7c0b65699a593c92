package dev.baton.pipeline.remote;

/** No remote of that name. */
public class RemoteNotFoundException extends RuntimeException {
    public RemoteNotFoundException(String name) {
        super("no remote named '" + name + "': see ./baton remote list");
    }
}
