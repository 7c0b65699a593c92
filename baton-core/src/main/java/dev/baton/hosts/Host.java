package dev.baton.hosts;

import java.time.Instant;
import java.util.List;

/**
 * A known host.
 *
 * @param id                    assigned by the store; Foreman clients see it as {@code host_id}
 * @param name                  the host's name, lower-case (its FQDN as a rule)
 * @param aliases               other names the host goes by, lower-case except FleetLock machine ids, which are
 *                              case-sensitive and kept as sent: its Puppet certname, other FQDNs, its machine id
 * @param canAcquireUpdateLocks Foreman's {@code can_acquire_update_locks}: when false, its Foreman acquire answers 412
 * @param lastCheckIn           the last request the host made through any door; {@code null} when it never called
 * @param lastProtocol          the door of that request ({@code foreman}, {@code fleetlock}, ...); {@code null} likewise
 */
public record Host(long id, String name, List<String> aliases, boolean canAcquireUpdateLocks, Instant createdAt,
                   Instant lastCheckIn, String lastProtocol) {

    public Host {
        aliases = List.copyOf(aliases);
    }

    /** True when {@code identity} is the host's name or one of its aliases. */
    public boolean isKnownAs(String identity) {
        return name.equals(identity) || aliases.contains(identity);
    }
}
