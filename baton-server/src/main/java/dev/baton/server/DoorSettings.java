package dev.baton.server;

import dev.baton.lock.BadRequestException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the protocol doors (Foreman DLM, DLM Engine, FleetLock).
 *
 * @param foremanCreates    an unknown lock named by a Foreman client is created on first use (with the default
 *                          slots), as the Foreman plugin did. Default true. False: 404.
 * @param dlmEngineCreates  likewise for DLM Engine clients. Default true: a DLM Engine lock exists while it is held,
 *                          so its clients never create one beforehand. False: 404.
 * @param fleetLockCreates  likewise for FleetLock groups; Zincati expects it (its group is usually {@code default}).
 *                          Default true. False: 404 {@code {"kind":"unknown_group"}}.
 * @param fleetLockPrefix   the path the FleetLock door is served under, starting and ending with {@code /}.
 *                          Default {@code /}: {@code /v1/pre-reboot}. Zincati's base URL must then end in the prefix.
 * @param fleetLockAuthGroups FleetLock groups whose callers must authenticate with HTTP Basic (a Baton credential
 *                          allowed to hold the client id). Default none: open, as Zincati cannot send credentials.
 * @param autoRegisterHosts a client certificate that the client CA signed but whose CN is no known host registers
 *                          that host instead of being refused with 401. Default false.
 */
public record DoorSettings(boolean foremanCreates, boolean dlmEngineCreates, boolean fleetLockCreates,
                           String fleetLockPrefix, Set<String> fleetLockAuthGroups, boolean autoRegisterHosts) {

    private static final Pattern PREFIX = Pattern.compile("/([A-Za-z0-9._~-]+/)*");

    public static final DoorSettings DEFAULTS = new DoorSettings(true, true, true, "/", Set.of(), false);

    public DoorSettings {
        fleetLockPrefix = normalize(fleetLockPrefix);
        fleetLockAuthGroups = Set.copyOf(fleetLockAuthGroups);
    }

    public DoorSettings withFleetLockPrefix(String prefix) {
        return new DoorSettings(foremanCreates, dlmEngineCreates, fleetLockCreates, prefix, fleetLockAuthGroups, autoRegisterHosts);
    }

    public DoorSettings withFleetLockAuthGroups(Set<String> groups) {
        return new DoorSettings(foremanCreates, dlmEngineCreates, fleetLockCreates, fleetLockPrefix, groups, autoRegisterHosts);
    }

    public DoorSettings withAutoRegisterHosts(boolean auto) {
        return new DoorSettings(foremanCreates, dlmEngineCreates, fleetLockCreates, fleetLockPrefix, fleetLockAuthGroups, auto);
    }

    public DoorSettings withCreate(boolean foreman, boolean dlmEngine, boolean fleetLock) {
        return new DoorSettings(foreman, dlmEngine, fleetLock, fleetLockPrefix, fleetLockAuthGroups, autoRegisterHosts);
    }

    /** {@code fleetlock} or {@code /fleetlock} become {@code /fleetlock/}. */
    static String normalize(String prefix) {
        String p = prefix == null || prefix.isBlank() ? "/" : prefix.strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        if (!PREFIX.matcher(p).matches() || p.startsWith("/api/")) {
            throw new BadRequestException("--fleetlock-prefix must be a path such as /fleetlock/ (letters, digits, . _ ~ -), "
                    + "not under /api/; got '" + prefix + "'");
        }
        return p;
    }
}
