package dev.baton.jump.run;

import dev.baton.hosts.Host;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of a group, for {@code baton jump run --group G}. Hosts have no group in the registry; a group is what
 * FleetLock calls a lock, and each host's agent (or Zincati, or foreman_dlm_updater) names the lock it takes. So the
 * hosts of group {@code G} are the hosts that took a slot of the lock {@code G} through a host's door (native, Foreman,
 * DLM Engine, FleetLock): every acquire in the lock's history (kept as long as the server's {@code --event-retention}),
 * its holders now and its waiters now (a waiter's door is not recorded: every waiter counts). Baton's own holders ({@link Protocol#SYSTEM}, such as another jump run) and the
 * command line's ({@link Protocol#CLI}) are not hosts of the group.
 *
 * <p>Each holder name is looked up in the host registry (name or alias), so a FleetLock machine id given as an alias
 * resolves to the host's registered name, and a host that took the lock under two names is one host. A holder the
 * registry does not know is kept under its holder name, marked as not registered.
 *
 * <p>Reads only; what it answers is what the store had committed when it ran. The history is read a page at a time.
 */
public final class JumpGroups {

    /** The doors hosts lock through. */
    private static final Set<Protocol> HOST_DOORS = EnumSet.of(Protocol.NATIVE, Protocol.FOREMAN, Protocol.DLM_V1,
            Protocol.DLM_V2, Protocol.FLEETLOCK);
    private static final int PAGE = 1000;

    private final LockReader locks;
    private final HostRegistry registry;

    public JumpGroups(LockReader locks, HostRegistry registry) {
        this.locks = locks;
        this.registry = registry;
    }

    /**
     * One host of a group.
     *
     * @param name       the host's registered name, else its holder name: the run's host name and SSH address
     * @param holder     the holder name it last took the lock under
     * @param lastTaken  when it last took (or, waiting now, asked for) a slot of the lock
     * @param registered whether the registry knows it; a host that is not is reached by its holder name
     */
    public record GroupHost(String name, String holder, Instant lastTaken, boolean registered) {
    }

    /** A group's hosts, by name; empty hosts when the lock exists but no host ever took it. */
    public record Group(String name, List<GroupHost> hosts) {

        public Group {
            hosts = List.copyOf(hosts);
        }

        public List<String> names() {
            return hosts.stream().map(GroupHost::name).toList();
        }
    }

    /**
     * The hosts of group {@code name}; empty when there is no lock of that name.
     *
     * @throws dev.baton.lock.BadRequestException when {@code name} cannot be a lock name
     */
    public Optional<Group> find(String name) {
        Names.lockName(name);
        Optional<LockView> lock = locks.show(name);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Instant> holders = new HashMap<>();
        EventQuery page = new EventQuery(name, EnumSet.of(EventType.ACQUIRE), null, null, null, null, null, PAGE);
        locks.export(page, e -> {
            if (e.holder() != null && HOST_DOORS.contains(e.protocol())) {
                holders.merge(e.holder(), e.at(), JumpGroups::later);
            }
        });
        for (LockView.HolderView h : lock.get().holders()) {
            if (HOST_DOORS.contains(h.protocol())) {
                holders.merge(h.holder(), h.acquiredAt(), JumpGroups::later);
            }
        }
        for (LockView.WaiterView w : lock.get().waiters()) {
            holders.merge(w.holder(), w.since(), JumpGroups::later);
        }
        Map<String, GroupHost> hosts = new HashMap<>();
        holders.forEach((holder, at) -> {
            Optional<Host> known = registry.find(holder);
            GroupHost host = new GroupHost(known.map(Host::name).orElse(holder), holder, at, known.isPresent());
            hosts.merge(host.name(), host, (a, b) -> a.lastTaken().isAfter(b.lastTaken()) ? a : b);
        });
        return Optional.of(new Group(name, hosts.values().stream().sorted(Comparator.comparing(GroupHost::name))
                .toList()));
    }

    /** Why there are no hosts for an unknown group, and what to do. */
    public static String unknown(String group) {
        return "there is no group " + group + ": a group is a lock that hosts take (the group = of their agent's "
                + "configuration, FleetLock's group), and there is no lock named " + group
                + "; 'baton lock list' shows the locks";
    }

    /** Why a group that is a lock has no hosts, and what to do. */
    public static String empty(String group) {
        return "the group " + group + " has no hosts: no host took a slot of the lock " + group + " (in the history the "
                + "server keeps, --event-retention) and none holds or waits for one now; name the hosts instead, as "
                + "arguments or with --hosts-file";
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
