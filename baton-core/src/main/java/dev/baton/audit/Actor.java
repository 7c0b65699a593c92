package dev.baton.audit;

/**
 * Who did something, and through what.
 *
 * @param name    the user name or the credential's name
 * @param via     {@code session} (the console), {@code password} (HTTP Basic with a user's password),
 *                {@code credential:<id>} (an API credential), or {@code local} (the server itself, a test)
 * @param address the client's IP address; {@code null} when there is none
 */
public record Actor(String name, String via, String address) {

    public static final String SESSION = "session";
    public static final String PASSWORD = "password";
    public static final String LOCAL = "local";

    public Actor {
        if (name == null || name.isBlank() || via == null || via.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name and a way in");
        }
    }

    /** The via of an API credential. */
    public static String credential(String id) {
        return "credential:" + id;
    }
}
