package dev.baton.hosts;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param checkIns              the last request through each door the host used, by door ({@code native},
 *                              {@code foreman}, {@code dlm_v1}, {@code dlm_v2}, {@code fleetlock}), sorted by door;
 *                              each up to {@link HostRegistry#CHECK_IN_INTERVAL} old
 */
public record Host(long id, String name, List<String> aliases, boolean canAcquireUpdateLocks, Instant createdAt,
                   Instant lastCheckIn, String lastProtocol, Map<String, Instant> checkIns) {

    public Host {
        aliases = List.copyOf(aliases);
        checkIns = Collections.unmodifiableMap(new TreeMap<>(checkIns));
    }

    /** A host whose check-ins per door are not known apart from the last one. */
    public Host(long id, String name, List<String> aliases, boolean canAcquireUpdateLocks, Instant createdAt,
                Instant lastCheckIn, String lastProtocol) {
        this(id, name, aliases, canAcquireUpdateLocks, createdAt, lastCheckIn, lastProtocol,
                lastCheckIn == null || lastProtocol == null ? Map.of() : Map.of(lastProtocol, lastCheckIn));
    }

    /** True when {@code identity} is the host's name or one of its aliases. */
    public boolean isKnownAs(String identity) {
        return name.equals(identity) || aliases.contains(identity);
    }
}
