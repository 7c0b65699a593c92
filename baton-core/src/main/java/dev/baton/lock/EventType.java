package dev.baton.lock;

/** What happened to a lock. Every change of a lock is one event in its history. */
public enum EventType {
    CREATE, ACQUIRE, RELEASE, REFUSE, FORCE_RELEASE, EXPIRE, STALE,
    SLOTS, SETTINGS, ENABLE, DISABLE, FREEZE, UNFREEZE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EventType fromWire(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
