package dev.baton.jump.builtin;

import dev.baton.jump.plan.HostFacts;
import dev.baton.jump.plan.Plan;
import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.UndefinedVariableException;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the hosts tell when asked before a run ({@code baton jump plan --probe}): for the recipe's {@code usepartition},
 * the partition it would take on each host ({@code _JUMPPARTITION}, {@code _JUMPDEV}, {@code _JUMPDEVICEID},
 * {@code _MOUNTDIR}). Probing only reads ({@code cat /proc/swaps}, the device's size); a host that cannot be reached or
 * has no such partition gets placeholders saying why.
 */
public final class ProbedFacts implements HostFacts {

    private final Map<String, Map<String, String>> values;

    private ProbedFacts(Map<String, Map<String, String>> values) {
        this.values = values;
    }

    /**
     * Asks every host, one after the other.
     *
     * @param logDirectory the hosts' log directory ({@code _LOGFILE}), as the plan uses it
     */
    public static ProbedFacts probe(SshConnector ssh, Recipe recipe, List<HostAddress> hosts, Path logDirectory)
            throws InterruptedException {
        Map<String, Map<String, String>> values = new HashMap<>();
        Optional<Statement.Builtin> use = recipe.statements().stream()
                .filter(s -> s instanceof Statement.Builtin b && b.function().equals(Builtins.USEPARTITION))
                .map(Statement.Builtin.class::cast).findFirst();
        for (HostAddress host : hosts) {
            if (use.isPresent()) {
                values.put(host.name(), probe(ssh, recipe, use.get(), host, logDirectory));
            }
        }
        return new ProbedFacts(values);
    }

    private static Map<String, String> probe(SshConnector ssh, Recipe recipe, Statement.Builtin use, HostAddress host,
            Path logDirectory) throws InterruptedException {
        Variables vars = KnownVariables.before(recipe, use.line(),
                InternalVariables.forHost(host.name(), logDirectory));
        Map<String, String> facts = new HashMap<>();
        String which;
        try {
            which = vars.expand(use.args().getFirst());
            facts.put(InternalVariables.MOUNTDIR, vars.expand(use.args().get(1)));
        } catch (UndefinedVariableException e) {
            return unknown("the partition depends on %" + e.getMessage() + "%, known only when the recipe runs");
        }
        try (HostSession session = ssh.connect(host, Optional.empty())) {
            JumpPartition p = PartitionFinder.find(session, which);
            facts.put(InternalVariables.JUMPPARTITION, p.device());
            facts.put(InternalVariables.JUMPDEV, p.disk());
            facts.put(InternalVariables.JUMPDEVICEID, p.grubId());
            return facts;
        } catch (IOException e) {
            return unknown("probing " + host.name() + " failed: " + e.getMessage());
        }
    }

    private static Map<String, String> unknown(String why) {
        Map<String, String> facts = new HashMap<>();
        for (String name : List.of(InternalVariables.JUMPPARTITION, InternalVariables.JUMPDEV,
                InternalVariables.JUMPDEVICEID)) {
            facts.put(name, Plan.placeholder(name, why));
        }
        return facts;
    }

    @Override
    public Optional<String> value(String host, String variable) {
        return Optional.ofNullable(values.getOrDefault(host, Map.of()).get(variable));
    }
}
