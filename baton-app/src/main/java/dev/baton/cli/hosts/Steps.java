package dev.baton.cli.hosts;

import com.fasterxml.jackson.databind.JsonNode;

/** How an agent's reported step reads in a table: {@code update ok 10-upgrade at 2026-11-22T02:00:00Z}. */
final class Steps {

    private Steps() {
    }

    static String summary(JsonNode report) {
        if (report == null || report.isNull() || report.isMissingNode()) {
            return "-";
        }
        String script = report.path("script").isTextual() ? " " + report.path("script").asText() : "";
        String exit = report.path("exit_code").isNumber() ? " (exit " + report.path("exit_code").asInt() + ")" : "";
        return report.path("phase").asText() + " " + report.path("status").asText() + script + exit + " at " + report.path("at").asText();
    }
}
