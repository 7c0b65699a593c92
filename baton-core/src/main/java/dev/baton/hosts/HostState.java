package dev.baton.hosts;

import java.util.Locale;

/**
 * What a host is doing, as the console and the API show it, derived when read from its holds and waits (the lock
 * store), its agent's latest progress report and its last call. The first that applies, in this order:
 * <ol>
 *   <li>{@link #FAILED}: its agent's latest step failed (status {@code failed}, or a script that exited non-zero);
 *       a failed host keeps its slot, so the wave stops at it;</li>
 *   <li>{@link #STALE}: it holds a lock longer than that lock's {@code stale_after};</li>
 *   <li>{@link #UPDATING}: it holds a lock;</li>
 *   <li>{@link #WAITING}: it is queued for a lock;</li>
 *   <li>{@link #NOT_SEEN}: it neither called nor reported for the "not seen" period (a server setting);</li>
 *   <li>{@link #WAITING} or {@link #UPDATING} by its agent's latest step: waiting for the lock, or a step of a run
 *       under way that is past {@code needs_update} and not {@code done};</li>
 *   <li>{@link #IDLE}: otherwise.</li>
 * </ol>
 */
public enum HostState {
    IDLE, WAITING, UPDATING, FAILED, STALE, NOT_SEEN;

    /** The lower-case name used in JSON and query parameters ({@code not_seen}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is no state */
    public static HostState fromWire(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
