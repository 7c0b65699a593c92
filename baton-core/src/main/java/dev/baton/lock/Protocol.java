package dev.baton.lock;

/** The door a lock request came through; recorded with every event so the history shows who used what. */
public enum Protocol {
    NATIVE, FOREMAN, DLM_V1, DLM_V2, FLEETLOCK, CLI, SYSTEM;

    /** The lower-case name used in JSON and in the store. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Protocol fromWire(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
