package dev.baton.jump.plan;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.Variables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run of a recipe: for each host, every line as it would run there, with its variables replaced. Nothing is
 * touched: no host is reached, no {@code local} or {@code remote} command runs. What only the host can tell comes
 * from {@link HostFacts} or shows as a placeholder {@code ‹_JUMPPARTITION: set by usepartition on line 35›}; the
 * commands of {@code key=`cmd`} lines run only when a {@link LocalCommands} is given (each distinct command once per
 * plan), else their variable is a placeholder naming the command.
 */
public record Plan(Recipe recipe, List<HostPlan> hosts) {
    /** Opens and closes a placeholder: characters no shell command or path of a recipe uses. */
    public static final String OPEN = "‹";
    public static final String CLOSE = "›";

    public Plan {
        hosts = List.copyOf(hosts);
    }

    /** The plan with placeholders for host facts and command outputs, logs in the default directory. */
    public static Plan of(Recipe recipe, List<String> hosts, HostFacts facts) {
        return of(recipe, hosts, facts, null, InternalVariables.defaultLogDirectory(recipe));
    }

    /**
     * The plan for {@code hosts}.
     *
     * @param local        runs {@code key=`cmd`} commands on this side; null: placeholders instead
     * @param logDirectory where the hosts' logs go ({@code _LOGFILE})
     * @throws IllegalArgumentException when the recipe has problems: a recipe that may not run has no plan
     */
    public static Plan of(Recipe recipe, List<String> hosts, HostFacts facts, LocalCommands local, Path logDirectory) {
        if (!recipe.ok()) {
            throw new IllegalArgumentException(recipe.file() + " has " + recipe.problems().size()
                    + " problem(s); check it first: " + recipe.problems().getFirst());
        }
        Map<String, String> outputs = new HashMap<>();
        List<HostPlan> plans = new ArrayList<>();
        for (String host : hosts) {
            Variables vars = InternalVariables.forHost(host, logDirectory);
            List<PlannedStep> steps = new ArrayList<>();
            for (Statement s : recipe.statements()) {
                switch (s) {
                    case Statement.Assign a -> {
                        vars = vars.with(a.name(), vars.expand(a.value()));
                        steps.add(new PlannedStep(a.line(), PlannedStep.SET, a.name() + "=" + vars.get(a.name()).orElseThrow()));
                    }
                    case Statement.AssignOutput a -> {
                        String command = vars.expand(a.command());
                        String value = local == null ? placeholder(a.name(), "output of `" + command + "`")
                                : outputs.computeIfAbsent(command, c -> output(a.name(), c, local, recipe.directory()));
                        vars = vars.with(a.name(), value);
                        steps.add(new PlannedStep(a.line(), PlannedStep.SET, a.name() + "=" + value
                                + (local == null || value.startsWith(OPEN) ? "" : "  # output of `" + command + "`")));
                    }
                    case Statement.Print p -> steps.add(new PlannedStep(p.line(), PlannedStep.PRINT, vars.expand(p.message())));
                    case Statement.Local l -> steps.add(new PlannedStep(l.line(), PlannedStep.LOCAL, vars.expand(l.command())
                            + "  # runs here, in the recipe's directory"));
                    case Statement.Remote r -> steps.add(new PlannedStep(r.line(), PlannedStep.REMOTE, vars.expand(r.command())
                            + (r.reboots() ? "  # " + BuiltinDescriptions.REBOOT_WAIT.formatted(
                            Builtins.DEFAULT_REBOOT_TIMEOUT.toMinutes() + "m") : "")));
                    case Statement.Builtin b -> {
                        List<String> args = b.args().stream().map(vars::expand).toList();
                        steps.add(new PlannedStep(b.line(), PlannedStep.JUMP, BuiltinDescriptions.describe(b.function(), args, vars, recipe)));
                        for (String name : Builtins.spec(b.function()).orElseThrow().setsVariables()) {
                            vars = vars.with(name, facts.value(host, name)
                                    .orElse(placeholder(name, "set by " + b.function() + " on line " + b.line())));
                        }
                    }
                }
            }
            plans.add(new HostPlan(host, InternalVariables.logFile(logDirectory, host), steps));
        }
        return new Plan(recipe, plans);
    }

    /** The steps for one host. */
    public List<PlannedStep> steps(String host) {
        return hosts.stream().filter(h -> h.host().equals(host)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + host + " in this plan")).steps();
    }

    /** {@code ‹NAME: why›}: a value the dry run cannot know. */
    public static String placeholder(String name, String why) {
        return OPEN + name + ": " + why + CLOSE;
    }

    private static String output(String name, String command, LocalCommands local, Path directory) {
        try {
            LocalCommands.Output out = local.run(command, directory);
            if (out.exitStatus() == 0) {
                return out.stdout();
            }
            return placeholder(name, "`" + command + "` failed with exit status " + out.exitStatus()
                    + (out.stderr().isEmpty() ? "" : ": " + out.stderr().lines().findFirst().orElse("")));
        } catch (IOException e) {
            return placeholder(name, "`" + command + "` could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return placeholder(name, "`" + command + "` was interrupted");
        }
    }
}
