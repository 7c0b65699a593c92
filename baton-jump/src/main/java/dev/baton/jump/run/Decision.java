package dev.baton.jump.run;

import java.util.Locale;

/** An operator's choice for a host that waits for one ({@link HostState#awaitsOperator()}). */
public enum Decision {
    /** Run the line the host stopped at again (a refused host: run its pre-checks again). */
    RETRY,
    /** Go on with the next line as if the one the host stopped at had succeeded . */
    SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Decision fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
