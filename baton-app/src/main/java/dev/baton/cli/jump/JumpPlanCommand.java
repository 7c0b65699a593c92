package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.jump.builtin.ProbedFacts;
import dev.baton.jump.plan.HostFacts;
import dev.baton.jump.plan.HostPlan;
import dev.baton.jump.plan.LocalShell;
import dev.baton.jump.plan.Plan;
import dev.baton.jump.plan.PlanText;
import dev.baton.jump.plan.PlannedStep;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.jump.ssh.SshSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jump plan RECIPE HOST...}: the dry run, per host, touching nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what a recipe would do on each host: every line with its variables replaced, the host's "
                + "name as _HOST and its log file as _LOGFILE. Nothing runs and no host is reached: what only the "
                + "host can tell (such as _JUMPPARTITION) shows as a placeholder naming the built-in and line that "
                + "sets it (unless --probe asks the hosts over SSH, only reading), and so does the output of key=`command` lines unless --run-local is given. A recipe with "
                + "problems has no plan: its problems are printed as 'check' prints them."},
        footer = {"", JumpRecipes.EXIT_CODES})
public final class JumpPlanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a host's name may be: it names its log file, so no separators and no leading dot. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file (UTF-8 text, jump2nr's format).")
    Path file;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "HOST",
            description = "A host to plan for: NAME, NAME=ADDRESS[:PORT] or [USER@]ADDRESS[:PORT]. Its name (the part "
                    + "before '=', else the address) is the recipe's _HOST.")
    List<String> hostArgs = new ArrayList<>();
    @Option(names = "--hosts-file", paramLabel = "FILE",
            description = "Read more hosts from FILE, one per line as for HOST; blank lines and lines starting with '#' "
                    + "are skipped.")
    Path hostsFile;
    @Option(names = "--run-local", description = "Run the commands of key=`command` lines here, in the recipe's "
            + "directory, to show their real output (each distinct command once). They must only read: local and "
            + "remote lines never run in a plan.")
    boolean runLocal;
    @Option(names = "--log-dir", paramLabel = "DIR", description = "The directory of the hosts' log files, "
            + "_LOGFILE being DIR/HOST.log (default: 'logs' beside the recipe).")
    Path logDirectory;
    @Option(names = "--json", description = "Print the plan as JSON: per host its name, log file and steps, each with "
            + "line, kind and text.")
    boolean json;
    @Option(names = "--probe", description = "Ask each host over SSH, only reading, what only it can tell (the "
            + "partition usepartition would take: _JUMPPARTITION, _JUMPDEV, _JUMPDEVICEID) instead of showing "
            + "placeholders. Give hosts as NAME=ADDRESS[:PORT] unless the name is the address; a host that cannot be "
            + "asked keeps placeholders saying why.")
    boolean probe;
    @Option(names = "--ssh-key", paramLabel = "FILE", description = "The private key --probe logs in with (OpenSSH "
            + "or PEM format, without passphrase). Default: ~/.ssh/id_ed25519, id_ecdsa or id_rsa, the first that "
            + "exists, unless --ssh-agent is given.")
    Path sshKey;
    @Option(names = "--ssh-agent", description = "Log in for --probe with the keys of the ssh-agent SSH_AUTH_SOCK names "
            + "(as ssh does). With --ssh-key too, the agent's keys are offered first, then the key file's; without it, "
            + "only the agent's.")
    boolean sshAgent;
    @Option(names = "--known-hosts", paramLabel = "FILE", description = "The known_hosts file the hosts' keys are "
            + "checked against for --probe; a host whose key is unknown or changed is not asked. Default: "
            + "~/.ssh/known_hosts.")
    Path knownHosts;

    @Override
    public Integer call() {
        List<String> hosts = hosts();
        Recipe recipe = JumpRecipes.read(file);
        if (!recipe.ok()) {
            JumpRecipes.printProblems(recipe, spec.commandLine().getErr());
            return ExitCodes.REFUSED;
        }
        Path logs = logDirectory == null ? InternalVariables.defaultLogDirectory(recipe) : logDirectory.toAbsolutePath();
        Plan plan = Plan.of(recipe, hosts, facts(recipe, logs), runLocal ? new LocalShell() : null, logs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, json(plan));
        } else {
            out.print(PlanText.render(plan));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * What the hosts can tell before the run: with {@code --probe}, what they answer over SSH (read-only); else
     * nothing, and every such variable is a placeholder.
     */
    HostFacts facts(Recipe recipe, Path logs) {
        if (!probe) {
            if (sshKey != null || knownHosts != null || sshAgent) {
                throw new CliException("--ssh-key, --ssh-agent and --known-hosts are for --probe: add --probe to ask "
                        + "the hosts");
            }
            return HostFacts.NONE;
        }
        List<HostAddress> addresses = new ArrayList<>();
        for (String arg : hostArguments()) {
            try {
                addresses.add(HostAddress.parse(arg));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        Path agent;
        try {
            agent = sshAgent ? SshSettings.agentSocket("--ssh-agent", "", System.getenv("SSH_AUTH_SOCK")) : null;
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        try (SshConnector ssh = new SshConnector(new SshSettings(sshKey, knownHosts, null, null, agent))) {
            return ProbedFacts.probe(ssh, recipe, addresses, logs);
        } catch (IOException e) {
            throw new CliException("cannot probe the hosts: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while probing the hosts");
        }
    }

    /** The host arguments as written, then the hosts file's lines. */
    private List<String> hostArguments() {
        List<String> all = new ArrayList<>(hostArgs);
        if (hostsFile != null) {
            try {
                Files.readAllLines(hostsFile).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(all::add);
            } catch (IOException e) {
                throw new CliException("cannot read the hosts file " + hostsFile + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        return all;
    }

    /** The hosts' names, from the arguments and the hosts file, each once, in order. */
    private List<String> hosts() {
        List<String> all = hostArguments();
        if (all.isEmpty()) {
            throw new CliException("name at least one host to plan for: HOST... or --hosts-file FILE");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String arg : all) {
            String name = hostName(arg);
            if (!names.add(name)) {
                throw new CliException("the host " + name + " is named twice: name each host once");
            }
        }
        return List.copyOf(names);
    }

    /** The recipe's {@code _HOST} for a host argument: the name before {@code =}, else the address without user and port. */
    static String hostName(String arg) {
        String name;
        try {
            name = HostAddress.parse(arg).name();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (!HOST_NAME.matcher(name).matches()) {
            throw new CliException("'" + arg + "' is not a host: write NAME, NAME=ADDRESS:PORT or USER@ADDRESS:PORT, "
                    + "the name being letters, digits, '.', '-' and '_'");
        }
        return name;
    }

    private static ObjectNode json(Plan plan) {
        ObjectNode root = JSON.createObjectNode().put("recipe", plan.recipe().file().toString())
                .put("directory", plan.recipe().directory().toString());
        var hosts = root.putArray("hosts");
        for (HostPlan h : plan.hosts()) {
            ObjectNode host = hosts.addObject().put("host", h.host()).put("logFile", h.logFile().toString());
            var steps = host.putArray("steps");
            for (PlannedStep s : h.steps()) {
                steps.addObject().put("line", s.line()).put("kind", s.kind()).put("text", s.text());
            }
        }
        return root;
    }
}
