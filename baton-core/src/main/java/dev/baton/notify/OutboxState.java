package dev.baton.notify;

import java.util.Locale;

/** Where an outbox entry stands: waiting to be sent (or retried), sent, or given up after its last try. */
public enum OutboxState {
    PENDING, SENT, DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
