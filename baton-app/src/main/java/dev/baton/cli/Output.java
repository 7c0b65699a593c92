package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Tables for people, indented JSON for scripts. */
public final class Output {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /**
     * Whether this process talks to a terminal. Since JDK 22 {@code System.console()} answers even when the streams are
     * redirected, and {@code Console.isTerminal()} (JDK 22) tells; this code is compiled for JDK 21, so it asks by name.
     */
    public static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    public static void json(PrintWriter out, JsonNode node) {
        try {
            out.println(PRETTY.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            out.println(node);
        }
    }

    /**
     * What a listing command prints: the server's whole answer as JSON for scripts, else one table row per element
     * of {@code items}.
     */
    public static void listing(PrintWriter out, boolean json, JsonNode answer, JsonNode items, List<String> header,
                               Function<JsonNode, List<String>> row) {
        if (json) {
            json(out, answer);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        items.forEach(item -> rows.add(row.apply(item)));
        table(out, header, rows);
    }

    /** Prints rows as aligned columns under a header. */
    public static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i) == null ? 1 : row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "-" : row.get(i);
                line.append(i == row.size() - 1 ? cell : String.format("%-" + (widths[i] + 2) + "s", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** The texts of a JSON array joined by commas, {@code -} when there are none. */
    public static String joined(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts.isEmpty() ? "-" : String.join(",", texts);
    }

    /** A field's text, {@code -} when it is null or missing. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
