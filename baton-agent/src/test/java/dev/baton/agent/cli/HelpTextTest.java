package dev.baton.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.host.AgentContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of every command reads as sentences: on a terminal as wide as the longest sentence no sentence is broken
 * (the width follows the terminal), and at the default 80 columns no option's synopsis is cut in two.
 */
class HelpTextTest {

    private static final List<List<String>> COMMANDS = List.of(List.of(), List.of("run"), List.of("plan"), List.of("status"),
            List.of("check-config"), List.of("refresh-config"));

    private static AgentContext context(ByteArrayOutputStream out) {
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new AgentContext(Clock.systemUTC(), Map.of(), p, p, d -> { }, new Random());
    }

    private static CommandLine.Model.CommandSpec spec(CommandLine cl, List<String> path) {
        CommandLine c = cl;
        for (String name : path) {
            c = c.getSubcommands().get(name);
        }
        return c.getCommandSpec();
    }

    @Test
    void theHelpFollowsTheTerminalsWidth() {
        CommandLine cl = AgentCommand.commandLine(context(new ByteArrayOutputStream()));
        for (List<String> path : COMMANDS) {
            assertThat(spec(cl, path).usageMessage().autoWidth()).as("baton-agent %s", path).isTrue();
        }
    }

    @Test
    void onAWideTerminalNoSentenceIsBroken() {
        CommandLine cl = AgentCommand.commandLine(context(new ByteArrayOutputStream()));
        cl.setUsageHelpWidth(320);
        for (List<String> path : COMMANDS) {
            CommandLine.Model.CommandSpec spec = spec(cl, path);
            String usage = spec.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> paragraphs = new ArrayList<>(List.of(spec.usageMessage().description()));
            spec.options().forEach(o -> paragraphs.addAll(List.of(o.description())));
            for (String paragraph : paragraphs) {
                for (String sentence : paragraph.split("(?<=\\.) ")) {
                    String text = sentence.split("\\$\\{")[0].strip(); // up to a ${DEFAULT-VALUE}
                    assertThat(usage.lines()).as("baton-agent %s: \"%s\" on one line", path, text).anyMatch(l -> l.contains(text));
                }
            }
        }
    }

    @Test
    void atEightyColumnsNoOptionIsCutInTwo() {
        for (List<String> path : COMMANDS) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(AgentCommand.execute(context(out), args.toArray(String[]::new))).isZero();
            String help = out.toString(StandardCharsets.UTF_8);
            List<String> synopsis = new ArrayList<>();
            for (String line : help.lines().toList()) {
                if (!synopsis.isEmpty() && !line.startsWith(" ")) {
                    break;
                }
                if (line.startsWith("Usage:") || !synopsis.isEmpty()) {
                    synopsis.add(line);
                }
            }
            assertThat(synopsis).as("baton-agent %s", path).isNotEmpty().allSatisfy(line ->
                    assertThat(line.chars().filter(ch -> ch == '[').count()).as("brackets of \"%s\"", line)
                            .isEqualTo(line.chars().filter(ch -> ch == ']').count()));
            assertThat(help.lines()).as("baton-agent %s", path).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        }
    }
}
