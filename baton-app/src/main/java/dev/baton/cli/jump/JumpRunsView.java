package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How the jump run commands show runs and hosts. */
final class JumpRunsView {

    private JumpRunsView() {
    }

    /** "running: 3 running, 1 failed, 8 waiting": the run's state and its hosts by state (empty states left out). */
    static String line(JsonNode run) {
        List<String> counts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> states = run.path("hosts_by_state").fields();
        while (states.hasNext()) {
            Map.Entry<String, JsonNode> e = states.next();
            if (e.getValue().asInt() > 0) {
                counts.add(e.getValue().asInt() + " " + e.getKey());
            }
        }
        String message = run.path("message").asText("");
        return "jump run " + run.path("name").asText() + ": " + run.path("state").asText()
                + (counts.isEmpty() ? "" : ", " + String.join(", ", counts)) + (message.isEmpty() ? "" : " (" + message + ")");
    }

    /** The run's hosts as a table: name, state, line, message. */
    static void hosts(PrintWriter out, JsonNode run) {
        List<List<String>> rows = new ArrayList<>();
        run.path("hosts").forEach(h -> rows.add(List.of(h.path("name").asText(), h.path("state").asText(),
                h.path("line").asInt() == 0 ? "-" : h.path("line").asText(), Output.text(h.path("message")))));
        Output.table(out, List.of("HOST", "STATE", "LINE", "MESSAGE"), rows);
    }

    /** Whether every host of the run is done. */
    static boolean allDone(JsonNode run) {
        for (JsonNode h : run.path("hosts")) {
            if (!"done".equals(h.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the run waits for an operator: nothing runs and a host is failed or interrupted, or the run stopped for
     * hosts refused by their pre-checks (they count toward --max-failures).
     */
    static boolean waitsForOperator(JsonNode run) {
        JsonNode by = run.path("hosts_by_state");
        boolean stopped = "stopped".equals(run.path("state").asText());
        return by.path("running").asInt() == 0 && by.path("rebooting").asInt() == 0
                && (by.path("failed").asInt() > 0 || by.path("interrupted").asInt() > 0
                        || stopped && by.path("refused").asInt() > 0)
                && (stopped || by.path("waiting").asInt() == 0);
    }
}
