package dev.baton.lock;

/** The named lock does not exist and the operation does not create locks. */
public class LockNotFoundException extends RuntimeException {
    public LockNotFoundException(String name) {
        super("no lock named '" + name + "'");
    }
}
