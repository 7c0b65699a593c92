package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import dev.baton.client.JumpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jump run RECIPE HOST...}: runs a recipe across hosts on the server, a few at a time, and follows it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a recipe on hosts through the server: at most --slots hosts mid-jump at once (they hold slots "
                + "of the lock jump-RUN, in the order given), every line recorded before it runs, resumable after a "
                + "restart. The recipe's text is sent; its directory must be the same path on the server's machine, "
                + "because local lines run there. Then follows the run: a line per host change. Exits 0 when every host "
                + "is done, 1 when the run ended otherwise or waits for an operator (retry, skip or abort it; see "
                + "'baton jump show')."},
        footer = {"", ExitCodes.HELP})
public final class JumpRunCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file (jump2nr's configuration language).")
    Path recipe;
    @Parameters(index = "1..*", paramLabel = "HOST", arity = "0..*",
            description = "A host: name, name=host:port or name=user@host:port (the user defaults to root, the port to 22).")
    List<String> hosts = new ArrayList<>();
    @Option(names = "--hosts-file", paramLabel = "FILE",
            description = "A file of hosts, one per line in the same forms; blank lines and lines starting with # are ignored.")
    Path hostsFile;
    @Option(names = "--group", paramLabel = "GROUP",
            description = "Instead of hosts: every host that took a slot of the lock GROUP (the group = of its agent's "
                    + "configuration, FleetLock's group), as the server's lock history, holders and waiters tell, by "
                    + "registered name; the hosts it resolved are printed. An unknown group, or one no host ever took, "
                    + "is refused.")
    String group;
    @Option(names = "--slots", paramLabel = "N", defaultValue = "1",
            description = "At most this many hosts mid-jump at once (default: ${DEFAULT-VALUE}).")
    int slots;
    @Option(names = "--max-failures", paramLabel = "K", defaultValue = "1",
            description = "Start no more hosts while this many are failed or refused by their pre-checks; 0 never stops "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFailures;
    @Option(names = "--name", paramLabel = "NAME",
            description = "The run's name (default: the recipe's file name and the time, such as nextrel-20300101-120000).")
    String name;
    @Option(names = "--directory", paramLabel = "DIR",
            description = "The recipe's directory on the server's machine, where its local lines run (default: the "
                    + "recipe's own directory).")
    Path directory;
    @Option(names = "--no-follow", description = "Start the run and exit at once instead of following it.")
    boolean noFollow;
    @Option(names = "--poll", paramLabel = "MS", defaultValue = "1000", hidden = true,
            description = "How often to ask the server while following, in milliseconds (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        String text;
        try {
            text = Files.readString(recipe, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read the recipe " + recipe + ": " + e.getMessage(), ExitCodes.USAGE);
        }
        List<String> all = new ArrayList<>(hosts);
        if (hostsFile != null) {
            try {
                Files.readAllLines(hostsFile, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(all::add);
            } catch (IOException e) {
                throw new CliException("cannot read the hosts file " + hostsFile + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        if (group != null && !all.isEmpty()) {
            throw new CliException("give hosts (arguments or --hosts-file) or --group, not both", ExitCodes.USAGE);
        }
        if (group == null && all.isEmpty()) {
            throw new CliException("name at least one host, as arguments or with --hosts-file, or a --group",
                    ExitCodes.USAGE);
        }
        Path dir = (directory != null ? directory : recipe.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        JumpClient jump = new JumpClient(connection.client());
        JsonNode run = jump.start(new JumpClient.Start(name, recipe.toString(), text, dir.toString(), all, group, slots,
                maxFailures));
        PrintWriter out = spec.commandLine().getOut();
        String runName = run.path("name").asText();
        int count = run.path("hosts").size();
        if (group != null && !connection.json()) {
            out.println(resolved(group, run.path("hosts")));
        }
        if (noFollow) {
            if (connection.json()) {
                Output.json(out, run);
            } else {
                out.println("started jump run " + runName + " on " + count + " host" + (count == 1 ? "" : "s")
                        + ", " + slots + " at a time; follow it with 'baton jump show " + runName + "'");
            }
            return ExitCodes.OK;
        }
        return follow(jump, runName, out);
    }

    /** "group web: 3 hosts: web1, web2, web3": the hosts the server resolved, in the order they take slots. */
    static String resolved(String group, JsonNode hosts) {
        List<String> names = new ArrayList<>();
        hosts.forEach(h -> names.add(h.path("name").asText()));
        return "group " + group + ": " + names.size() + " host" + (names.size() == 1 ? "" : "s") + ": "
                + String.join(", ", names);
    }

    /** Prints each host change until the run ends or waits for an operator. */
    private int follow(JumpClient jump, String runName, PrintWriter out) throws InterruptedException {
        Map<String, String> seen = new HashMap<>();
        if (!connection.json()) {
            out.println("jump run " + runName + " started");
        }
        while (true) {
            JsonNode run = jump.run(runName);
            if (!connection.json()) {
                for (JsonNode h : run.path("hosts")) {
                    String now = h.path("state").asText() + " " + h.path("line").asInt() + " " + h.path("message").asText();
                    if (!now.equals(seen.put(h.path("name").asText(), now)) && !"waiting".equals(h.path("state").asText())) {
                        out.println(h.path("name").asText() + ": " + h.path("state").asText()
                                + (h.path("line").asInt() > 0 ? " at line " + h.path("line").asInt() : "")
                                + (h.path("message").asText("").isEmpty() ? "" : " (" + h.path("message").asText() + ")"));
                    }
                }
                out.flush();
            }
            String state = run.path("state").asText();
            boolean ended = !"running".equals(state) && !"stopped".equals(state);
            if (ended || JumpRunsView.waitsForOperator(run)) {
                if (connection.json()) {
                    Output.json(out, run);
                } else {
                    out.println(JumpRunsView.line(run));
                    if (!ended) {
                        out.println("it waits for an operator: 'baton jump retry|skip " + runName + " HOST' or "
                                + "'baton jump abort " + runName + "'");
                    }
                }
                return ended && JumpRunsView.allDone(run) ? ExitCodes.OK : ExitCodes.REFUSED;
            }
            Thread.sleep(pollMillis);
        }
    }
}
