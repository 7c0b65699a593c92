package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The help of every {@code baton} command, as an operator reads it in an 80-column terminal: no line is wider, and
 * no text breaks mid-sentence. picocli starts each element of a {@code description} or {@code footer} on a new
 * line and wraps it itself, so every element must be whole sentences; and the first element is the one-line summary
 * in the parent's command list.
 */
class CliHelpTest {

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(Main.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.removeFirst();
            all.add(c);
            todo.addAll(c.getSubcommands().values());
        }
        return all;
    }

    private static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    /** A text element ends a sentence (or introduces a list), or is an empty spacer line, or an indented example. */
    private static void assertWhole(String where, String[] elements) {
        for (String e : elements) {
            assertThat(e.isEmpty() || e.startsWith("  ") || e.strip().matches("(?s).*[.:!?]$")).as("%s: \"%s\" breaks off mid-sentence", where, e).isTrue();
        }
    }

    @Test
    void everyCommandsHelpFitsEightyColumnsAndBreaksOnlyBetweenSentences() {
        List<CommandLine> all = everyCommand();
        assertThat(all).extracting(CliHelpTest::name).contains("baton progress", "baton hosts show", "baton completion", "baton lock run");
        for (CommandLine c : all) {
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : usage.lines().toList()) {
                assertThat(line.length()).as("%s --help, line: %s", name(c), line).isLessThanOrEqualTo(80);
            }
            var messages = c.getCommandSpec().usageMessage();
            assertThat(messages.description()).as("%s has a description", name(c)).isNotEmpty();
            assertWhole(name(c) + " description", messages.description());
            assertWhole(name(c) + " footer", messages.footer());
            for (ArgSpec arg : c.getCommandSpec().args()) {
                String label = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
                assertThat(arg.description()).as("%s %s has a description", name(c), label).isNotEmpty();
                assertWhole(name(c) + " " + label, arg.description());
            }
        }
    }
}
