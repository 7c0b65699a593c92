package dev.baton.agent.lock;

/** The lock server refused in a way that retrying will not change (credentials, permissions, a bad request). */
public class LockException extends Exception {
    public LockException(String message) {
        super(message);
    }
}
