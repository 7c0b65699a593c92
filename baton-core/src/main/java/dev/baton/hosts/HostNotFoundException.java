package dev.baton.hosts;

/** No host has this name; nothing was changed. */
public class HostNotFoundException extends RuntimeException {
    public HostNotFoundException(String name) {
        super("no host named '" + name + "'");
    }
}
