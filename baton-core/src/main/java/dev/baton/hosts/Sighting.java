package dev.baton.hosts;

import java.time.Instant;

/**
 * A host that called through a door under a name no registered host has: FleetLock and DLM Engine clients need no
 * registration, so this is how operators see them.
 *
 * @param identity     the name it called with (a FleetLock machine id, a DLM Engine FQDN)
 * @param lastCheckIn  its last call, up to {@link HostRegistry#CHECK_IN_INTERVAL} old
 * @param lastProtocol the door of that call
 */
public record Sighting(String identity, Instant lastCheckIn, String lastProtocol) {
}
